import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAINTENANCE_THRESHOLDS,
  maintenanceOutlook,
  type MaintenanceOutlookInput,
} from '../../../shared/domain/maintenance/maintenanceOutlook.js';
import { maintenanceWindowsBetween } from '../../../shared/domain/maintenance/maintenanceWindowsBetween.js';
import type { MaintenanceConfiguration } from '../../../shared/domain/maintenance/MaintenanceConfiguration.js';
import type { Override } from '../../../shared/domain/Override.js';
import { Schedule } from '../../../shared/domain/Schedule.js';
import { DAY_MS, HOUR_MS } from '../../../shared/domain/time.js';
import { at } from '../../helpers/instants.js';

const sundayNodeOs: MaintenanceConfiguration = {
  name: 'aksManagedNodeOSUpgradeSchedule',
  maintenanceWindow: {
    schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Sunday' } },
    durationHours: 4,
    utcOffset: '+00:00',
    startTime: '01:00',
  },
};
const wednesdayUpgrades: MaintenanceConfiguration = {
  name: 'aksManagedAutoUpgradeSchedule',
  maintenanceWindow: {
    schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Wednesday' } },
    durationHours: 4,
    utcOffset: '+01:00',
    startTime: '10:00',
  },
};
const office = Schedule.compile({ name: 'office', uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Europe/Berlin' });
// 2026-12-07 is a Monday.
const NOW = at('2026-12-07T00:00:00Z');

function input(extra: Partial<MaintenanceOutlookInput> = {}): MaintenanceOutlookInput {
  const configurations = [sundayNodeOs, wednesdayUpgrades];
  return {
    targetName: 'dev-user',
    scheduleName: 'office',
    kind: 'nodepool',
    schedule: office,
    overrides: [],
    policy: 'warn',
    windows: maintenanceWindowsBetween(configurations, NOW, NOW + 28 * DAY_MS),
    now: NOW,
    observed: 'stopped',
    stoppedSince: undefined,
    kubernetesVersion: undefined,
    supportedMinors: undefined,
    allowAksManagedScaleSet: false,
    thresholds: DEFAULT_MAINTENANCE_THRESHOLDS,
    ...extra,
  };
}

describe('maintenanceOutlook over the next four weeks', () => {
  it('warn: office hours attend the Wednesday windows and miss every Sunday one, named in the warning', () => {
    const outlook = maintenanceOutlook(input());
    expect(outlook.windows?.map((window) => [window.configuration, window.attendance])).toEqual(
      Array.from({ length: 4 }, () => [
        ['aksManagedAutoUpgradeSchedule', 'attended'],
        ['aksManagedNodeOSUpgradeSchedule', 'missed'],
      ]).flat(),
    );
    expect(outlook.warnings).toEqual([
      'the schedule "office" keeps dev-user down for 4 of 8 maintenance windows in the next 4 weeks, the first the node OS upgrade window Sun 02:00–Sun 06:00 (Europe/Berlin, aksManagedNodeOSUpgradeSchedule)',
    ]);
  });

  it('warn: a schedule down for every window says so, and what to do', () => {
    const outlook = maintenanceOutlook(
      input({ windows: input().windows?.filter((w) => w.purpose === 'node-os') }),
    );
    expect(outlook.warnings[0]).toMatch(
      /^the schedule "office" keeps dev-user down for every maintenance window of its cluster in the next 4 weeks, .*set the schedule's Maintenance to wake, or move the window$/,
    );
  });

  it('wake: every window attended, no warning', () => {
    const outlook = maintenanceOutlook(input({ policy: 'wake' }));
    expect(outlook.windows?.every((window) => window.attendance === 'attended')).toBe(true);
    expect(outlook.warnings).toEqual([]);
  });

  it('wake, but a keep-stopped override over a Sunday window: that window is missed', () => {
    const keepStopped: Override = {
      kind: 'keep-stopped',
      effect: 'stopped',
      from: at('2026-12-12T00:00:00Z'),
      until: at('2026-12-14T00:00:00Z'),
      createdAt: NOW,
    };
    const outlook = maintenanceOutlook(input({ policy: 'wake', overrides: [keepStopped] }));
    expect(outlook.windows?.filter((window) => window.attendance !== 'attended').map((w) => w.opens)).toEqual(
      [at('2026-12-13T01:00:00Z')],
    );
  });

  it('a keep-running override over a Sunday window attends it under warn', () => {
    const keepRunning: Override = {
      kind: 'keep-running',
      effect: 'running',
      from: at('2026-12-12T20:00:00Z'),
      until: at('2026-12-13T06:00:00Z'),
      createdAt: NOW,
    };
    const outlook = maintenanceOutlook(input({ overrides: [keepRunning] }));
    expect(outlook.windows?.find((window) => window.opens === at('2026-12-13T01:00:00Z'))?.attendance).toBe(
      'attended',
    );
  });

  it('ignore: windows shown, nothing reported', () => {
    const outlook = maintenanceOutlook(input({ policy: 'ignore' }));
    expect(outlook.windows).toHaveLength(8);
    expect(outlook.warnings).toEqual([]);
  });

  it('not read yet: no windows and no warning about them', () => {
    const outlook = maintenanceOutlook(input({ windows: undefined }));
    expect(outlook.windows).toBeUndefined();
    expect(outlook.warnings).toEqual([]);
  });

  it('wake without any window says that wake has nothing to wake for', () => {
    expect(maintenanceOutlook(input({ policy: 'wake', windows: [] })).warnings[0]).toContain(
      'its cluster has no planned maintenance window',
    );
  });

  it('a long stop: a warning after 30 days, an alert for a cluster after 300', () => {
    const pool = maintenanceOutlook(input({ stoppedSince: NOW - 31 * DAY_MS, windows: [] }));
    expect(pool.warnings).toEqual(['stopped for 31 days']);
    expect(pool.alerts).toEqual([]);
    const cluster = maintenanceOutlook(
      input({ kind: 'cluster', stoppedSince: NOW - 301 * DAY_MS, windows: [], targetName: 'dev' }),
    );
    expect(cluster.alerts).toEqual([
      "stopped for 301 days: AKS deletes a cluster stopped for 12 months (about 2027-02-09); start it, or set its schedule's Maintenance to wake",
    ]);
    // Only the 12-month limit is told to the channels: the one loss that cannot be undone.
    expect(cluster.notices).toEqual([{ key: `long-stop-${NOW - 301 * DAY_MS}`, text: cluster.alerts[0] }]);
    expect(pool.notices).toBeUndefined();
    expect(maintenanceOutlook(input({ stoppedSince: NOW - 29 * DAY_MS, windows: [] })).warnings).toEqual([]);
    // A target that runs is not on a long stop, whatever is remembered.
    expect(
      maintenanceOutlook(input({ observed: 'running', stoppedSince: NOW - 301 * DAY_MS, windows: [] }))
        .warnings,
    ).toEqual([]);
  });

  it('a Kubernetes version the region no longer offers is an alert', () => {
    const outlook = maintenanceOutlook(
      input({ kubernetesVersion: '1.29.9', supportedMinors: ['1.33', '1.34', '1.35'], windows: [] }),
    );
    expect(outlook.kubernetes).toMatchObject({ version: '1.29.9', status: 'unsupported' });
    expect(outlook.alerts).toHaveLength(1);
    expect(outlook.alerts[0]).toMatch(/^AKS no longer offers Kubernetes 1\.29 in the cluster's region/);
  });

  it('AllowAksManagedScaleSet on a scale set is reported with the support policy', () => {
    const outlook = maintenanceOutlook(input({ kind: 'vmss', allowAksManagedScaleSet: true }));
    expect(outlook.windows).toBeUndefined();
    expect(outlook.warnings[0]).toContain('https://learn.microsoft.com/azure/aks/support-policies');
  });

  it('windows are those of the next four weeks only', () => {
    const outlook = maintenanceOutlook(input());
    for (const window of outlook.windows ?? []) {
      expect(window.opens).toBeGreaterThanOrEqual(NOW - 4 * HOUR_MS);
      expect(window.opens).toBeLessThan(NOW + 28 * DAY_MS);
    }
  });
});
