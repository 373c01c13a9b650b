import type { TargetState } from './tables/StateTable.js';

/**
 * What only the whole fleet shows: the target's resource registered by another row too, its name
 * used by another row, or its resource overlapping another target's (TargetTable.load,
 * holdOverlappingTargets). Each whole tick records them in the target's State row.
 */
const PROBLEMS_WITH_OTHER_ROWS = [
  /the same resource is also registered by /,
  /is also used by /,
  /overlapping targets: /,
];

/**
 * The problems the last whole tick found between this target and other rows, which hold it (never
 * acted on): one target's action reads only its own rows, so it takes them from its State row
 * (docs/architecture.md, One target's action). Empty when nothing holds it.
 */
export function heldByOtherRows(state: TargetState | undefined): string[] {
  return (state?.problems ?? []).filter((problem) =>
    PROBLEMS_WITH_OTHER_ROWS.some((pattern) => pattern.test(problem)),
  );
}
