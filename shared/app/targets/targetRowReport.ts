import type { Catalog } from '../catalog/loadCatalog.js';
import { groupBy } from '../../domain/groupBy.js';
import { formatRowProblem, type RowProblem } from '../storage/RowProblem.js';
import { nameOfRowKey } from '../storage/rowName.js';
import { TargetTable } from './TargetTable.js';

/** A Targets row as the API lists it when it cannot be used, or has something worth knowing. */
export interface TargetRowView {
  /** The name the row stands for (its RowKey as typed). */
  name: string;
  partitionKey: string;
  rowKey: string;
  problems: string[];
}

/** The rows that cannot be used and the rows' warnings, as `GET /api/targets` lists them. */
export interface TargetRowReport {
  unusableRows: TargetRowView[];
  rowWarnings: TargetRowView[];
}

/**
 * Every Targets row that cannot be used, with its problems, and the warnings about rows that can:
 * listed by `GET /api/targets` beside the targets, so that a row typed wrong is seen where people
 * look. Made from the catalog the list reads, so the page reads it once.
 */
export function targetRowReport(catalog: Catalog): TargetRowReport {
  const ofTargets = (problems: readonly RowProblem[]) =>
    [
      ...groupBy(
        problems.filter((problem) => problem.table === TargetTable.tableName),
        (problem) => `${problem.partitionKey}\u0000${problem.rowKey}`,
      ).values(),
    ]
      .map((group) => ({
        name: nameOfRowKey(group[0]?.rowKey ?? ''),
        partitionKey: group[0]?.partitionKey ?? '',
        rowKey: group[0]?.rowKey ?? '',
        problems: group.map(formatRowProblem),
      }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.partitionKey.localeCompare(b.partitionKey));
  return { unusableRows: ofTargets(catalog.problems), rowWarnings: ofTargets(catalog.warnings) };
}
