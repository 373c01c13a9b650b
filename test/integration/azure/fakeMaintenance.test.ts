import { afterEach, describe, expect, it } from 'vitest';
import type { FakeArm } from '../../../dev/fakeArm/FakeArm.js';
import { AKS, RG, SUBSCRIPTION } from '../../helpers/fakeAzure.js';
import {
  cluster,
  failureOf,
  HOUR,
  OLD_IMAGE,
  startWorld as startMaintenanceWorld,
  sundayWindow,
  type World,
} from '../../helpers/maintenanceWorld.js';

/*
 * AKS's maintenance as the fake ARM models it (issue 23), seen through the real
 * @azure/arm-containerservice client: maintenance configurations, Kubernetes versions, upgrade
 * profiles, upgrades begun inside windows only while the cluster runs, preemption by a stop, and
 * the 12-month limit of a stopped cluster.
 */

let world: World | undefined;
afterEach(async () => {
  await world?.arm.stop();
  world = undefined;
});

async function startWorld(...args: Parameters<typeof startMaintenanceWorld>): Promise<World> {
  world = await startMaintenanceWorld(...args);
  return world;
}

describe('maintenance configurations through the SDK', () => {
  it('creates (201), reads, updates (200), lists and deletes, with AKS defaults and case-insensitive IDs', async () => {
    const { arm, aks, clock } = await startWorld('2026-11-26T11:00:00Z');
    arm.state.addCluster(cluster('dev'));
    const statuses: number[] = [];
    const onResponse = (response: { status: number }) => void statuses.push(response.status);
    const created = await aks.maintenanceConfigurations.createOrUpdate(
      RG,
      'dev',
      'aksManagedNodeOSUpgradeSchedule',
      {
        maintenanceWindow: {
          schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Sunday' } },
          durationHours: 4,
          startTime: '01:00',
        },
      },
      { onResponse },
    );
    expect(arm.count('PUT', /maintenanceConfigurations/)).toBe(1);
    expect(created.name).toBe('aksManagedNodeOSUpgradeSchedule');
    expect(created.id).toBe(`${AKS}/dev/maintenanceConfigurations/aksManagedNodeOSUpgradeSchedule`);
    // AKS's defaults: +00:00 and the day of creation.
    expect(created.maintenanceWindow?.utcOffset).toBe('+00:00');
    expect(created.maintenanceWindow?.startDate?.toISOString().slice(0, 10)).toBe('2026-11-26');
    expect(created.systemData?.createdAt?.toISOString()).toBe('2026-11-26T11:00:00.000Z');

    clock.now += HOUR;
    // Another spelling of the group, cluster and name finds the same configuration.
    const updated = await aks.maintenanceConfigurations.createOrUpdate(
      RG.toUpperCase(),
      'DEV',
      'AKSMANAGEDNODEOSUPGRADESCHEDULE',
      {
        maintenanceWindow: {
          schedule: { relativeMonthly: { intervalMonths: 1, weekIndex: 'Last', dayOfWeek: 'Saturday' } },
          durationHours: 8,
          utcOffset: '+09:00',
          startDate: new Date('2026-12-01'),
          startTime: '22:00',
          notAllowedDates: [{ start: new Date('2026-12-24'), end: new Date('2027-01-03') }],
        },
      },
      { onResponse },
    );
    expect(statuses).toEqual([201, 200]);
    expect(updated.name).toBe('aksManagedNodeOSUpgradeSchedule');
    expect(updated.systemData?.createdAt?.toISOString()).toBe('2026-11-26T11:00:00.000Z');
    expect(updated.systemData?.lastModifiedAt?.toISOString()).toBe('2026-11-26T12:00:00.000Z');
    const read = await aks.maintenanceConfigurations.get(
      RG.toLowerCase(),
      'dev',
      'aksmanagednodeosupgradeschedule',
    );
    expect(read.maintenanceWindow).toMatchObject({
      schedule: { relativeMonthly: { intervalMonths: 1, weekIndex: 'Last', dayOfWeek: 'Saturday' } },
      durationHours: 8,
      utcOffset: '+09:00',
      startTime: '22:00',
    });
    expect(read.maintenanceWindow?.notAllowedDates?.[0]?.end.toISOString().slice(0, 10)).toBe('2027-01-03');

    await aks.maintenanceConfigurations.createOrUpdate(RG, 'dev', 'default', {
      timeInWeek: [{ day: 'Monday', hourSlots: [1, 2] }],
      notAllowedTime: [{ start: new Date('2026-12-24T00:00:00Z'), end: new Date('2026-12-26T00:00:00Z') }],
    });
    const names = [];
    for await (const configuration of aks.maintenanceConfigurations.listByManagedCluster(RG, 'dev'))
      names.push(configuration.name);
    expect(names.sort()).toEqual(['aksManagedNodeOSUpgradeSchedule', 'default']);
    expect((await aks.maintenanceConfigurations.get(RG, 'dev', 'default')).timeInWeek).toEqual([
      { day: 'Monday', hourSlots: [1, 2] },
    ]);

    await aks.maintenanceConfigurations.delete(RG, 'dev', 'default');
    expect(await failureOf(aks.maintenanceConfigurations.get(RG, 'dev', 'default'))).toMatchObject({
      statusCode: 404,
      code: 'NotFound',
    });
    // Deleting what is not there is no error (204), as ARM answers.
    await aks.maintenanceConfigurations.delete(RG, 'dev', 'default');
    expect(arm.count('DELETE', /maintenanceConfigurations\/default$/)).toBe(2);
  });

  it('pages a long list with nextLink: every configuration once, one GET per page', async () => {
    const { arm, aks } = await startWorld('2026-11-26T11:00:00Z', { pageSize: 1 });
    arm.state.addCluster(
      cluster('dev', {
        maintenanceConfigurations: {
          default: { maintenanceWindow: sundayWindow },
          aksManagedAutoUpgradeSchedule: { maintenanceWindow: sundayWindow },
          aksManagedNodeOSUpgradeSchedule: { maintenanceWindow: { ...sundayWindow, durationHours: 6 } },
        },
      }),
    );
    const listed = [];
    for await (const configuration of aks.maintenanceConfigurations.listByManagedCluster(RG, 'dev'))
      listed.push(configuration.name);
    expect(listed).toEqual(['default', 'aksManagedAutoUpgradeSchedule', 'aksManagedNodeOSUpgradeSchedule']);
    expect(arm.count('GET', /\/maintenanceConfigurations$/)).toBe(3);
  });

  it.each([
    [
      'a duration under four hours',
      'aksManagedAutoUpgradeSchedule',
      { maintenanceWindow: { ...sundayWindow, durationHours: 3 } },
      /'properties\.maintenanceWindow\.durationHours' is invalid: a whole number of hours from 4 to 24/,
    ],
    [
      'a duration over 24 hours',
      'aksManagedNodeOSUpgradeSchedule',
      { maintenanceWindow: { ...sundayWindow, durationHours: 25 } },
      /The value 25 of 'properties\.maintenanceWindow\.durationHours'/,
    ],
    [
      'a name AKS does not know',
      'weekendSchedule',
      { maintenanceWindow: sundayWindow },
      /name 'weekendSchedule' is not supported: use 'default', 'aksManagedAutoUpgradeSchedule' or 'aksManagedNodeOSUpgradeSchedule'/,
    ],
    [
      'a daily schedule on default',
      'default',
      { maintenanceWindow: { ...sundayWindow, schedule: { daily: { intervalDays: 1 } } } },
      /the 'default' configuration supports only a weekly schedule/,
    ],
    [
      'two schedule types',
      'aksManagedNodeOSUpgradeSchedule',
      {
        maintenanceWindow: {
          ...sundayWindow,
          schedule: { daily: { intervalDays: 1 }, weekly: { intervalWeeks: 1, dayOfWeek: 'Sunday' } },
        },
      },
      /exactly one of 'daily', 'weekly', 'absoluteMonthly' or 'relativeMonthly'/,
    ],
    [
      'timeInWeek on an aksManaged configuration',
      'aksManagedAutoUpgradeSchedule',
      { timeInWeek: [{ day: 'Sunday', hourSlots: [1] }] },
      /'aksManagedAutoUpgradeSchedule' requires a maintenanceWindow/,
    ],
    [
      'a start time past 23:59',
      'aksManagedNodeOSUpgradeSchedule',
      { maintenanceWindow: { ...sundayWindow, startTime: '24:00' } },
      /The value "24:00" of 'properties\.maintenanceWindow\.startTime' is invalid: a time from '00:00' to '23:59'/,
    ],
    [
      'a UTC offset without a sign',
      'aksManagedNodeOSUpgradeSchedule',
      { maintenanceWindow: { ...sundayWindow, utcOffset: '05:30' } },
      /'properties\.maintenanceWindow\.utcOffset' is invalid/,
    ],
    [
      'an interval of five weeks',
      'aksManagedNodeOSUpgradeSchedule',
      {
        maintenanceWindow: {
          ...sundayWindow,
          schedule: { weekly: { intervalWeeks: 5, dayOfWeek: 'Sunday' } },
        },
      },
      /schedule\.weekly\.intervalWeeks' is invalid: a whole number from 1 to 4/,
    ],
  ])(
    'refuses %s with 400 InvalidParameter naming the field, and keeps nothing',
    async (_case, name, properties, message) => {
      const { arm } = await startWorld('2026-11-26T11:00:00Z');
      arm.state.addCluster(cluster('dev'));
      // Sent as raw JSON: the SDK's models would not let some of these through.
      const answer = await fetchJson(arm, 'PUT', `${AKS}/dev/maintenanceConfigurations/${name}`, {
        properties,
      });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('InvalidParameter');
      expect(answer.body.error.message).toMatch(message);
      expect(arm.state.cluster(SUBSCRIPTION, RG, 'dev').maintenanceConfigurations.size).toBe(0);
    },
  );

  it('refuses an invalid window through the SDK too, as a RestError with the code', async () => {
    const { arm, aks } = await startWorld('2026-11-26T11:00:00Z');
    arm.state.addCluster(cluster('dev'));
    expect(
      await failureOf(
        aks.maintenanceConfigurations.createOrUpdate(RG, 'dev', 'aksManagedAutoUpgradeSchedule', {
          maintenanceWindow: {
            schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Sunday' } },
            durationHours: 2,
            startTime: '01:00',
          },
        }),
      ),
    ).toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
  });

  it('a cluster spec with an invalid configuration is refused as the API refuses it', async () => {
    const { arm } = await startWorld('2026-11-26T11:00:00Z');
    expect(() =>
      arm.state.addCluster(
        cluster('dev', {
          maintenanceConfigurations: {
            aksManagedAutoUpgradeSchedule: { maintenanceWindow: { ...sundayWindow, durationHours: 1 } },
          },
        }),
      ),
    ).toThrow(/durationHours/);
  });
});

/** A request the SDK's models would not send: raw JSON with a bearer token. */
async function fetchJson(
  arm: FakeArm,
  method: string,
  path: string,
  body: unknown,
): Promise<{ status: number; body: { error: { code: string; message: string } } }> {
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    const url = new URL(`${arm.url}${path}?api-version=2026-04-01`);
    const outgoing = request(
      url,
      { method, ca: arm.ca, headers: { authorization: 'Bearer test', 'content-type': 'application/json' } },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(text || '{}') }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(JSON.stringify(body));
  });
}

describe('versions through the SDK', () => {
  it('lists the Kubernetes versions of a location, each set apart', async () => {
    const { arm, aks } = await startWorld('2026-11-26T11:00:00Z');
    arm.state.setKubernetesVersions('westeurope', [
      { version: '1.34', patchVersions: ['1.34.2'], isDefault: true },
      { version: '1.35', patchVersions: ['1.35.1', '1.35.3'] },
      { version: '1.36', patchVersions: ['1.36.0'], isPreview: true },
      {
        version: '1.31',
        patchVersions: ['1.31.12'],
        supportPlan: ['KubernetesOfficial', 'AKSLongTermSupport'],
      },
    ]);
    const westEurope = await aks.managedClusters.listKubernetesVersions('WestEurope');
    expect(westEurope.values?.map((minor) => minor.version)).toEqual(['1.31', '1.34', '1.35', '1.36']);
    expect(westEurope.values?.[0]?.capabilities?.supportPlan).toEqual([
      'KubernetesOfficial',
      'AKSLongTermSupport',
    ]);
    expect(westEurope.values?.[1]).toMatchObject({
      isDefault: true,
      patchVersions: { '1.34.2': { upgrades: ['1.35.1', '1.35.3'] } },
    });
    expect(westEurope.values?.[2]?.patchVersions).toEqual({
      '1.35.1': { upgrades: ['1.35.3', '1.36.0'] },
      '1.35.3': { upgrades: ['1.36.0'] },
    });
    expect(westEurope.values?.[3]?.isPreview).toBe(true);
    const japanEast = await aks.managedClusters.listKubernetesVersions('japaneast');
    expect(japanEast.values?.find((minor) => minor.isDefault)?.version).toBe('1.33');
  });

  it('a cluster and its pools carry their versions and channels, the same in GET, the upgrade profiles and Resource Graph', async () => {
    const { arm, aks, clients } = await startWorld('2026-11-26T11:00:00Z');
    arm.state.addCluster(
      cluster('dev', {
        kubernetesVersion: '1.32.6',
        upgradeChannel: 'stable',
        nodeOSUpgradeChannel: 'SecurityPatch',
        pools: [
          { name: 'system', mode: 'System' },
          { name: 'user1', nodeImageVersion: OLD_IMAGE },
        ],
      }),
    );
    const got = await aks.managedClusters.get(RG, 'dev');
    expect(got).toMatchObject({
      kubernetesVersion: '1.32.6',
      currentKubernetesVersion: '1.32.6',
      autoUpgradeProfile: { upgradeChannel: 'stable', nodeOSUpgradeChannel: 'SecurityPatch' },
    });
    const pool = await aks.agentPools.get(RG, 'dev', 'user1');
    expect(pool).toMatchObject({
      orchestratorVersion: '1.32.6',
      currentOrchestratorVersion: '1.32.6',
      nodeImageVersion: OLD_IMAGE,
    });
    // A pool added without an image runs the newest one released (Monday 23 November).
    expect((await aks.agentPools.get(RG, 'dev', 'system')).nodeImageVersion).toBe(
      'AKSUbuntu-2204gen2containerd-202611.23.0',
    );

    const profile = await aks.managedClusters.getUpgradeProfile(RG, 'dev');
    expect(profile.controlPlaneProfile).toMatchObject({
      kubernetesVersion: '1.32.6',
      upgrades: [
        { kubernetesVersion: '1.32.9' },
        { kubernetesVersion: '1.33.2' },
        { kubernetesVersion: '1.33.5' },
      ],
    });
    expect(profile.agentPoolProfiles.map((entry) => entry.name)).toEqual(['system', 'user1']);
    const poolProfile = await aks.agentPools.getUpgradeProfile(RG, 'dev', 'user1');
    expect(poolProfile).toMatchObject({
      kubernetesVersion: '1.32.6',
      latestNodeImageVersion: 'AKSUbuntu-2204gen2containerd-202611.23.0',
    });

    const rows = await clients.resourceGraph().resources({
      subscriptions: [SUBSCRIPTION],
      query: `resources | where type =~ 'microsoft.containerservice/managedclusters'
        | project kubernetesVersion = tostring(properties.currentKubernetesVersion), pools = properties.agentPoolProfiles, channels = properties.autoUpgradeProfile`,
      options: { resultFormat: 'objectArray' },
    });
    const [row] = rows.data as {
      kubernetesVersion: string;
      pools: { name: string; nodeImageVersion: string; orchestratorVersion: string }[];
      channels: unknown;
    }[];
    expect(row?.kubernetesVersion).toBe('1.32.6');
    expect(row?.channels).toEqual({ upgradeChannel: 'stable', nodeOSUpgradeChannel: 'SecurityPatch' });
    expect(row?.pools.find((entry) => entry.name === 'user1')).toMatchObject({
      nodeImageVersion: OLD_IMAGE,
      orchestratorVersion: '1.32.6',
    });
  });
});
