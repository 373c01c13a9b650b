import { afterEach, describe, expect, it } from 'vitest';
import { parseResourceId, type ResourceId } from '../../../shared/domain/ResourceId.js';
import { TransientAzureError } from '../../../shared/app/operations/TransientAzureError.js';
import { changeRequests } from '../../helpers/changeRequests.js';
import { AKS, RG, startFakeAzure, SUBSCRIPTION, VMSS, type FakeAzure } from '../../helpers/fakeAzure.js';

let azure: FakeAzure;
afterEach(async () => azure.stop());

const MINUTE = 60_000;
function parsed(id: string): ResourceId {
  const result = parseResourceId(id);
  if (!result.ok) throw new Error(result.message);
  return result.resourceId;
}
const request = changeRequests(() => azure.clock.now);

async function observedState(resourceId: string): Promise<string | undefined> {
  return (await azure.power.observe([SUBSCRIPTION], [])).get(resourceId.toLowerCase())?.state;
}

function devCluster(fake: FakeAzure, autoscalerLostOnStart = false): void {
  fake.arm.state.behaviour.autoscalerLostOnStart = autoscalerLostOnStart;
  fake.arm.state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: RG,
    name: 'dev',
    pools: [
      { name: 'system', mode: 'System' },
      { name: 'user1', count: 3, autoscale: { minCount: 2, maxCount: 6 } },
    ],
  });
}

const POOL = `${AKS}/dev/agentPools/user1`;

describe('stopping and starting, followed over ticks', () => {
  it('a node pool: stop, then start with the autoscaler restored when AKS loses it', async () => {
    azure = await startFakeAzure();
    devCluster(azure, true);
    const scaleBeforeStop = (await azure.power.observe([SUBSCRIPTION], [])).get(POOL.toLowerCase())?.scale;
    expect(
      await azure.executor.execute(
        request('user1', POOL, 'stop', scaleBeforeStop ? { scaleBeforeStop } : {}),
      ),
    ).toMatchObject({ result: 'begun' });
    expect(await observedState(POOL)).toBe('stopping');
    expect(await azure.follower.followAll()).toMatchObject([{ outcome: 'running' }]);
    azure.clock.advance(MINUTE);
    expect(await azure.follower.followAll()).toMatchObject([
      { outcome: 'succeeded', message: 'stop succeeded' },
    ]);
    expect(await observedState(POOL)).toBe('stopped');
    expect(await azure.follower.followAll()).toEqual([]);

    expect(await azure.executor.execute(request('user1', POOL, 'start'))).toMatchObject({ result: 'begun' });
    expect(await observedState(POOL)).toBe('starting');
    azure.clock.advance(MINUTE);
    expect(await azure.follower.followAll()).toMatchObject([
      { outcome: 'succeeded', message: 'start succeeded; AKS left autoscaler off, restored autoscaler 2-6' },
    ]);
    const pool = azure.arm.state.pool(azure.arm.state.cluster(SUBSCRIPTION, RG, 'dev'), 'user1');
    expect(pool).toMatchObject({
      powerState: 'Running',
      count: 3,
      enableAutoScaling: true,
      minCount: 2,
      maxCount: 6,
    });
    expect((await azure.audit.query({ targetName: 'user1' })).map((entry) => entry.result)).toEqual([
      'succeeded: start succeeded; AKS left autoscaler off, restored autoscaler 2-6',
      'begun: start begun',
      'succeeded: stop succeeded',
      'begun: stop begun',
    ]);
  });

  it('a node pool whose autoscaler AKS restored is left alone', async () => {
    azure = await startFakeAzure();
    devCluster(azure, false);
    const scaleBeforeStop = (await azure.power.observe([SUBSCRIPTION], [])).get(POOL.toLowerCase())?.scale;
    await azure.executor.execute(request('user1', POOL, 'stop', scaleBeforeStop ? { scaleBeforeStop } : {}));
    azure.clock.advance(MINUTE);
    await azure.follower.followAll();
    await azure.executor.execute(request('user1', POOL, 'start'));
    azure.clock.advance(MINUTE);
    azure.arm.resetCounts();
    expect(await azure.follower.followAll()).toMatchObject([
      { outcome: 'succeeded', message: 'start succeeded' },
    ]);
    expect(azure.arm.count('PUT')).toBe(0);
  });

  it('a whole cluster (202 and Location)', async () => {
    azure = await startFakeAzure();
    devCluster(azure);
    const cluster = `${AKS}/dev`;
    expect(await azure.executor.execute(request('dev', cluster, 'stop'))).toMatchObject({ result: 'begun' });
    expect(await observedState(cluster)).toBe('stopping');
    expect(await observedState(POOL)).toBe('stopping');
    azure.clock.advance(MINUTE);
    expect(await azure.follower.followAll()).toMatchObject([{ outcome: 'succeeded' }]);
    expect(await observedState(cluster)).toBe('stopped');
    expect(await observedState(`${AKS}/dev/agentPools/system`)).toBe('stopped');
    expect(await azure.executor.execute(request('dev', cluster, 'start'))).toMatchObject({ result: 'begun' });
    azure.clock.advance(MINUTE);
    expect(await azure.follower.followAll()).toMatchObject([{ outcome: 'succeeded' }]);
    expect(await observedState(cluster)).toBe('running');
  });

  it('a scale set: deallocate and start', async () => {
    azure = await startFakeAzure();
    azure.arm.state.addScaleSet({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: RG,
      name: 'agents',
      capacity: 3,
    });
    const scaleSet = `${VMSS}/agents`;
    expect(await azure.executor.execute(request('agents', scaleSet, 'stop'))).toMatchObject({
      result: 'begun',
    });
    expect(await observedState(scaleSet)).toBe('stopping');
    azure.clock.advance(MINUTE);
    expect(await azure.follower.followAll()).toMatchObject([{ outcome: 'succeeded' }]);
    expect(await observedState(scaleSet)).toBe('stopped');
    expect(azure.arm.count('POST', /deallocate$/)).toBe(1);
    await azure.executor.execute(request('agents', scaleSet, 'start'));
    azure.clock.advance(MINUTE);
    await azure.follower.followAll();
    expect(await observedState(scaleSet)).toBe('running');
  });
});

describe('a Flexible scale set (its VMs are resources of their own)', () => {
  const FLEX = `${VMSS}/flex`;
  const vmCodes = () =>
    (azure.arm.state.scaleSet(SUBSCRIPTION, RG, 'flex').vms ?? []).map((vm) =>
      vm.pending ? `${vm.pending.to}…` : (vm.instanceCode ?? vm.powerState),
    );

  it.each(['resource-graph', 'per-cluster'] as const)(
    'observed from its VMs (%s), deallocated and started VM by VM, followed from its VMs',
    async (observation) => {
      azure = await startFakeAzure({}, { observation });
      azure.arm.state.addScaleSet({
        subscriptionId: SUBSCRIPTION,
        resourceGroup: RG,
        name: 'flex',
        capacity: 3,
        orchestrationMode: 'Flexible',
      });
      const observe = async () =>
        (await azure.power.observe([SUBSCRIPTION], [parsed(FLEX)])).get(FLEX.toLowerCase())?.state;
      expect(await observe()).toBe('running');
      // One VM powered off in the OS: stopped but still allocated, and billed.
      const vms = azure.arm.state.scaleSet(SUBSCRIPTION, RG, 'flex').vms ?? [];
      if (vms[2]) vms[2].instanceCode = 'PowerState/stopped';
      expect(await observe()).toBe('running');

      expect(await azure.executor.execute(request('flex', FLEX, 'stop'))).toEqual({
        result: 'begun',
        message:
          'stop begun (a Flexible scale set: deallocate of 3 of its 3 VMs, each on its own; followed from its VMs)',
      });
      expect(azure.arm.count('POST', /virtualMachineScaleSets\/flex\/deallocate$/)).toBe(0);
      expect(azure.arm.count('POST', /virtualMachines\/flex_\d\/deallocate$/)).toBe(3);
      expect(vmCodes()).toEqual(['Stopped…', 'Stopped…', 'Stopped…']);
      expect(await observe()).toBe('stopping');
      expect(await azure.follower.followAll()).toMatchObject([{ outcome: 'running' }]);
      azure.clock.advance(MINUTE);
      expect(await observe()).toBe('stopped');
      expect(await azure.follower.followAll()).toMatchObject([
        { outcome: 'succeeded', message: 'stop succeeded' },
      ]);

      expect((await azure.executor.execute(request('flex', FLEX, 'start'))).result).toBe('begun');
      expect(await observe()).toBe('starting');
      azure.clock.advance(MINUTE);
      expect(await azure.follower.followAll()).toMatchObject([{ outcome: 'succeeded' }]);
      expect(vmCodes()).toEqual(['Running', 'Running', 'Running']);
      expect(await observe()).toBe('running');
    },
  );

  it('asks only the VMs that need it; with none to change it is "already", nothing begun', async () => {
    azure = await startFakeAzure();
    azure.arm.state.addScaleSet({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: RG,
      name: 'flex',
      capacity: 3,
      orchestrationMode: 'Flexible',
    });
    const scaleSet = azure.arm.state.scaleSet(SUBSCRIPTION, RG, 'flex');
    const [first] = scaleSet.vms ?? [];
    if (first) first.powerState = 'Stopped';
    expect((await azure.executor.execute(request('flex', FLEX, 'stop'))).message).toContain(
      'deallocate of 2 of its 3 VMs',
    );
    azure.clock.advance(MINUTE);
    await azure.follower.followAll();
    expect(await azure.executor.execute(request('flex', FLEX, 'stop'))).toEqual({
      result: 'already',
      message: 'already stopped (not by this app), nothing begun',
    });
  });

  it('says plainly what cannot be done: a start of a set without VMs brings none up', async () => {
    azure = await startFakeAzure();
    azure.arm.state.addScaleSet({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: RG,
      name: 'flex',
      capacity: 0,
      orchestrationMode: 'Flexible',
    });
    expect(await azure.executor.execute(request('flex', FLEX, 'start'))).toEqual({
      result: 'refused',
      message:
        'Azure refused the start: NoVirtualMachines: the Flexible scale set has no VMs, so a start brings none up: the app starts and deallocates the VMs a Flexible set has, and creates none',
    });
  });

  it('a VM Azure did not take (409) is asked again once the set settles', async () => {
    azure = await startFakeAzure();
    azure.arm.state.addScaleSet({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: RG,
      name: 'flex',
      capacity: 2,
      orchestrationMode: 'Flexible',
    });
    azure.arm.injectFault({
      method: 'POST',
      path: /virtualMachines\/flex_1\/deallocate$/,
      status: 409,
      code: 'Conflict',
    });
    expect((await azure.executor.execute(request('flex', FLEX, 'stop'))).message).toBe(
      'stop begun (a Flexible scale set: deallocate of 1 of its 2 VMs, each on its own; 1 not taken (Conflict), asked again once the set settles; followed from its VMs)',
    );
    azure.clock.advance(MINUTE);
    expect(await azure.follower.followAll()).toMatchObject([{ outcome: 'owed' }]);
    const decision = { target: 'flex', resourceId: FLEX, desired: 'stopped', observed: 'running' };
    const [retry] = await azure.follower.retryOwed([decision]);
    expect(retry).toBeDefined();
    if (retry)
      expect((await azure.executor.execute(retry)).message).toContain('deallocate of 1 of its 2 VMs');
    azure.clock.advance(MINUTE);
    expect(vmCodes()).toEqual(['Stopped', 'Stopped']);
  });
});

describe('what Azure refuses', () => {
  it.each([
    [
      'a System pool',
      `${AKS}/dev/agentPools/system`,
      'refused',
      "Azure refused the stop: OperationNotAllowed: System agent pool 'system' cannot be stopped. Only User agent pools can be stopped.",
    ],
    [
      'a pool that does not exist',
      `${AKS}/dev/agentPools/ghost`,
      'refused',
      "Azure refused the stop: NotFound: Agent pool 'ghost' not found in managed cluster 'dev'.",
    ],
  ])('refuses to stop %s, with its code and message', async (_name, resourceId, result, message) => {
    azure = await startFakeAzure();
    devCluster(azure);
    expect(await azure.executor.execute(request('pool', resourceId, 'stop'))).toEqual({ result, message });
    expect((await azure.operations.get('pool'))?.status).toBe('failed');
  });

  it('refuses pools of a cluster with node auto-provisioning, and pools of a stopped cluster', async () => {
    azure = await startFakeAzure();
    azure.arm.state.addCluster({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: RG,
      name: 'nap',
      nodeProvisioningMode: 'Auto',
      pools: [{ name: 'user1' }],
    });
    devCluster(azure);
    expect(
      (await azure.executor.execute(request('nap-user1', `${AKS}/nap/agentPools/user1`, 'stop'))).message,
    ).toBe(
      'Azure refused the stop: OperationNotAllowed: Stopping or starting agent pools is not supported on clusters with node auto provisioning.',
    );
    await azure.executor.execute(request('dev', `${AKS}/dev`, 'stop'));
    azure.clock.advance(MINUTE);
    expect((await azure.executor.execute(request('user1', POOL, 'start'))).message).toBe(
      "Azure refused the start: OperationNotAllowed: The managed cluster 'dev' is stopped; start the cluster before changing its agent pools.",
    );
  });

  it('reports a conflicting operation (409) and leaves the change owed for a later tick', async () => {
    azure = await startFakeAzure();
    devCluster(azure);
    await azure.executor.execute(request('user1', POOL, 'stop'));
    azure.clock.advance(2 * MINUTE);
    await azure.follower.followAll();
    azure.arm.state.beginUpgrade(azure.arm.state.cluster(SUBSCRIPTION, RG, 'dev'), 30 * MINUTE);
    expect(await azure.executor.execute(request('user1', POOL, 'start'))).toEqual({
      result: 'conflict',
      message:
        "Azure says another operation is changing the target (OperationNotAllowed: Operation is not allowed because there's an in progress upgrade operation on managed cluster 'dev'. Please wait for it to finish.); the start stays owed and is tried again once the target settles, from 2026-11-26T11:07:00.000Z (attempt 2 of 8)",
    });
  });

  it('never sends a stop over an AKS upgrade: the stop is owed until it ends, and the upgrade is not preempted', async () => {
    azure = await startFakeAzure();
    devCluster(azure);
    azure.arm.state.beginUpgrade(azure.arm.state.cluster(SUBSCRIPTION, RG, 'dev'), 30 * MINUTE);
    expect(await azure.executor.execute(request('user1', POOL, 'stop'))).toMatchObject({
      result: 'deferred',
      message: expect.stringContaining(
        'AKS is running an operation on /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-dev/providers/Microsoft.ContainerService/managedClusters/dev/agentPools/user1 or its cluster (provisioning state Upgrading); a stop now would preempt it (AKSOperationPreempted)',
      ),
    });
    expect(azure.arm.count('PUT')).toBe(0);
    expect(azure.arm.state.maintenanceLog.filter((entry) => entry.event === 'preempted')).toEqual([]);
    expect(await azure.operations.get('user1')).toMatchObject({ status: 'owed', attempts: 0 });
  });

  it.each([
    ['stop', 'Stopped', 'stopped'],
    ['start', 'Running', 'running'],
  ] as const)(
    'a %s of a cluster someone else already changed answers 409: nothing begun, no success borrowed',
    async (action, code, state) => {
      azure = await startFakeAzure();
      devCluster(azure);
      const cluster = azure.arm.state.cluster(SUBSCRIPTION, RG, 'dev');
      if (action === 'start') {
        azure.arm.state.changeClusterPower(cluster, 'Stopped');
        azure.clock.advance(MINUTE);
      }
      // A person changes it by hand just before our request.
      const other = action === 'stop' ? 'Stopped' : 'Running';
      expect(
        azure.arm.state.changeClusterPower(azure.arm.state.cluster(SUBSCRIPTION, RG, 'dev'), other),
      ).toBeDefined();
      azure.clock.advance(MINUTE);
      expect(azure.arm.state.cluster(SUBSCRIPTION, RG, 'dev').powerState).toBe(code);
      const message = `already ${state} (not by this app), nothing begun`;
      expect(await azure.executor.execute(request('dev', `${AKS}/dev`, action))).toEqual({
        result: 'already',
        message,
      });
      expect(await azure.operations.get('dev')).toMatchObject({ status: 'superseded', error: message });
      expect(await azure.follower.followAll()).toEqual([]);
      expect((await azure.audit.query({ targetName: 'dev' })).map((entry) => entry.result)).toEqual([
        `already: ${message}`,
      ]);
      expect(azure.arm.state.operations.size).toBe(action === 'start' ? 2 : 1);
    },
  );

  it('an owed stop (held back during an upgrade) of a cluster a person stopped meanwhile is not our success', async () => {
    azure = await startFakeAzure();
    devCluster(azure);
    azure.arm.state.beginUpgrade(azure.arm.state.cluster(SUBSCRIPTION, RG, 'dev'), 30 * MINUTE);
    expect(await azure.executor.execute(request('dev', `${AKS}/dev`, 'stop'))).toMatchObject({
      result: 'deferred',
    });
    azure.clock.advance(31 * MINUTE);
    azure.arm.state.changeClusterPower(azure.arm.state.cluster(SUBSCRIPTION, RG, 'dev'), 'Stopped');
    azure.clock.advance(MINUTE);
    const decision = { target: 'dev', resourceId: `${AKS}/dev`, desired: 'stopped', observed: 'stopped' };
    expect(await azure.follower.retryOwed([decision])).toEqual([]);
    const message = 'already stopped (not by this app), nothing begun';
    expect(await azure.operations.get('dev')).toMatchObject({ status: 'superseded', error: message });
    expect((await azure.audit.query({ targetName: 'dev' }))[0]?.result).toBe(`superseded: ${message}`);
  });

  it('a scale set someone else is deallocating answers 409 while it moves our way: followed from the resource', async () => {
    azure = await startFakeAzure();
    const scaleSet = azure.arm.state.addScaleSet({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: RG,
      name: 'ci',
    });
    azure.arm.state.changeScaleSetPower(scaleSet, 'Stopped');
    expect(await azure.executor.execute(request('ci', `${VMSS}/ci`, 'stop'))).toMatchObject({
      result: 'begun',
      message:
        "stop begun (Azure's answer was lost; the resource shows it under way, followed from the resource)",
    });
  });

  it('a 409 while the whole cluster stops its pools is the change asked for: followed, not a conflict', async () => {
    azure = await startFakeAzure();
    devCluster(azure);
    await azure.executor.execute(request('dev', `${AKS}/dev`, 'stop'));
    expect(await azure.executor.execute(request('user1', POOL, 'stop'))).toMatchObject({ result: 'begun' });
    azure.clock.advance(MINUTE);
    expect((await azure.follower.followAll()).map((followed) => followed.outcome)).toEqual([
      'succeeded',
      'succeeded',
    ]);
  });
});

describe('faults', () => {
  it('throttling (429 with Retry-After) is retried by the SDK and the stop begins once', async () => {
    azure = await startFakeAzure();
    devCluster(azure);
    azure.arm.injectFault({
      method: 'PUT',
      path: /agentPools\/user1$/,
      status: 429,
      code: 'TooManyRequests',
      retryAfterMs: 20,
    });
    expect(await azure.executor.execute(request('user1', POOL, 'stop'))).toMatchObject({ result: 'begun' });
    expect(azure.arm.count('PUT')).toBe(2);
    expect(azure.arm.state.operations.size).toBe(1);
  });

  it('real throttling from the token bucket is honoured too', async () => {
    azure = await startFakeAzure({
      throttle: { readCapacity: 100, readsPerSecond: 100, writeCapacity: 1, writesPerSecond: 20 },
    });
    azure.arm.state.addCluster({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: RG,
      name: 'dev',
      pools: [{ name: 'a' }, { name: 'b' }, { name: 'c' }],
    });
    const results = await Promise.all(
      ['a', 'b', 'c'].map((pool) =>
        azure.executor.execute(request(pool, `${AKS}/dev/agentPools/${pool}`, 'stop')),
      ),
    );
    expect(results.map((result) => result.result)).toEqual(['begun', 'begun', 'begun']);
    expect(azure.arm.count('PUT')).toBeGreaterThan(3);
    expect(azure.arm.state.operations.size).toBe(3);
  });

  it('5xx beyond the retries: the message is retried later, and the redelivery begins exactly one operation', async () => {
    azure = await startFakeAzure();
    devCluster(azure);
    azure.arm.injectFault({
      method: 'PUT',
      path: /agentPools\/user1$/,
      status: 503,
      code: 'ServiceUnavailable',
      message: 'try later',
      times: 4,
    });
    const stop = request('user1', POOL, 'stop');
    await expect(azure.executor.execute(stop)).rejects.toBeInstanceOf(TransientAzureError);
    expect((await azure.operations.get('user1'))?.status).toBe('retrying');
    expect(azure.arm.state.operations.size).toBe(0);
    expect(await azure.executor.execute(stop)).toMatchObject({ result: 'begun' });
    expect(await azure.executor.execute(stop)).toMatchObject({ result: 'duplicate' });
    expect(azure.arm.state.operations.size).toBe(1);
  });

  it('a dropped connection is retried by the SDK; the stop begins once', async () => {
    azure = await startFakeAzure();
    devCluster(azure);
    azure.arm.injectFault({ method: 'PUT', path: /agentPools\/user1$/, dropConnection: true });
    expect(await azure.executor.execute(request('user1', POOL, 'stop'))).toMatchObject({ result: 'begun' });
    expect(azure.arm.state.operations.size).toBe(1);
  });

  it("an operation that ends Failed is reported with Azure's code and message", async () => {
    azure = await startFakeAzure();
    devCluster(azure);
    azure.arm.state.failNextOperation(/user1$/, {
      code: 'VMExtensionProvisioningError',
      message: 'the node did not drain in time',
    });
    await azure.executor.execute(request('user1', POOL, 'stop'));
    azure.clock.advance(MINUTE);
    expect(await azure.follower.followAll()).toEqual([
      {
        targetName: 'user1',
        action: 'stop',
        outcome: 'failed',
        message: 'VMExtensionProvisioningError: the node did not drain in time',
      },
    ]);
    expect((await azure.audit.query({ targetName: 'user1', limit: 1 }))[0]?.result).toBe(
      'failed: VMExtensionProvisioningError: the node did not drain in time',
    );
    expect(await observedState(POOL)).toBe('failed');
  });

  it('added latency slows nothing down but the answer', async () => {
    azure = await startFakeAzure({ latencyMs: 50 });
    devCluster(azure);
    expect(await azure.executor.execute(request('user1', POOL, 'stop'))).toMatchObject({ result: 'begun' });
  });

  it('a redelivered message never begins a second operation; another transition waits for the first', async () => {
    azure = await startFakeAzure();
    devCluster(azure);
    const stop = request('user1', POOL, 'stop');
    const [first, second] = await Promise.all([azure.executor.execute(stop), azure.executor.execute(stop)]);
    expect([first.result, second.result].sort()).toEqual(['begun', 'duplicate']);
    expect(await azure.executor.execute(request('user1', POOL, 'start'))).toMatchObject({ result: 'busy' });
    expect(azure.arm.count('PUT')).toBe(1);
  });

  it('an operation that never ends is reported after the timeout', async () => {
    azure = await startFakeAzure({ operationDurationMs: 10 * 60 * MINUTE });
    devCluster(azure);
    await azure.executor.execute(request('user1', POOL, 'stop'));
    azure.clock.advance(3 * 60 * MINUTE);
    expect(await azure.follower.followAll()).toMatchObject([
      { outcome: 'timed-out', message: 'still running after 180 min; no longer followed' },
    ]);
  });

  it('a start that never ends is reported after the timeout as a start that took at least that long', async () => {
    azure = await startFakeAzure({ operationDurationMs: 10 * 60 * MINUTE });
    devCluster(azure);
    await azure.executor.execute(request('user1', POOL, 'stop'));
    azure.clock.advance(10 * 60 * MINUTE);
    await azure.follower.followAll();
    const begunAt = azure.clock.now;
    await azure.executor.execute(request('user1', POOL, 'start'));
    azure.clock.advance(3 * 60 * MINUTE);
    // What the start lead learns from: begun then, not completed (docs/decisions.md, Ready by).
    expect(await azure.follower.followAll()).toMatchObject([
      { action: 'start', outcome: 'timed-out', endedStart: { begunAt, completed: false } },
    ]);
  });

  it('keeps at most the configured number of requests in flight per subscription', async () => {
    azure = await startFakeAzure({ latencyMs: 20 }, { concurrencyPerSubscription: 4 });
    azure.arm.state.addCluster({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: RG,
      name: 'big',
      pools: Array.from({ length: 20 }, (_, index) => ({ name: `p${index}` })),
    });
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        azure.executor.execute(request(`p${index}`, `${AKS}/big/agentPools/p${index}`, 'stop')),
      ),
    );
    expect(azure.arm.state.operations.size).toBe(20);
    expect(azure.arm.peakInFlight.get(SUBSCRIPTION)).toBe(4);
  });
});
