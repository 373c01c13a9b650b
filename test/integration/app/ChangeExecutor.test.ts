import { afterEach, describe, expect, it } from 'vitest';
import { ChangeExecutor } from '../../../shared/app/operations/ChangeExecutor.js';
import type { OperationRecord } from '../../../shared/app/operations/OperationTable.js';
import { OverrideTable } from '../../../shared/app/overrides/OverrideTable.js';
import { TransientAzureError } from '../../../shared/app/operations/TransientAzureError.js';
import { InMemoryRowTable } from '../../../dev/InMemoryRowTable.js';
import { changeRequests } from '../../helpers/changeRequests.js';
import { AKS, RG, startFakeAzure, SUBSCRIPTION, type FakeAzure } from '../../helpers/fakeAzure.js';
import { eventsBetween, recordTransitions } from '../../helpers/operationTransitions.js';

/*
 * ChangeExecutor (shared/app/operations): one change request, from the claim to Azure's answer, on
 * the fake ARM with the real SDK clients. Each test names the statuses the executor writes; every one
 * of them is a step the lifecycle allows (docs/architecture.md, The state of an operation).
 */

let azure: FakeAzure;
let transitions: string[];
afterEach(async () => {
  for (const transition of transitions) expect(eventsBetween(transition), transition).not.toEqual([]);
  await azure.stop();
});

const MINUTE = 60_000;
const POOL = `${AKS}/dev/agentPools/user1`;
const request = changeRequests(() => azure.clock.now);

async function devCluster(): Promise<void> {
  azure = await startFakeAzure();
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

/** An Operations row as an earlier invocation left it: not one of the transitions under test. */
async function seed(row: OperationRecord): Promise<void> {
  await azure.operations.put(row);
  transitions.length = 0;
}

const fakePool = () => azure.arm.state.pool(azure.arm.state.cluster(SUBSCRIPTION, RG, 'dev'), 'user1');

describe('ChangeExecutor', () => {
  it('claims the target, then records running with the operation to follow once Azure accepts', async () => {
    await devCluster();
    expect(await azure.executor.execute(request('user1', POOL, 'stop'))).toEqual({
      result: 'begun',
      message: 'stop begun',
    });
    expect(transitions).toEqual(['none → beginning', 'beginning → running']);
    expect((await azure.operations.get('user1'))?.operationState).toBeTruthy();
    expect(azure.arm.count('PUT')).toBe(1);
  });

  it('writes nothing for a redelivery, and never claims over an operation still running', async () => {
    await devCluster();
    const stop = request('user1', POOL, 'stop');
    await azure.executor.execute(stop);
    expect(await azure.executor.execute(stop)).toMatchObject({ result: 'duplicate' });
    expect(await azure.executor.execute(request('user1', POOL, 'start'))).toMatchObject({ result: 'busy' });
    expect(transitions).toEqual(['none → beginning', 'beginning → running']);
    expect(await azure.operations.get('user1')).toMatchObject({
      status: 'running',
      transitionKey: stop.transitionKey,
    });
  });

  it('records what Azure refuses as failed, with its code', async () => {
    await devCluster();
    const result = await azure.executor.execute(request('system', `${AKS}/dev/agentPools/system`, 'stop'));
    expect(result.result).toBe('refused');
    expect(transitions).toEqual(['none → beginning', 'beginning → failed']);
    expect((await azure.operations.get('system'))?.error).toMatch(/^OperationNotAllowed: /);
  });

  it('owes a change Azure answers with 409, counting the attempt, and claims it again when it is due', async () => {
    await devCluster();
    azure.arm.injectFault({
      method: 'PUT',
      path: /agentPools\/user1$/,
      status: 409,
      code: 'OperationNotAllowed',
      message: 'another operation is in progress',
    });
    const stop = request('user1', POOL, 'stop');
    expect(await azure.executor.execute(stop)).toMatchObject({ result: 'conflict' });
    expect(await azure.operations.get('user1')).toMatchObject({
      status: 'owed',
      attempts: 1,
      owedFor: 'conflict',
    });
    expect(await azure.executor.execute(stop)).toMatchObject({ result: 'deferred' });
    azure.clock.advance(5 * MINUTE);
    expect(await azure.executor.execute(stop)).toMatchObject({ result: 'begun' });
    expect(transitions).toEqual([
      'none → beginning',
      'beginning → owed',
      'owed → beginning',
      'beginning → running',
    ]);
  });

  it('marks a transient failure retrying, and the redelivery claims it again and begins it once', async () => {
    await devCluster();
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
    expect(await azure.executor.execute(stop)).toMatchObject({ result: 'begun' });
    expect(transitions).toEqual([
      'none → beginning',
      'beginning → retrying',
      'retrying → beginning',
      'beginning → running',
    ]);
    expect(azure.arm.state.operations.size).toBe(1);
  });

  it('follows a claim a dead invocation left when Azure shows the change, sending nothing', async () => {
    await devCluster();
    const stop = request('user1', POOL, 'stop');
    await seed({
      targetName: 'user1',
      resourceId: POOL,
      action: 'stop',
      transitionKey: stop.transitionKey,
      status: 'beginning',
      requestedAt: stop.requestedAt,
      startedAt: azure.clock.now,
    });
    azure.arm.state.changePoolPower(azure.arm.state.cluster(SUBSCRIPTION, RG, 'dev'), fakePool(), 'Stopped');
    expect(await azure.executor.execute(stop)).toMatchObject({ result: 'duplicate' });
    azure.clock.advance(6 * MINUTE);
    azure.arm.resetCounts();
    expect(await azure.executor.execute(stop)).toMatchObject({ result: 'begun' });
    expect(azure.arm.count('PUT')).toBe(0);
    expect(transitions).toEqual(['beginning → running']);
  });

  it('ends the open change a guard now refuses, so no tick sends it again', async () => {
    await devCluster();
    const stop = request('user1', POOL, 'stop');
    await seed({
      targetName: 'user1',
      resourceId: POOL,
      action: 'stop',
      transitionKey: stop.transitionKey,
      status: 'owed',
      requestedAt: stop.requestedAt,
      startedAt: stop.requestedAt,
      attempts: 1,
    });
    const narrowed = new ChangeExecutor({
      power: azure.power,
      operations: azure.operations,
      overrides: new OverrideTable(new InMemoryRowTable(OverrideTable.tableName)),
      audit: azure.audit,
      now: () => azure.clock.now,
      dryRun: false,
      allowedScopes: [`/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-other`],
    });
    expect(await narrowed.execute(stop)).toMatchObject({ result: 'refused' });
    expect(transitions).toEqual(['owed → superseded']);
    expect((await azure.operations.get('user1'))?.error).toMatch(/^refused: /);
    expect(azure.arm.count('PUT')).toBe(0);
  });
});
