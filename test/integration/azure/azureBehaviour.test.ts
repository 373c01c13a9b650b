import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeRequest } from '../../../shared/app/operations/ChangeRequest.js';
import { changeRequests } from '../../helpers/changeRequests.js';
import { AKS, RG, startFakeAzure, SUBSCRIPTION, VMSS, type FakeAzure } from '../../helpers/fakeAzure.js';

/*
 * Azure Resource Manager as Microsoft documents it, beyond the happy path (issue 9): long
 * Retry-After, lost answers, 409s from other operations, status URLs failing, LRO header variants,
 * instance views without power states, scale sets stopped but still allocated.
 */

let azure: FakeAzure;
afterEach(async () => azure.stop());

const MINUTE = 60_000;
const POOL = `${AKS}/dev/agentPools/user1`;
const request = changeRequests(() => azure.clock.now);

function devCluster(autoscalerLostOnStart = false): void {
  azure.arm.state.behaviour.autoscalerLostOnStart = autoscalerLostOnStart;
  azure.arm.state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: RG,
    name: 'dev',
    pools: [
      { name: 'system', mode: 'System' },
      { name: 'user1', count: 3, autoscale: { minCount: 2, maxCount: 6 } },
    ],
  });
}

const fakePool = () => azure.arm.state.pool(azure.arm.state.cluster(SUBSCRIPTION, RG, 'dev'), 'user1');

async function observed(resourceId: string): Promise<string | undefined> {
  return (await azure.power.observe([SUBSCRIPTION], [])).get(resourceId.toLowerCase())?.state;
}

async function scaleBefore() {
  return (await azure.power.observe([SUBSCRIPTION], [])).get(POOL.toLowerCase())?.scale;
}

describe('case 1: long throttling waits', () => {
  it('a 429 with Retry-After: 1200 is handed back at once, recorded as not begun, and never reported as succeeded', async () => {
    azure = await startFakeAzure();
    devCluster();
    azure.arm.injectFault({
      method: 'PUT',
      path: /agentPools\/user1$/,
      status: 429,
      code: 'TooManyRequests',
      message: 'The request is being throttled.',
      retryAfterMs: 1_200_000,
    });
    const stop = request('user1', POOL, 'stop');
    const started = Date.now();
    const result = await azure.executor.execute(stop);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result.result).toBe('throttled');
    const row = await azure.operations.get('user1');
    expect(row).toMatchObject({ status: 'owed', retryAt: azure.clock.now + 1_200_000 });
    expect(row?.operationState).toBeUndefined();
    // The next tick's follower does not claim a success Azure never had.
    expect((await azure.follower.followAll()).filter((followed) => followed.outcome === 'succeeded')).toEqual(
      [],
    );
    // A redelivery before Retry-After has passed does not knock again.
    expect(await azure.executor.execute(stop)).toMatchObject({ result: 'deferred' });
    expect(azure.arm.count('PUT')).toBe(1);
    azure.clock.advance(21 * MINUTE);
    const retries = await azure.follower.retryOwed([
      { target: 'user1', resourceId: POOL, desired: 'stopped', observed: 'running' },
    ]);
    expect(retries).toMatchObject([
      { targetName: 'user1', action: 'stop', transitionKey: stop.transitionKey },
    ]);
    expect(await azure.executor.execute(retries[0] as ChangeRequest)).toMatchObject({ result: 'begun' });
    azure.clock.advance(MINUTE);
    expect(await azure.follower.followAll()).toMatchObject([{ outcome: 'succeeded' }]);
    expect(fakePool().powerState).toBe('Stopped');
    expect(azure.arm.state.operations.size).toBe(1);
  }, 20_000);

  it('a row that says running with no Azure operation is checked against the resource, not called succeeded', async () => {
    azure = await startFakeAzure();
    devCluster();
    await azure.operations.put({
      targetName: 'user1',
      resourceId: POOL,
      action: 'stop',
      transitionKey: 'user1|stop|legacy',
      status: 'running',
      requestedAt: azure.clock.now,
      startedAt: azure.clock.now,
    });
    azure.clock.advance(10 * MINUTE);
    const followed = await azure.follower.followAll();
    expect(followed.map((one) => one.outcome)).not.toContain('succeeded');
    expect(await azure.operations.get('user1')).toMatchObject({ status: 'owed' });
  });
});

describe('case 2: a crash between the claim and Azure answer', () => {
  it('the redelivery finds the change was never sent, and sends it once', async () => {
    azure = await startFakeAzure();
    devCluster();
    const stop = request('user1', POOL, 'stop');
    await azure.operations.put({
      targetName: 'user1',
      resourceId: POOL,
      action: 'stop',
      transitionKey: stop.transitionKey,
      status: 'beginning',
      requestedAt: stop.requestedAt,
      startedAt: azure.clock.now,
    });
    azure.clock.advance(6 * MINUTE);
    expect(await azure.executor.execute(stop)).toMatchObject({ result: 'begun' });
    expect(await azure.executor.execute(stop)).toMatchObject({ result: 'duplicate' });
    expect(azure.arm.count('PUT')).toBe(1);
    expect(fakePool().provisioningState).toBe('Stopping');
  });

  it('the redelivery finds Azure did it, follows it as ours, and sends nothing', async () => {
    azure = await startFakeAzure();
    devCluster();
    const stop = request('user1', POOL, 'stop');
    await azure.operations.put({
      targetName: 'user1',
      resourceId: POOL,
      action: 'stop',
      transitionKey: stop.transitionKey,
      status: 'beginning',
      requestedAt: stop.requestedAt,
      startedAt: azure.clock.now,
    });
    const cluster = azure.arm.state.cluster(SUBSCRIPTION, RG, 'dev');
    azure.arm.state.changePoolPower(cluster, fakePool(), 'Stopped');
    azure.clock.advance(6 * MINUTE);
    azure.arm.resetCounts();
    expect(await azure.executor.execute(stop)).toMatchObject({ result: 'begun' });
    expect(azure.arm.count('PUT')).toBe(0);
    expect(await azure.follower.followAll()).toMatchObject([{ outcome: 'succeeded' }]);
  });

  it('without a redelivery, the tick finds an unsent change and owes it', async () => {
    azure = await startFakeAzure();
    devCluster();
    await azure.operations.put({
      targetName: 'user1',
      resourceId: POOL,
      action: 'stop',
      transitionKey: 'user1|stop|crashed',
      status: 'beginning',
      requestedAt: azure.clock.now,
      startedAt: azure.clock.now,
    });
    azure.clock.advance(6 * MINUTE);
    expect((await azure.follower.followAll()).map((one) => one.outcome)).not.toContain('succeeded');
    expect(
      await azure.follower.retryOwed([
        { target: 'user1', resourceId: POOL, desired: 'stopped', observed: 'running' },
      ]),
    ).toMatchObject([{ transitionKey: 'user1|stop|crashed' }]);
  });
});

describe('case 3: the answer is lost after Azure accepted the request', () => {
  it('the SDK retry meets our own operation (409): followed as ours, not a conflict; the autoscaler is restored after the start', async () => {
    azure = await startFakeAzure();
    devCluster(true);
    const scaleBeforeStop = await scaleBefore();
    azure.arm.injectFault({
      method: 'PUT',
      path: /agentPools\/user1$/,
      dropConnection: true,
      afterApplying: true,
    });
    expect(
      await azure.executor.execute(
        request('user1', POOL, 'stop', scaleBeforeStop ? { scaleBeforeStop } : {}),
      ),
    ).toMatchObject({ result: 'begun' });
    expect(azure.arm.count('PUT')).toBe(2);
    expect(azure.arm.state.operations.size).toBe(1);
    expect(await azure.operations.get('user1')).toMatchObject({ status: 'running' });
    azure.clock.advance(MINUTE);
    expect(await azure.follower.followAll()).toMatchObject([{ outcome: 'succeeded' }]);

    azure.arm.injectFault({
      method: 'PUT',
      path: /agentPools\/user1$/,
      dropConnection: true,
      afterApplying: true,
    });
    expect(await azure.executor.execute(request('user1', POOL, 'start'))).toMatchObject({ result: 'begun' });
    azure.clock.advance(MINUTE);
    expect(await azure.follower.followAll()).toMatchObject([
      { outcome: 'succeeded', message: 'start succeeded; AKS left autoscaler off, restored autoscaler 2-6' },
    ]);
    expect(fakePool()).toMatchObject({
      powerState: 'Running',
      enableAutoScaling: true,
      minCount: 2,
      maxCount: 6,
    });
  });

  it('the same for a scale set (Compute)', async () => {
    azure = await startFakeAzure();
    azure.arm.state.addScaleSet({ subscriptionId: SUBSCRIPTION, resourceGroup: RG, name: 'agents' });
    azure.arm.injectFault({ method: 'POST', path: /deallocate$/, dropConnection: true, afterApplying: true });
    expect(await azure.executor.execute(request('agents', `${VMSS}/agents`, 'stop'))).toMatchObject({
      result: 'begun',
    });
    expect(azure.arm.state.operations.size).toBe(1);
    azure.clock.advance(MINUTE);
    expect(await azure.follower.followAll()).toMatchObject([{ outcome: 'succeeded' }]);
  });
  it('a start whose answer was lost and whose retry was throttled: owed, then found done, and the autoscaler is still restored', async () => {
    azure = await startFakeAzure();
    devCluster(true);
    const scaleBeforeStop = await scaleBefore();
    await azure.executor.execute(request('user1', POOL, 'stop', scaleBeforeStop ? { scaleBeforeStop } : {}));
    azure.clock.advance(MINUTE);
    await azure.follower.followAll();
    azure.arm.injectFault({
      method: 'PUT',
      path: /agentPools\/user1$/,
      dropConnection: true,
      afterApplying: true,
    });
    azure.arm.injectFault({
      method: 'PUT',
      path: /agentPools\/user1$/,
      status: 429,
      retryAfterMs: 1_200_000,
    });
    expect(await azure.executor.execute(request('user1', POOL, 'start'))).toMatchObject({
      result: 'throttled',
    });
    azure.clock.advance(MINUTE);
    expect(await observed(POOL)).toBe('running');
    expect(
      await azure.follower.retryOwed([
        { target: 'user1', resourceId: POOL, desired: 'running', observed: 'running' },
      ]),
    ).toEqual([]);
    expect(await azure.operations.get('user1')).toMatchObject({ status: 'succeeded' });
    expect(fakePool()).toMatchObject({ enableAutoScaling: true, minCount: 2, maxCount: 6 });
    expect(azure.arm.state.operations.size).toBe(2);
  });
});

describe('case 4: a conflict with another operation', () => {
  it('during an AKS upgrade the stop is not sent but owed (a stop would preempt it); it is sent once the cluster settles', async () => {
    azure = await startFakeAzure();
    devCluster();
    azure.arm.state.beginUpgrade(azure.arm.state.cluster(SUBSCRIPTION, RG, 'dev'), 40 * MINUTE);
    const stop = request('user1', POOL, 'stop');
    expect(await azure.executor.execute(stop)).toMatchObject({ result: 'deferred' });
    expect(azure.arm.count('PUT')).toBe(0);
    const owed = await azure.operations.get('user1');
    // Waiting for AKS uses up none of the attempts Azure's refusals do.
    expect(owed).toMatchObject({ status: 'owed', attempts: 0 });
    // While the upgrade runs the pool is not settled: nothing is sent.
    azure.clock.advance(15 * MINUTE);
    expect(await observed(POOL)).toBe('unknown');
    expect(
      await azure.follower.retryOwed([
        { target: 'user1', resourceId: POOL, desired: 'stopped', observed: 'unknown' },
      ]),
    ).toEqual([]);
    azure.clock.advance(30 * MINUTE);
    expect(await observed(POOL)).toBe('running');
    const retries = await azure.follower.retryOwed([
      { target: 'user1', resourceId: POOL, desired: 'stopped', observed: 'running' },
    ]);
    expect(retries).toMatchObject([{ transitionKey: stop.transitionKey }]);
    expect(await azure.executor.execute(retries[0] as ChangeRequest)).toMatchObject({ result: 'begun' });
    azure.clock.advance(MINUTE);
    expect(await azure.follower.followAll()).toMatchObject([{ outcome: 'succeeded' }]);
    expect(fakePool().powerState).toBe('Stopped');
    expect(azure.arm.state.maintenanceLog.filter((entry) => entry.event === 'preempted')).toEqual([]);
  });

  it('an owed stop the schedule no longer wants is dropped, not retried', async () => {
    azure = await startFakeAzure();
    azure.arm.state.addScaleSet({ subscriptionId: SUBSCRIPTION, resourceGroup: RG, name: 'agents' });
    azure.arm.state.beginScaleSetUpdate(azure.arm.state.scaleSet(SUBSCRIPTION, RG, 'agents'), 10 * MINUTE);
    expect(await azure.executor.execute(request('agents', `${VMSS}/agents`, 'stop'))).toMatchObject({
      result: 'conflict',
      message: expect.stringContaining('Conflict') as string,
    });
    azure.clock.advance(60 * MINUTE);
    expect(
      await azure.follower.retryOwed([
        { target: 'agents', resourceId: `${VMSS}/agents`, desired: 'running', observed: 'running' },
      ]),
    ).toEqual([]);
    expect(await azure.operations.get('agents')).toMatchObject({ status: 'superseded' });
  });

  it('gives up after a bounded number of attempts and says so', async () => {
    azure = await startFakeAzure();
    azure.arm.state.addScaleSet({ subscriptionId: SUBSCRIPTION, resourceGroup: RG, name: 'agents' });
    const scaleSet = azure.arm.state.scaleSet(SUBSCRIPTION, RG, 'agents');
    let next: ChangeRequest | undefined = request('agents', `${VMSS}/agents`, 'stop');
    let attempts = 0;
    let last: { result: string; message: string } | undefined;
    while (next && attempts < 20) {
      azure.arm.state.beginScaleSetUpdate(scaleSet, 1);
      last = await azure.executor.execute(next);
      // Every attempt meets the conflict; the last is reported as refused, which the alert counts.
      expect(last.result).toBe(attempts + 1 < 8 ? 'conflict' : 'refused');
      attempts++;
      azure.clock.advance(24 * 60 * MINUTE);
      [next] = await azure.follower.retryOwed([
        { target: 'agents', resourceId: `${VMSS}/agents`, desired: 'stopped', observed: 'running' },
      ]);
    }
    expect(attempts).toBeLessThan(20);
    expect(last?.message).toContain('no longer tried');
    expect(await azure.operations.get('agents')).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^not begun after \d+ attempts/) as string,
    });
  });
});

describe('case 5: failing to read the status is not a failed operation', () => {
  it.each(['async-and-location', 'location'] as const)(
    'status URL answering 500 then 404 (%s): still followed, then succeeded from the resource',
    async (style) => {
      azure = await startFakeAzure({ lroStyle: style });
      devCluster();
      await azure.executor.execute(request('dev', `${AKS}/dev`, 'stop'));
      azure.arm.injectFault({
        method: 'GET',
        path: /\/(operations|operationresults)\//,
        status: 500,
        times: 8,
      });
      expect(await azure.follower.followAll()).toMatchObject([{ outcome: 'running' }]);
      azure.arm.injectFault({
        method: 'GET',
        path: /\/(operations|operationresults)\//,
        status: 404,
        code: 'NotFound',
        times: 8,
      });
      azure.clock.advance(MINUTE);
      expect(await azure.follower.followAll()).toMatchObject([{ outcome: 'succeeded' }]);
    },
  );

  it('a 429 from the status URL is not a failure either', async () => {
    azure = await startFakeAzure();
    devCluster();
    await azure.executor.execute(request('user1', POOL, 'stop'));
    azure.arm.injectFault({
      method: 'GET',
      path: /\/operations\//,
      status: 429,
      retryAfterMs: 600_000,
      times: 4,
    });
    expect(await azure.follower.followAll()).toMatchObject([{ outcome: 'running' }]);
  });

  it('Failed from Azure is still reported as failed', async () => {
    azure = await startFakeAzure({ lroStyle: 'location' });
    devCluster();
    azure.arm.state.failNextOperation(/dev$/, { code: 'InternalOperationError', message: 'it broke' });
    await azure.executor.execute(request('dev', `${AKS}/dev`, 'stop'));
    azure.clock.advance(MINUTE);
    expect(await azure.follower.followAll()).toMatchObject([{ outcome: 'failed' }]);
  });
});

describe('LRO header variants', () => {
  it.each(['async-and-location', 'location', 'none'] as const)(
    'a node pool stop and start announced with %s',
    async (style) => {
      azure = await startFakeAzure({ lroStyle: style });
      devCluster();
      expect(await azure.executor.execute(request('user1', POOL, 'stop'))).toMatchObject({ result: 'begun' });
      expect(await azure.follower.followAll()).toMatchObject([{ outcome: 'running' }]);
      azure.clock.advance(MINUTE);
      expect(await azure.follower.followAll()).toMatchObject([{ outcome: 'succeeded' }]);
      expect(await azure.executor.execute(request('user1', POOL, 'start'))).toMatchObject({
        result: 'begun',
      });
      azure.clock.advance(MINUTE);
      expect(await azure.follower.followAll()).toMatchObject([{ outcome: 'succeeded' }]);
      expect(fakePool().powerState).toBe('Running');
    },
  );
});

describe('case 6: observing without Resource Graph', () => {
  it('reads scale-set power states from the instances, as the documented instance view has none', async () => {
    azure = await startFakeAzure({}, { observation: 'per-cluster' });
    azure.arm.state.addScaleSet({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: RG,
      name: 'agents',
      capacity: 3,
    });
    const target = { kind: 'vmss', id: `${VMSS}/agents` } as const;
    const parsed = (await import('../../../shared/domain/ResourceId.js')).parseResourceId(target.id);
    if (!parsed.ok) throw new Error(parsed.message);
    const state = async () =>
      (await azure.power.observe([SUBSCRIPTION], [parsed.resourceId])).get(target.id.toLowerCase())?.state;
    expect(await state()).toBe('running');
    await azure.executor.execute(request('agents', target.id, 'stop'));
    expect(await state()).toBe('stopping');
    azure.clock.advance(MINUTE);
    expect(await state()).toBe('stopped');
  });

  it('a Resource Graph 429 with quota headers only is honoured: waited for, no fallback storm', async () => {
    azure = await startFakeAzure();
    devCluster();
    azure.arm.injectFault({
      method: 'POST',
      path: /ResourceGraph/,
      status: 429,
      code: 'RateLimiting',
      message: 'Please provide below info when asking for support',
      headers: { 'x-ms-user-quota-remaining': '0', 'x-ms-user-quota-resets-after': '00:00:01' },
    });
    const started = Date.now();
    const observedFleet = await azure.power.observe([SUBSCRIPTION], []);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(observedFleet.get(POOL.toLowerCase())?.state).toBe('running');
    expect(azure.arm.count('GET')).toBe(0);
    expect(azure.arm.count('POST', /ResourceGraph/)).toBe(2);
  });
});

describe('case 7: billing truth', () => {
  it('a scale set stopped but still allocated is not stopped: the stop deallocates it', async () => {
    azure = await startFakeAzure();
    const scaleSet = azure.arm.state.addScaleSet({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: RG,
      name: 'agents',
    });
    azure.arm.state.setInstanceCodes(scaleSet, ['PowerState/stopped', 'PowerState/stopped']);
    expect(await observed(`${VMSS}/agents`)).not.toBe('stopped');
    expect(await azure.executor.execute(request('agents', `${VMSS}/agents`, 'stop'))).toMatchObject({
      result: 'begun',
    });
    azure.clock.advance(MINUTE);
    await azure.follower.followAll();
    expect(await observed(`${VMSS}/agents`)).toBe('stopped');
    expect(azure.arm.count('POST', /deallocate$/)).toBe(1);
  });

  it('a partly deallocated scale set is not stopped either (read from the instances)', async () => {
    azure = await startFakeAzure({}, { observation: 'per-cluster' });
    const scaleSet = azure.arm.state.addScaleSet({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: RG,
      name: 'agents',
    });
    azure.arm.state.setInstanceCodes(scaleSet, ['PowerState/deallocated', 'PowerState/stopped']);
    const parsed = (await import('../../../shared/domain/ResourceId.js')).parseResourceId(`${VMSS}/agents`);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(
      (await azure.power.observe([SUBSCRIPTION], [parsed.resourceId])).get(`${VMSS}/agents`.toLowerCase())
        ?.state,
    ).toBe('running');
  });
});
