import type { DecisionMemory } from './DecisionMemory.js';
import type { DecisionRule } from './DecisionRule.js';
import type { Override } from './Override.js';
import type { PlannedStart } from './PlannedStart.js';
import type { DesiredState } from './PowerState.js';
import type { MaintenanceWake } from './maintenance/maintenanceWake.js';

export type Action = 'start' | 'stop' | 'none';

/** The engine's answer for one target at one instant. */
export interface Decision {
  action: Action;
  /** Which rule answered (docs/decisions.md): stable, for code and tests. */
  rule: DecisionRule;
  /** Why, in words a person reads in the log, the audit trail and the API. */
  reason: string;
  desired: DesiredState;
  /** Next instant at which the desired state changes (schedule or override), if any within two years. */
  nextTransition: number | undefined;
  /** Set when the engine would act but must not; `reason` says why. */
  refused: boolean;
  /** The override that decided `desired`, if any. */
  activeOverride: Override | undefined;
  /** Set when the target is wanted running only because its next scheduled start is begun ahead. */
  plannedStart?: PlannedStart;
  /** Set when the target is wanted running only for AKS maintenance (the `wake` policy). */
  maintenanceWake?: MaintenanceWake;
  /** What to remember for the next tick. */
  memory: DecisionMemory;
}
