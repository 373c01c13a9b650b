import type { RowProblem } from './RowProblem.js';

/** Rows that can be used, and a problem for each one that cannot: a bad row never hides the good ones. */
export interface LoadResult<T> {
  records: T[];
  problems: RowProblem[];
  /** Things worth knowing about rows that are used all the same (an unknown column). */
  warnings?: RowProblem[];
}
