import { afterEach, describe, expect, it } from 'vitest';
import type { OperationRecord } from '../../../shared/app/operations/OperationTable.js';
import { nextOperationStatus } from '../../../shared/domain/operationLifecycle.js';
import { changeRequests } from '../../helpers/changeRequests.js';
import { AKS, RG, startFakeAzure, SUBSCRIPTION, type FakeAzure } from '../../helpers/fakeAzure.js';
import { eventsBetween, recordTransitions } from '../../helpers/operationTransitions.js';

/*
 * OperationFollower (shared/app/operations): each tick's look at the operations under way and the
 * changes owed, on the fake ARM with the real SDK clients. Each test names the statuses the follower
 * writes; every one is a step the lifecycle allows (docs/architecture.md, The state of an operation).
 */

let azure: FakeAzure;
let transitions: string[];
/** Transitions a test names as two lifecycle events with only the second written. */
let twoSteps: string[] = [];
afterEach(async () => {
  for (const transition of transitions.filter((one) => !twoSteps.includes(one)))
    expect(eventsBetween(transition), transition).not.toEqual([]);
  twoSteps = [];
  await azure.stop();
});

const MINUTE = 60_000;
const POOL = `${AKS}/dev/agentPools/user1`;
const request = changeRequests(() => azure.clock.now);

async function devCluster(options: { operationDurationMs?: number } = {}): Promise<void> {
  azure = await startFakeAzure(options);
  azure.arm.state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: RG,
    name: 'dev',
    pools: [
      { name: 'system', mode: 'System' },
      { name: 'user1', count: 3 },
    ],
  });
  transitions = recordTransitions(azure.operations);
}

/** An Operations row as the executor left it: not one of the transitions under test. */
async function seed(row: Partial<OperationRecord> & Pick<OperationRecord, 'status'>): Promise<void> {
  await azure.operations.put({
    targetName: 'user1',
    resourceId: POOL,
    action: 'stop',
    transitionKey: 'user1|stop|seeded',
    requestedAt: azure.clock.now,
    startedAt: azure.clock.now,
    ...row,
  });
  transitions.length = 0;
}

/** Stops the pool through the executor, leaving a `running` row. */
async function stopBegun(): Promise<void> {
  await azure.executor.execute(request('user1', POOL, 'stop'));
  transitions.length = 0;
}

const cluster = () => azure.arm.state.cluster(SUBSCRIPTION, RG, 'dev');
const fakePool = () => azure.arm.state.pool(cluster(), 'user1');

describe('OperationFollower.followAll', () => {
  it('leaves an operation still running as it is, and records succeeded once Azure says so', async () => {
    await devCluster();
    await stopBegun();
    expect(await azure.follower.followAll()).toMatchObject([{ outcome: 'running' }]);
    expect(transitions).toEqual([]);
    azure.clock.advance(2 * MINUTE);
    expect(await azure.follower.followAll()).toMatchObject([{ outcome: 'succeeded' }]);
    expect(transitions).toEqual(['running → succeeded']);
    expect(await azure.follower.followAll()).toEqual([]);
  });

  it("records Azure's Failed as failed, with its code and message", async () => {
    await devCluster();
    azure.arm.state.failNextOperation(/user1$/, {
      code: 'VMExtensionProvisioningError',
      message: 'no drain',
    });
    await stopBegun();
    azure.clock.advance(2 * MINUTE);
    expect(await azure.follower.followAll()).toMatchObject([{ outcome: 'failed' }]);
    expect(transitions).toEqual(['running → failed']);
    expect((await azure.operations.get('user1'))?.error).toBe('VMExtensionProvisioningError: no drain');
  });

  it('ends an operation still running after the timeout as failed', async () => {
    await devCluster({ operationDurationMs: 10 * 60 * MINUTE });
    await stopBegun();
    azure.clock.advance(3 * 60 * MINUTE);
    expect(await azure.follower.followAll()).toMatchObject([{ outcome: 'timed-out' }]);
    expect(transitions).toEqual(['running → failed']);
  });

  it('leaves a live claim alone, and owes an expired one Azure shows no sign of', async () => {
    await devCluster();
    await seed({ status: 'beginning' });
    expect(await azure.follower.followAll()).toMatchObject([{ outcome: 'running', message: 'being begun' }]);
    expect(transitions).toEqual([]);
    azure.clock.advance(6 * MINUTE);
    expect(await azure.follower.followAll()).toMatchObject([{ outcome: 'owed' }]);
    expect(transitions).toEqual(['beginning → owed']);
  });

  it('follows an expired claim whose change Azure shows under way as running, then succeeded', async () => {
    await devCluster();
    await seed({ status: 'beginning' });
    azure.clock.advance(6 * MINUTE);
    azure.arm.state.changePoolPower(cluster(), fakePool(), 'Stopped');
    expect(await azure.follower.followAll()).toMatchObject([{ outcome: 'running' }]);
    expect(await azure.operations.get('user1')).toMatchObject({ status: 'running' });
    azure.clock.advance(2 * MINUTE);
    expect(await azure.follower.followAll()).toMatchObject([{ outcome: 'succeeded' }]);
    expect(transitions).toEqual(['beginning → running', 'running → succeeded']);
  });

  it('ends an expired claim Azure shows already done as succeeded', async () => {
    await devCluster();
    await seed({ status: 'beginning' });
    azure.arm.state.changePoolPower(cluster(), fakePool(), 'Stopped');
    azure.clock.advance(6 * MINUTE);
    expect(await azure.follower.followAll()).toMatchObject([{ outcome: 'succeeded' }]);
    expect(transitions).toEqual(['beginning → succeeded']);
  });
});

describe('OperationFollower.retryOwed', () => {
  const decision = (desired: string, observed: string) => ({
    target: 'user1',
    resourceId: POOL,
    desired,
    observed,
  });

  it('asks again for an owed change that is due, writing nothing itself', async () => {
    await devCluster();
    await seed({ status: 'owed', retryAt: azure.clock.now, attempts: 1, owedFor: 'conflict' });
    expect(await azure.follower.retryOwed([decision('stopped', 'running')])).toMatchObject([
      { transitionKey: 'user1|stop|seeded', action: 'stop' },
    ]);
    expect(transitions).toEqual([]);
  });

  it('ends an owed change the desired state moved away from as superseded, and audits it', async () => {
    await devCluster();
    await seed({ status: 'owed', retryAt: azure.clock.now, attempts: 1, owedFor: 'conflict' });
    expect(await azure.follower.retryOwed([decision('running', 'running')])).toEqual([]);
    expect(transitions).toEqual(['owed → superseded']);
    expect((await azure.audit.query({ targetName: 'user1', limit: 1 }))[0]?.result).toBe(
      'superseded: stop no longer owed: the desired state is now running',
    );
  });

  it('ends an owed change someone else already made as superseded, not as our success', async () => {
    await devCluster();
    await seed({ status: 'owed', retryAt: azure.clock.now, attempts: 1, owedFor: 'conflict' });
    expect(await azure.follower.retryOwed([decision('stopped', 'stopped')])).toEqual([]);
    expect(transitions).toEqual(['owed → superseded']);
  });

  it('follows an owed change Azure did after all (a throttled retry of a lost answer) as ours', async () => {
    await devCluster();
    await seed({ status: 'owed', retryAt: azure.clock.now, attempts: 1, owedFor: 'throttled' });
    azure.arm.state.changePoolPower(cluster(), fakePool(), 'Stopped');
    azure.clock.advance(2 * MINUTE);
    expect(await azure.follower.retryOwed([decision('stopped', 'stopped')])).toEqual([]);
    // Two events of the lifecycle, seen in Azure then followed to success; only the end is written.
    twoSteps = ['owed → succeeded'];
    expect(transitions).toEqual(['owed → succeeded']);
    const seen = nextOperationStatus('owed', 'seen-in-azure');
    expect(seen).toEqual({ ok: true, status: 'running' });
    expect(seen.ok && nextOperationStatus(seen.status, 'followed-succeeded')).toEqual({
      ok: true,
      status: 'succeeded',
    });
  });
});
