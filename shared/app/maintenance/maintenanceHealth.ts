import { windowsAttended } from '../../domain/maintenance/maintenanceOutlook.js';
import type { TargetState } from '../targets/StateTable.js';

/** The fleet's maintenance at a glance, for `GET /api/health` and the status page (docs/maintenance.md). */
export interface MaintenanceHealth {
  /** Windows in the next four weeks that targets are up for, of all their windows. */
  windowsAttended: number;
  windowsTotal: number;
  /** Targets whose schedule keeps them down for at least one window. */
  targetsMissingWindows: string[];
  /** What needs action soon, target by target, in words: `<target>: <alert>`. */
  alerts: string[];
  warnings: number;
}

export function maintenanceHealth(states: Iterable<TargetState>): MaintenanceHealth {
  const health: MaintenanceHealth = {
    windowsAttended: 0,
    windowsTotal: 0,
    targetsMissingWindows: [],
    alerts: [],
    warnings: 0,
  };
  for (const state of states) {
    const outlook = state.maintenance;
    if (!outlook) continue;
    const windows = outlook.windows ?? [];
    const attended = windowsAttended(windows);
    health.windowsTotal += windows.length;
    health.windowsAttended += attended;
    if (attended < windows.length && outlook.policy !== 'ignore')
      health.targetsMissingWindows.push(state.targetName);
    for (const alert of outlook.alerts) health.alerts.push(`${state.targetName}: ${alert}`);
    health.warnings += outlook.warnings.length;
  }
  health.targetsMissingWindows.sort();
  return health;
}
