import type { Decision } from './Decision.js';
import type { DecisionMemory } from './DecisionMemory.js';
import type { DecisionRule } from './DecisionRule.js';
import { outsideAllowedScopes } from './outsideAllowedScopes.js';
import { protectionOf, type ProtectedTag } from './protectionOf.js';
import type { ResourceId } from './ResourceId.js';

/** The limits no row, tag, override or request can lift (docs/security.md). */
export interface GuardPolicy {
  allowedScopes: readonly string[];
  protectedTags: readonly ProtectedTag[];
}

export interface GuardFacts {
  resource: ResourceId;
  /** The resource's tags as observed; undefined when it was not observed. */
  tags: Readonly<Record<string, string>> | undefined;
  /** For a node pool, its cluster's tags: a protected cluster protects its pools. */
  clusterTags?: Readonly<Record<string, string>> | undefined;
  /** What the engine remembered before this decision. */
  memory?: DecisionMemory;
}

/** The tags that decide whether a resource is protected: its own, then its cluster's. */
export function tagsToCheck(
  facts: GuardFacts,
): { of: string; tags: Readonly<Record<string, string>> | undefined }[] {
  return [
    { of: facts.resource.id, tags: facts.tags },
    ...(facts.resource.kind === 'nodepool'
      ? [{ of: `its cluster ${facts.resource.clusterName ?? ''}`, tags: facts.clusterTags }]
      : []),
  ];
}

/**
 * The decision as the guard lets it through: nothing at all outside the allowed scopes, and no stop of
 * a protected resource, whatever the schedule, an override or a request says. A refusal keeps the
 * desired state (so the API shows what was asked) and says why.
 */
export function guardDecision(decision: Decision, facts: GuardFacts, policy: GuardPolicy): Decision {
  if (decision.action === 'none') return decision;
  const outside = outsideAllowedScopes(facts.resource, policy.allowedScopes);
  if (outside) return refuse(decision, facts, ['refused-outside-scopes', `refused: ${outside}`]);
  if (decision.action !== 'stop') return decision;
  const protection = protectionOf(tagsToCheck(facts), policy.protectedTags);
  return protection
    ? refuse(decision, facts, ['refused-protected', `refused to stop: ${protection}`])
    : decision;
}

/**
 * Nothing is begun, so nothing is pending, and the change is not remembered as made: the engine asks
 * again at every tick (and is refused again, with the same reason, while the guard holds).
 */
function refuse(
  decision: Decision,
  facts: GuardFacts,
  [rule, reason]: readonly [DecisionRule, string],
): Decision {
  const { pendingOperation: _notBegun, lastDesired: _notActedOn, ...memory } = decision.memory;
  const lastDesired = facts.memory?.lastDesired;
  return {
    ...decision,
    action: 'none',
    refused: true,
    rule,
    reason,
    memory: lastDesired ? { ...memory, lastDesired } : memory,
  };
}
