/**
 * The rule that answered a decision, as a stable code beside its words (docs/decisions.md, "The rules,
 * in order"): logs, the audit trail, the API and tests read the code; the reason is for people and its
 * words may change. Grouped by the numbered rule each belongs to.
 */
export const DECISION_RULES = {
  // 1. Only registered targets; held targets are not decided.
  'not-registered': 'the target is not registered; the app only touches registered targets',
  held: "the target's rows have a problem, or it is disabled: not decided, not acted on",
  // 2. An operation in flight.
  'operation-in-flight': 'an operation the app began is not finished; nothing else is begun',
  'operation-failed': 'the change the app began ended in a failed state; nothing is sent to a failed target',
  'change-not-begun': 'Azure did not take the change (or the app held it back); it is tried again later',
  // 3. A changing, unreadable or failed target.
  'target-changing': 'the target is starting or stopping; looked at again next tick',
  'aks-operation-running':
    'AKS is running an operation on the target or its cluster; nothing is sent over it',
  'state-unknown': 'the power state could not be read; looked at again next tick',
  'target-failed': 'the target is in a failed state in Azure; not acted on until it recovers',
  // 4-7. The desired state, a person's request, the edge rule, Enforce.
  'already-desired': 'the target is already in the desired state',
  'person-asked': "a person's request (start, stop, keep running, keep stopped) not yet honoured",
  'desired-changed': 'the desired state changed (a schedule transition, an override beginning or ending)',
  enforced: 'Enforce is on and the target differs from the desired state',
  'left-as-set': 'the desired state is as at the last tick, so a state someone set is left (Enforce off)',
  // 8. A new target.
  'new-target-left': 'a new target while the schedule is up: left as it is',
  'new-target-grace': 'a new target that should be down: stopped after the grace period',
  // 9. What Azure would refuse.
  'refused-system-pool': 'AKS does not stop a System node pool on its own',
  'refused-node-auto-provisioning': 'AKS cannot stop node pools of a cluster with node auto-provisioning',
  'refused-aks-managed-scale-set': 'the scale set belongs to an AKS node pool',
  // 10. AKS maintenance.
  'stop-owed-to-aks': 'a stop is due while AKS runs an operation: sent once that ends',
  'start-cooldown': "a cluster's start waits for the cooldown after its stop",
  // The guard (docs/security.md).
  'refused-outside-scopes': 'the target lies outside OFFHOURS_ALLOWED_SCOPES',
  'refused-protected': 'a stop of a protected resource (OFFHOURS_PROTECTED_TAGS)',
} as const;

export type DecisionRule = keyof typeof DECISION_RULES;
