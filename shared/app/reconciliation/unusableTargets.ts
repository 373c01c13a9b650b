import { formatRowProblem, type RowProblem } from '../storage/RowProblem.js';
import { nameOfRowKey } from '../storage/rowName.js';
import { decodeTableKey } from '../storage/tableKey.js';
import type { TargetState } from '../targets/StateTable.js';

/**
 * Targets whose rows cannot be used: what the tick writes for them (Reconciler) and what the API
 * shows before that tick (TargetService), from one place so the two never differ (docs/storage.md).
 */

/** Problems by the (lower-case) name of the target they concern. */
export function groupProblemsByTarget(problems: readonly RowProblem[]): Map<string, RowProblem[]> {
  const byTarget = new Map<string, RowProblem[]>();
  for (const problem of problems) {
    if (problem.table !== 'Targets' && problem.table !== 'Overrides' && problem.table !== 'Tags') continue;
    const name = targetNameOf(problem).toLowerCase();
    const problemsOfTarget = byTarget.get(name);
    if (problemsOfTarget) problemsOfTarget.push(problem);
    else byTarget.set(name, [problem]);
  }
  return byTarget;
}

/** The target a problem concerns: Targets keys are typed by people, Overrides keys written by the app. */
export function targetNameOf(problem: RowProblem): string {
  if (problem.table === 'Tags') return problem.rowKey;
  return problem.table === 'Targets' ? nameOfRowKey(problem.rowKey) : decodeTableKey(problem.rowKey);
}

/** Whether these problems (one target's) make its row unusable: they begin with its Targets or Tags row's. */
export function isUnusableRow(problems: readonly RowProblem[]): boolean {
  const first = problems[0];
  return first !== undefined && (first.table === 'Targets' || first.table === 'Tags');
}

/**
 * The State row of a target whose row has problems: not acted on, its problems shown next to
 * everything else; what it remembers (start durations, memory) and its last resource kept.
 */
export function unusableTargetState(
  targetName: string,
  problems: readonly RowProblem[],
  before: TargetState | undefined,
  now: number,
): TargetState {
  return {
    targetName,
    resourceId: before?.resourceId ?? '',
    memory: before?.memory ?? {},
    ...(before?.startHistory ? { startHistory: before.startHistory } : {}),
    ...(before?.nodesSeen ? { nodesSeen: before.nodesSeen } : {}),
    problems: problems.map(formatRowProblem),
    lastReason: 'not acted on: its row has problems',
    updatedAt: now,
  };
}
