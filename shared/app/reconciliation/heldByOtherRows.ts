import type { TargetState } from '../targets/StateTable.js';

/** Its resource or its name registered by another row too (TargetTable.load): not in the catalog. */
const REGISTERED_TWICE = [/the same resource is also registered by /, /is also used by /];
/** Its resource containing or contained in another target's (holdOverlappingTargets). */
const OVERLAPPING = /overlapping targets: /;

/**
 * The problems the last whole tick found between this target and other rows, which hold it (never
 * acted on): one target's action reads only its own rows, so it takes them from its State row, where
 * each whole tick records them (docs/architecture.md, One target's action). Empty when none holds it.
 */
export function heldByOtherRows(state: TargetState | undefined): string[] {
  return (state?.problems ?? []).filter(
    (problem) => OVERLAPPING.test(problem) || REGISTERED_TWICE.some((pattern) => pattern.test(problem)),
  );
}

/** Whether the last whole tick found its row clashing with another (then not a usable registration). */
export function registeredTwice(state: TargetState | undefined): boolean {
  return (state?.problems ?? []).some((problem) => REGISTERED_TWICE.some((pattern) => pattern.test(problem)));
}
