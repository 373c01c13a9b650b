import { afterEach, describe, expect, it } from 'vitest';
import { AKS, RG, SUBSCRIPTION } from '../../helpers/fakeAzure.js';
import {
  cluster,
  failureOf,
  HOUR,
  MINUTE,
  OLD_IMAGE,
  startWorld as startMaintenanceWorld,
  sundayWindow,
  type World,
} from '../../helpers/maintenanceWorld.js';

/*
 * AKS maintaining clusters by itself on the fake's clock, seen through the real SDK: upgrades begun
 * inside a window only while the cluster (and for a node image, the pool) runs, deferred otherwise;
 * stopped pools upgraded and their next start longer; a stop preempting an upgrade; a cluster
 * stopped over 12 months refused a start.
 */

let world: World | undefined;
afterEach(async () => {
  await world?.arm.stop();
  world = undefined;
});

/** Reads that never meet ARM's limits: a week hour by hour is many reads in a few real seconds. */
const UNLIMITED = { readCapacity: 1e9, readsPerSecond: 1e9, writeCapacity: 1e9, writesPerSecond: 1e9 };

async function startWorld(...args: Parameters<typeof startMaintenanceWorld>): Promise<World> {
  const [startsAt, options = {}] = args;
  world = await startMaintenanceWorld(startsAt, { throttle: UNLIMITED, ...options });
  return world;
}

const LATEST_IMAGE = 'AKSUbuntu-2204gen2containerd-202611.23.0';
const at = (iso: string) => Date.parse(iso);

function logOf(world: World, clusterName: string) {
  return world.arm.state.maintenanceLog.filter((entry) =>
    entry.resourceId.toLowerCase().startsWith(`${AKS}/${clusterName}`.toLowerCase()),
  );
}

async function poolStates(world: World, clusterName: string): Promise<string[]> {
  const states: string[] = [];
  for await (const pool of world.aks.agentPools.list(RG, clusterName))
    states.push(`${pool.name}:${pool.provisioningState}`);
  return states;
}

function operationUrl(world: World, operationId: string): string {
  return `${world.arm.url}/subscriptions/${SUBSCRIPTION}/providers/Microsoft.ContainerService/locations/japaneast/operations/${operationId}?api-version=2026-04-01`;
}

describe('a week with a Sunday node-image window', () => {
  it('the cluster up all week is re-imaged inside the window; the one down nights and weekends never, its windows deferred', async () => {
    const azure = await startWorld('2026-11-23T00:00:00Z', { maintenance: {} });
    const maintenanceConfigurations = {
      aksManagedNodeOSUpgradeSchedule: { maintenanceWindow: sundayWindow },
    };
    azure.arm.state.addCluster(cluster('always', { maintenanceConfigurations }));
    azure.arm.state.addCluster(cluster('office', { maintenanceConfigurations }));
    const sampled = new Map<string, string[]>();
    // Monday 00:00 to the next Monday 09:00, hour by hour; 'office' is up weekdays 08:00-20:00.
    while (azure.clock.now < at('2026-11-30T09:00:00Z')) {
      const now = new Date(azure.clock.now);
      const officeHours =
        now.getUTCDay() >= 1 && now.getUTCDay() <= 5 && now.getUTCHours() >= 8 && now.getUTCHours() < 20;
      const office = await azure.aks.managedClusters.get(RG, 'office');
      if (officeHours !== (office.powerState?.code === 'Running'))
        await (
          officeHours
            ? azure.aks.managedClusters.start(RG, 'office')
            : azure.aks.managedClusters.stop(RG, 'office')
        ).submitted();
      sampled.set(now.toISOString().slice(0, 13), await poolStates(azure, 'always'));
      azure.clock.now += HOUR;
    }

    const window = { opensAt: at('2026-11-29T01:00:00Z'), closesAt: at('2026-11-29T05:00:00Z') };
    expect(logOf(azure, 'always')).toEqual([
      expect.objectContaining({
        at: at('2026-11-29T01:00:00Z'),
        event: 'began',
        kind: 'nodeImageUpgrade',
        resourceId: `${AKS}/always/agentPools/system`,
        from: OLD_IMAGE,
        to: LATEST_IMAGE,
        configuration: 'aksManagedNodeOSUpgradeSchedule',
        window,
      }),
      expect.objectContaining({
        at: at('2026-11-29T01:30:00Z'),
        event: 'completed',
        resourceId: `${AKS}/always/agentPools/system`,
      }),
      expect.objectContaining({
        at: at('2026-11-29T01:30:00Z'),
        event: 'began',
        resourceId: `${AKS}/always/agentPools/user1`,
      }),
      expect.objectContaining({
        at: at('2026-11-29T02:00:00Z'),
        event: 'completed',
        resourceId: `${AKS}/always/agentPools/user1`,
      }),
    ]);
    expect(sampled.get('2026-11-29T01')).toEqual(['system:UpgradingNodeImageVersion', 'user1:Succeeded']);
    expect(sampled.get('2026-11-29T00')).toEqual(['system:Succeeded', 'user1:Succeeded']);
    expect(sampled.get('2026-11-29T02')).toEqual(['system:Succeeded', 'user1:Succeeded']);
    // The image released on Monday 30 November waits for the next Sunday: no window is open.
    expect((await azure.aks.agentPools.get(RG, 'always', 'user1')).nodeImageVersion).toBe(LATEST_IMAGE);
    expect(azure.arm.state.latestNodeImageVersion()).toBe('AKSUbuntu-2204gen2containerd-202611.30.0');

    expect(logOf(azure, 'office')).toEqual(
      ['system', 'user1'].map((pool) => ({
        at: window.closesAt,
        event: 'deferred',
        kind: 'nodeImageUpgrade',
        resourceId: `${AKS}/office/agentPools/${pool}`,
        from: OLD_IMAGE,
        to: LATEST_IMAGE,
        configuration: 'aksManagedNodeOSUpgradeSchedule',
        window,
        reason: 'cluster stopped',
      })),
    );
    expect((await azure.aks.managedClusters.get(RG, 'office')).powerState?.code).toBe('Running');
    for await (const pool of azure.aks.agentPools.list(RG, 'office'))
      expect(pool.nodeImageVersion).toBe(OLD_IMAGE);
  });
});

describe('Kubernetes auto-upgrade', () => {
  it('upgrades in its window with a pool stopped: the pool takes the version, its nodes at the next (longer) start', async () => {
    const azure = await startWorld('2026-11-29T00:30:00Z', { maintenance: { kubernetesUpgradeMs: HOUR } });
    azure.arm.state.addCluster(
      cluster('dev', {
        upgradeChannel: 'patch',
        nodeOSUpgradeChannel: 'None',
        maintenanceConfigurations: { aksManagedAutoUpgradeSchedule: { maintenanceWindow: sundayWindow } },
      }),
    );
    await azure.aks.agentPools
      .createOrUpdate(RG, 'dev', 'user1', { powerState: { code: 'Stopped' } })
      .submitted();
    azure.clock.now = at('2026-11-29T00:59:00Z');
    expect((await azure.aks.managedClusters.get(RG, 'dev')).provisioningState).toBe('Succeeded');

    azure.clock.now = at('2026-11-29T01:00:00Z');
    expect(await azure.aks.managedClusters.get(RG, 'dev')).toMatchObject({
      provisioningState: 'Upgrading',
      kubernetesVersion: '1.33.5',
      currentKubernetesVersion: '1.33.2',
    });
    // One operation at a time: a pool's start while the cluster upgrades is refused.
    expect(
      await failureOf(
        azure.aks.agentPools
          .createOrUpdate(RG, 'dev', 'user1', { powerState: { code: 'Running' } })
          .submitted(),
      ),
    ).toMatchObject({ statusCode: 409, code: 'OperationNotAllowed' });

    azure.clock.now = at('2026-11-29T02:00:00Z');
    expect(await azure.aks.managedClusters.get(RG, 'dev')).toMatchObject({
      provisioningState: 'Succeeded',
      kubernetesVersion: '1.33.5',
      currentKubernetesVersion: '1.33.5',
    });
    expect(await azure.aks.agentPools.get(RG, 'dev', 'system')).toMatchObject({
      orchestratorVersion: '1.33.5',
      currentOrchestratorVersion: '1.33.5',
      nodeImageVersion: LATEST_IMAGE,
    });
    expect(await azure.aks.agentPools.get(RG, 'dev', 'user1')).toMatchObject({
      powerState: { code: 'Stopped' },
      orchestratorVersion: '1.33.5',
      currentOrchestratorVersion: '1.33.2',
      nodeImageVersion: OLD_IMAGE,
    });

    await azure.aks.agentPools
      .createOrUpdate(RG, 'dev', 'user1', { powerState: { code: 'Running' } })
      .submitted();
    // A start takes a minute here; with the upgrade owed it takes 20 minutes more.
    azure.clock.now = at('2026-11-29T02:02:00Z');
    expect((await azure.aks.agentPools.get(RG, 'dev', 'user1')).provisioningState).toBe('Starting');
    azure.clock.now = at('2026-11-29T02:21:00Z');
    expect(await azure.aks.agentPools.get(RG, 'dev', 'user1')).toMatchObject({
      provisioningState: 'Succeeded',
      currentOrchestratorVersion: '1.33.5',
      nodeImageVersion: LATEST_IMAGE,
    });
    expect(
      logOf(azure, 'dev').map(({ at: when, event, resourceId, from, to }) => ({
        when,
        event,
        resourceId,
        from,
        to,
      })),
    ).toEqual([
      {
        when: at('2026-11-29T01:00:00Z'),
        event: 'began',
        resourceId: `${AKS}/dev`,
        from: '1.33.2',
        to: '1.33.5',
      },
      {
        when: at('2026-11-29T02:00:00Z'),
        event: 'completed',
        resourceId: `${AKS}/dev`,
        from: '1.33.2',
        to: '1.33.5',
      },
      {
        when: at('2026-11-29T02:21:00Z'),
        event: 'appliedOnStart',
        resourceId: `${AKS}/dev/agentPools/user1`,
        from: '1.33.2',
        to: '1.33.5',
      },
    ]);
  });

  it('without a window, `anytime` begins due work at once and `never` leaves it for a week', async () => {
    const anytime = await startWorld('2026-11-26T11:00:00Z', { maintenance: { unscheduled: 'anytime' } });
    anytime.arm.state.addCluster(cluster('dev', { upgradeChannel: 'stable', kubernetesVersion: '1.32.6' }));
    expect(await anytime.aks.managedClusters.get(RG, 'dev')).toMatchObject({
      provisioningState: 'Upgrading',
      kubernetesVersion: '1.33.5',
    });
    expect(logOf(anytime, 'dev')).toEqual([
      expect.objectContaining({ event: 'began', kind: 'kubernetesUpgrade', at: at('2026-11-26T11:00:00Z') }),
    ]);
    expect(logOf(anytime, 'dev')[0]).not.toHaveProperty('configuration');
    await anytime.arm.stop();

    const never = await startWorld('2026-11-26T11:00:00Z', { maintenance: { unscheduled: 'never' } });
    never.arm.state.addCluster(cluster('dev', { upgradeChannel: 'stable', kubernetesVersion: '1.32.6' }));
    never.clock.now += 7 * 24 * HOUR;
    expect(await never.aks.managedClusters.get(RG, 'dev')).toMatchObject({
      provisioningState: 'Succeeded',
      currentKubernetesVersion: '1.32.6',
    });
    expect((await never.aks.agentPools.get(RG, 'dev', 'user1')).nodeImageVersion).toBe(OLD_IMAGE);
    expect(never.arm.state.maintenanceLog).toEqual([]);
  });

  it('a fake without maintenance settings upgrades nothing by itself, as before', async () => {
    const azure = await startWorld('2026-11-26T11:00:00Z');
    azure.arm.state.addCluster(cluster('dev', { upgradeChannel: 'rapid', kubernetesVersion: '1.32.6' }));
    azure.clock.now += 14 * 24 * HOUR;
    expect((await azure.aks.managedClusters.get(RG, 'dev')).currentKubernetesVersion).toBe('1.32.6');
    expect(azure.arm.state.maintenanceLog).toEqual([]);
  });

  it('a window opening while the cluster is stopped is kept if the cluster starts before it closes', async () => {
    const azure = await startWorld('2026-11-29T00:00:00Z', { maintenance: {} });
    azure.arm.state.addCluster(
      cluster('dev', {
        stoppedSince: at('2026-11-27T20:00:00Z'),
        nodeOSUpgradeChannel: 'None',
        upgradeChannel: 'patch',
        maintenanceConfigurations: { aksManagedAutoUpgradeSchedule: { maintenanceWindow: sundayWindow } },
      }),
    );
    azure.clock.now = at('2026-11-29T02:00:00Z');
    await azure.aks.managedClusters.start(RG, 'dev').submitted();
    azure.clock.now = at('2026-11-29T02:05:00Z');
    expect((await azure.aks.managedClusters.get(RG, 'dev')).provisioningState).toBe('Upgrading');
    expect(logOf(azure, 'dev')).toEqual([
      expect.objectContaining({
        event: 'began',
        at: at('2026-11-29T02:05:00Z'),
        configuration: 'aksManagedAutoUpgradeSchedule',
      }),
    ]);
  });
});

describe('a stop during an upgrade', () => {
  it('a cluster stop preempts the Kubernetes upgrade: the stop is accepted, the upgrade ends Failed with AKSOperationPreempted', async () => {
    const azure = await startWorld('2026-11-29T00:55:00Z', { maintenance: {} });
    azure.arm.state.addCluster(
      cluster('dev', {
        upgradeChannel: 'patch',
        nodeOSUpgradeChannel: 'None',
        maintenanceConfigurations: { aksManagedAutoUpgradeSchedule: { maintenanceWindow: sundayWindow } },
      }),
    );
    azure.clock.now = at('2026-11-29T01:10:00Z');
    expect((await azure.aks.managedClusters.get(RG, 'dev')).provisioningState).toBe('Upgrading');
    const [began] = logOf(azure, 'dev');

    await azure.aks.managedClusters.stop(RG, 'dev').submitted();
    const stopId = azure.arm.state.cluster(SUBSCRIPTION, RG, 'dev').pending?.operationId ?? '';
    expect(await azure.aks.managedClusters.get(RG, 'dev')).toMatchObject({
      provisioningState: 'Stopping',
      kubernetesVersion: '1.33.2',
      currentKubernetesVersion: '1.33.2',
    });
    const status = await azure.clients.get(SUBSCRIPTION, operationUrl(azure, began?.operationId ?? ''));
    expect(JSON.parse(status.bodyAsText ?? '{}')).toMatchObject({
      status: 'Failed',
      error: {
        code: 'AKSOperationPreempted',
        message: `This operation has been preempted by another operation with ID ${stopId}`,
      },
    });

    azure.clock.now = at('2026-11-29T06:00:00Z');
    expect((await azure.aks.managedClusters.get(RG, 'dev')).powerState?.code).toBe('Stopped');
    expect(
      logOf(azure, 'dev').map(({ event, at: when, reason, preemptedBy }) => ({
        event,
        when,
        reason,
        preemptedBy,
      })),
    ).toEqual([
      { event: 'began', when: at('2026-11-29T01:00:00Z'), reason: undefined, preemptedBy: undefined },
      { event: 'preempted', when: at('2026-11-29T01:10:00Z'), reason: undefined, preemptedBy: stopId },
      // The rest of the window finds the cluster stopped: the upgrade waits for another window.
      {
        event: 'deferred',
        when: at('2026-11-29T05:00:00Z'),
        reason: 'cluster stopped',
        preemptedBy: undefined,
      },
    ]);
  });

  it("a pool stop preempts that pool's node-image upgrade", async () => {
    const azure = await startWorld('2026-11-29T00:55:00Z', { maintenance: {} });
    azure.arm.state.addCluster(
      cluster('dev', {
        pools: [
          { name: 'system', mode: 'System' },
          { name: 'user1', nodeImageVersion: OLD_IMAGE },
        ],
        maintenanceConfigurations: { aksManagedNodeOSUpgradeSchedule: { maintenanceWindow: sundayWindow } },
      }),
    );
    azure.clock.now = at('2026-11-29T01:05:00Z');
    expect(await poolStates(azure, 'dev')).toEqual(['system:Succeeded', 'user1:UpgradingNodeImageVersion']);
    await azure.aks.agentPools
      .createOrUpdate(RG, 'dev', 'user1', { powerState: { code: 'Stopped' } })
      .submitted();
    expect((await azure.aks.agentPools.get(RG, 'dev', 'user1')).provisioningState).toBe('Stopping');
    azure.clock.now = at('2026-11-29T05:00:00Z');
    expect(await azure.aks.agentPools.get(RG, 'dev', 'user1')).toMatchObject({
      powerState: { code: 'Stopped' },
      nodeImageVersion: OLD_IMAGE,
    });
    expect(logOf(azure, 'dev').map((entry) => [entry.event, entry.reason])).toEqual([
      ['began', undefined],
      ['preempted', undefined],
      ['deferred', 'pool stopped'],
    ]);
  });

  it('with preemption off, the stop is refused 409 and the upgrade runs on', async () => {
    const azure = await startWorld('2026-11-29T00:55:00Z', {
      maintenance: { stopPreemptsMaintenance: false },
    });
    azure.arm.state.addCluster(
      cluster('dev', {
        upgradeChannel: 'patch',
        maintenanceConfigurations: { aksManagedAutoUpgradeSchedule: { maintenanceWindow: sundayWindow } },
      }),
    );
    azure.clock.now = at('2026-11-29T01:10:00Z');
    expect(await failureOf(azure.aks.managedClusters.stop(RG, 'dev').submitted())).toMatchObject({
      statusCode: 409,
      code: 'OperationNotAllowed',
    });
    expect(logOf(azure, 'dev').map((entry) => entry.event)).toEqual(['began']);
  });
  it("with preemption off, neither a pool's stop nor its cluster's stops the node-image upgrade", async () => {
    const azure = await startWorld('2026-11-29T00:55:00Z', {
      maintenance: { stopPreemptsMaintenance: false },
    });
    azure.arm.state.addCluster(
      cluster('dev', {
        pools: [
          { name: 'system', mode: 'System' },
          { name: 'user1', nodeImageVersion: OLD_IMAGE },
        ],
        maintenanceConfigurations: { aksManagedNodeOSUpgradeSchedule: { maintenanceWindow: sundayWindow } },
      }),
    );
    azure.clock.now = at('2026-11-29T01:05:00Z');
    const poolStop = await failureOf(
      azure.aks.agentPools
        .createOrUpdate(RG, 'dev', 'user1', { powerState: { code: 'Stopped' } })
        .submitted(),
    );
    expect(poolStop).toMatchObject({ statusCode: 409, code: 'OperationNotAllowed' });
    expect(poolStop.message).toContain("in progress node image upgrade operation on agent pool 'user1'");
    expect(await failureOf(azure.aks.managedClusters.stop(RG, 'dev').submitted())).toMatchObject({
      statusCode: 409,
    });
    azure.clock.now = at('2026-11-29T01:30:00Z');
    expect((await azure.aks.agentPools.get(RG, 'dev', 'user1')).nodeImageVersion).toBe(LATEST_IMAGE);
  });
});

describe('long stops', () => {
  it('tracks since when a cluster and each pool are stopped; a pool stopped before keeps its own date', async () => {
    const azure = await startWorld('2026-11-26T11:00:00Z');
    azure.arm.state.addCluster(cluster('dev'));
    await azure.aks.agentPools
      .createOrUpdate(RG, 'dev', 'user1', { powerState: { code: 'Stopped' } })
      .submitted();
    azure.clock.now = at('2026-11-26T12:00:00Z');
    await azure.aks.managedClusters.stop(RG, 'dev').submitted();
    azure.clock.now = at('2026-11-26T13:00:00Z');
    // Reading the state settles what is due, as every request does.
    const stopped = azure.arm.state.cluster(SUBSCRIPTION, RG, 'dev');
    expect(stopped.stoppedSince).toBe(at('2026-11-26T12:01:00Z'));
    expect(stopped.pools.get('system')?.stoppedSince).toBe(at('2026-11-26T12:01:00Z'));
    expect(stopped.pools.get('user1')?.stoppedSince).toBe(at('2026-11-26T11:01:00Z'));
    await azure.aks.managedClusters.start(RG, 'dev').submitted();
    azure.clock.now = at('2026-11-26T13:05:00Z');
    expect(azure.arm.state.cluster(SUBSCRIPTION, RG, 'dev').stoppedSince).toBeUndefined();
    expect(stopped.pools.get('user1')?.stoppedSince).toBeUndefined();
  });

  it('a cluster stopped more than 12 months cannot be started (400 StoppedClusterStateExpired); 12 months to the minute still can', async () => {
    const azure = await startWorld('2026-11-26T11:00:00Z');
    azure.arm.state.addCluster(cluster('expired', { stoppedSince: at('2025-11-26T10:59:00Z') }));
    azure.arm.state.addCluster(cluster('kept', { stoppedSince: at('2025-11-26T11:00:00Z') }));
    const refused = await failureOf(azure.aks.managedClusters.start(RG, 'expired').submitted());
    expect(refused).toMatchObject({ statusCode: 400, code: 'StoppedClusterStateExpired' });
    expect(refused.message).toContain('stopped since 2025-11-26T10:59:00.000Z, more than 12 months');
    expect((await azure.aks.managedClusters.get(RG, 'expired')).powerState?.code).toBe('Stopped');

    await azure.aks.managedClusters.start(RG, 'kept').submitted();
    azure.clock.now += 2 * MINUTE;
    expect((await azure.aks.managedClusters.get(RG, 'kept')).powerState?.code).toBe('Running');
  });
});
