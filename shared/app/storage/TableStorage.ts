import type { RowTable } from './RowTable.js';
import { AuditTrail } from '../audit/AuditTrail.js';
import { MaintenanceTable } from '../maintenance/MaintenanceTable.js';
import { NoticeTable } from '../notifications/NoticeTable.js';
import { OperationTable } from '../operations/OperationTable.js';
import { OverrideTable } from '../overrides/OverrideTable.js';
import { ScheduleTable } from '../schedules/ScheduleTable.js';
import { FleetSummaryTable } from '../targets/FleetSummaryTable.js';
import { StateTable } from '../targets/StateTable.js';
import { TargetTable } from '../targets/TargetTable.js';

/** The tables of docs/architecture.md (Tables), each behind its repository. */
export interface TableStorage {
  schedules: ScheduleTable;
  targets: TargetTable;
  overrides: OverrideTable;
  state: StateTable;
  /** The last tick's count of the fleet, in the State table (docs/architecture.md, The fleet a page at a time). */
  fleetSummary: FleetSummaryTable;
  operations: OperationTable;
  audit: AuditTrail;
  /** Claims of stop notices and used link tokens (docs/notifications.md). */
  notices: NoticeTable;
  /** What was last read of each cluster's planned maintenance (docs/maintenance.md). */
  maintenance: MaintenanceTable;
}

export const TABLE_NAMES = [
  ScheduleTable.tableName,
  TargetTable.tableName,
  OverrideTable.tableName,
  StateTable.tableName,
  OperationTable.tableName,
  AuditTrail.tableName,
  NoticeTable.tableName,
  MaintenanceTable.tableName,
] as const;

/** The repositories on any set of row tables (Azure or in memory). */
export function tableStorageOn(table: (name: string) => RowTable): TableStorage {
  const state = new StateTable(table(StateTable.tableName));
  return {
    schedules: new ScheduleTable(table(ScheduleTable.tableName)),
    targets: new TargetTable(table(TargetTable.tableName)),
    overrides: new OverrideTable(table(OverrideTable.tableName)),
    state,
    fleetSummary: new FleetSummaryTable(state.rows),
    operations: new OperationTable(table(OperationTable.tableName)),
    audit: new AuditTrail(table(AuditTrail.tableName)),
    notices: new NoticeTable(table(NoticeTable.tableName)),
    maintenance: new MaintenanceTable(table(MaintenanceTable.tableName)),
  };
}
