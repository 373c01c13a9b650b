import { formatSpecProblem, type SpecProblem } from './SpecProblem.js';

/** A schedule that cannot be used as written; `problems` lists every mistake found, not just the first. */
export class ScheduleSpecError extends Error {
  override readonly name = 'ScheduleSpecError';
  readonly problems: readonly SpecProblem[];

  constructor(problems: readonly SpecProblem[], options?: { cause?: unknown }) {
    super(problems.map(formatSpecProblem).join('\n'), options);
    this.problems = problems;
  }
}
