import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/runCli.js';

async function cliInProcess(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

/** What `az aks maintenanceconfiguration list` prints for a Sunday node OS window (flat, with nulls). */
const AZ_LIST = [
  {
    id: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/dev/maintenanceConfigurations/aksManagedNodeOSUpgradeSchedule',
    maintenanceWindow: {
      durationHours: 4,
      notAllowedDates: null,
      schedule: {
        absoluteMonthly: null,
        daily: null,
        relativeMonthly: null,
        weekly: { dayOfWeek: 'Sunday', intervalWeeks: 1 },
      },
      startDate: '2026-01-04',
      startTime: '01:00',
      utcOffset: '+00:00',
    },
    name: 'aksManagedNodeOSUpgradeSchedule',
    notAllowedTime: null,
    resourceGroup: 'rg',
    timeInWeek: null,
    type: null,
  },
];

async function fileWith(content: unknown): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'offhours-mc-')), 'maintenance.json');
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('aks-offhours preview --maintenance', () => {
  const spec = 'Mon-Fri 08:00-20:00';
  const range = ['--tz', 'Europe/Berlin', '--from', '2026-12-07'];

  it('warn: lists the four Sunday windows as missed and warns, naming the window in the schedule zone', async () => {
    const result = await cliInProcess('preview', spec, ...range, '--maintenance', await fileWith(AZ_LIST));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'AKS maintenance windows in the four weeks from --from (Maintenance warn):',
    );
    expect(result.stdout).toContain(
      'Sun 13 Dec 2026 02:00 +01:00 → Sun 13 Dec 2026 06:00 +01:00  aksManagedNodeOSUpgradeSchedule  down: missed',
    );
    expect(result.stdout).toContain('Windows attended: 0 of 4');
    expect(result.stdout).toContain(
      'Warning: the schedule "given" keeps the target down for every maintenance window',
    );
  });

  it('wake: every window attended, in JSON too', async () => {
    const result = await cliInProcess(
      'preview',
      spec,
      ...range,
      '--maintenance',
      await fileWith({ value: AZ_LIST }),
      '--maintenance-policy',
      'WAKE',
      '--json',
    );
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as {
      maintenance: { attended: number; total: number; policy: string };
    };
    expect(json.maintenance).toMatchObject({ policy: 'wake', attended: 4, total: 4 });
  });

  it('refuses a configuration AKS would refuse, naming the field, and a policy that is not one', async () => {
    const bad = [
      { ...AZ_LIST[0], maintenanceWindow: { ...AZ_LIST[0]!.maintenanceWindow, durationHours: 2 } },
    ];
    const refused = await cliInProcess('preview', spec, ...range, '--maintenance', await fileWith(bad));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('maintenanceWindow.durationHours');
    const policy = await cliInProcess(
      'preview',
      spec,
      ...range,
      '--maintenance',
      await fileWith(AZ_LIST),
      '--maintenance-policy',
      'sometimes',
    );
    expect(policy.code).toBe(2);
    expect(policy.stderr).toContain('"sometimes" is not a maintenance policy');
    const notJson = await cliInProcess('preview', spec, ...range, '--maintenance', await fileWith('{'));
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('not JSON');
  });
});
