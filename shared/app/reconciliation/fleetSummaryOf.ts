import type { Catalog } from '../catalog/loadCatalog.js';
import type { FleetSummary, RowKeys } from '../targets/FleetSummaryTable.js';
import { isInKeyOrder, TargetTable } from '../targets/TargetTable.js';
import { targetRowReport } from '../targets/targetRowReport.js';
import { groupProblemsByTarget, isUnusableRow, targetNameOf } from './unusableTargets.js';

/**
 * What the tick writes to the fleet summary (`FleetSummaryTable`): the targets the unpaged list
 * shows after this tick (every State row, before and after it, every usable row, every row that
 * cannot be used), the Targets rows' report and the rows out of key order, all from the catalog the
 * tick read (docs/architecture.md, The fleet a page at a time).
 */
export function fleetSummaryOf(
  catalog: Catalog,
  stateNames: Iterable<string>,
  asOf: number,
): Omit<FleetSummary, 'unlisted'> {
  const names = new Set(stateNames);
  const usable = new Set<string>();
  for (const { target } of catalog.targets) {
    names.add(target.name);
    usable.add(target.name.toLowerCase());
  }
  // As the list names a row that cannot be used (TargetService): after its first problem.
  for (const [name, problems] of groupProblemsByTarget(catalog.problems))
    if (!usable.has(name) && isUnusableRow(problems) && problems[0]) names.add(targetNameOf(problems[0]));
  return { asOf, total: names.size, ...targetRowReport(catalog), outOfOrderRows: outOfOrderRows(catalog) };
}

/** Every Targets row, usable or not, that a page's key range cannot find. */
function outOfOrderRows(catalog: Catalog): RowKeys[] {
  const rows = new Map<string, RowKeys>();
  const add = (row: RowKeys) => {
    if (!isInKeyOrder(row))
      rows.set(`${row.partitionKey}\u0000${row.rowKey}`, {
        partitionKey: row.partitionKey,
        rowKey: row.rowKey,
      });
  };
  for (const { target } of catalog.targets) if (target.row) add(target.row);
  for (const problem of [...catalog.problems, ...catalog.warnings])
    if (problem.table === TargetTable.tableName) add(problem);
  return [...rows.values()];
}
