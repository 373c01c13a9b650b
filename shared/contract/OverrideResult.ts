import { z } from 'zod';
import type { Action } from '../domain/Decision.js';
import { DECISION_RULES, type DecisionRule } from '../domain/DecisionRule.js';
import { named } from './CONTRACT.js';
import { enumOf, instant } from './fields.js';
import { DesiredStateEnum, ObservedStateEnum, Target } from './Target.js';

/**
 * The decision taken for the target at once, as the API shows it: the fields of the tick's decision
 * a client needs (the log's line, DecisionLine, is the app's own and may change).
 */
export const Decision = named(
  'Decision',
  z.strictObject({
    action: enumOf<Action>()(['start', 'stop', 'none']),
    rule: z
      .enum(Object.keys(DECISION_RULES) as [DecisionRule, ...DecisionRule[]])
      .describe('the rule that answered (docs/decisions.md): stable, for branching on'),
    reason: z.string(),
    desired: DesiredStateEnum.optional(),
    observed: ObservedStateEnum,
    refused: z.boolean(),
    nextTransition: instant.optional(),
  }),
);
export type Decision = z.infer<typeof Decision>;

/** The answer of an override, start now, stop now, or removing an override. */
export const OverrideResult = named(
  'OverrideResult',
  z.strictObject({
    target: Target,
    decision: Decision.optional().describe(
      'absent when the target could not be decided for (held by its problems, or not found this time)',
    ),
    outcome: z
      .strictObject({ enqueued: z.boolean(), message: z.string() })
      .describe('whether a change was enqueued, and if not why (docs/decisions.md)'),
    summary: z
      .string()
      .optional()
      .describe('what the override does; for a skip, which transition is skipped and until when'),
    words: z
      .string()
      .optional()
      .describe(
        'what the action does in people’s words, as its preview said it (`ActionPreview.words` without the change made now)',
      ),
    replaced: z
      .strictObject({
        kind: z.string(),
        from: instant,
        until: instant,
        createdBy: z.string().optional(),
        reason: z.string().optional(),
      })
      .optional()
      .describe('the override this one replaced, if any'),
  }),
);
export type OverrideResult = z.infer<typeof OverrideResult>;
