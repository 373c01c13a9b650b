import type { DesiredState } from './PowerState.js';

export type OverrideKind = 'keep-running' | 'keep-stopped' | 'skip-next-stop' | 'skip-next-start';

export const OVERRIDE_KINDS: readonly OverrideKind[] = [
  'keep-running',
  'keep-stopped',
  'skip-next-stop',
  'skip-next-start',
];

/**
 * A person's exception to the schedule, already resolved to a window [from, until): the desired
 * state is `effect` inside it and the schedule's outside it. Overrides expire by themselves.
 */
export interface Override {
  kind: OverrideKind;
  effect: DesiredState;
  /** When it takes effect; equal to `createdAt` except for skips, which wait for the transition they skip. */
  from: number;
  until: number;
  createdAt: number;
  createdBy?: string;
  reason?: string;
}

export function isOverrideActive(override: Override, instant: number): boolean {
  return instant >= override.from && instant < override.until;
}
