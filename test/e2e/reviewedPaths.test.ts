import { afterEach, describe, expect, it } from 'vitest';
import { parseResourceId } from '../../shared/domain/ResourceId.js';
import { startApp, SUBSCRIPTION, type AppHarness } from '../helpers/appHarness.js';
import { poolId, registerCatalog } from '../helpers/catalogRows.js';

// Paths between the pieces that must not stop what should stay up (found in review; each failed
// before its fix). Thursday 2026-11-26 20:00 in Berlin: the office schedule says stopped.
const OFFICE = { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Europe/Berlin' };
const UPGRADE_IN_PROGRESS = {
  method: 'PUT',
  path: /agentPools\/user1$/i,
  status: 409,
  code: 'OperationNotAllowed',
  message: 'Operation is not allowed because there is an upgrade in progress',
};
let app: AppHarness;
afterEach(async () => app.stop());

async function devCluster(pools: { name: string; tags?: Record<string, string> }[]): Promise<void> {
  app.arm.state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg',
    name: 'dev',
    pools: [{ name: 'system', mode: 'System' }, ...pools],
  });
}

async function laterTicks(count: number): Promise<void> {
  for (let tick = 0; tick < count; tick++) {
    app.clock.now += 5 * 60_000;
    await app.tick();
    await app.drain();
  }
}

const poolOf = (name: string) => app.arm.state.pool(app.arm.state.cluster(SUBSCRIPTION, 'rg', 'dev'), name);

describe('an owed stop', () => {
  it('sent again after the cluster was tagged environment=prod is refused, and owed no more', async () => {
    app = await startApp({ OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0' }, {}, '2026-11-26T19:00:00Z');
    await devCluster([{ name: 'user1' }]);
    await registerCatalog(
      app.services.storage,
      { office: OFFICE },
      { u1: { resourceId: poolId(SUBSCRIPTION, 'dev', 'user1'), schedule: 'office' } },
    );
    app.arm.injectFault(UPGRADE_IN_PROGRESS);
    await app.tick();
    await app.drain();
    expect((await app.services.storage.operations.get('u1'))?.status).toBe('owed');
    app.arm.state.cluster(SUBSCRIPTION, 'rg', 'dev').tags = { environment: 'prod' };
    await laterTicks(4);
    expect(poolOf('user1').powerState).toBe('Running');
    expect((await app.services.storage.operations.get('u1'))?.status).toBe('superseded');
    const audit = await app.services.storage.audit.query({ targetName: 'u1', limit: 20 });
    expect(audit.some((entry) => entry.result.includes('environment=prod'))).toBe(true);
  });

  it('is not sent to the old resource after the Targets row was pointed at another one', async () => {
    app = await startApp({ OFFHOURS_NEW_TARGET_GRACE_MINUTES: '15' }, {}, '2026-11-26T19:00:00Z');
    await devCluster([{ name: 'user1' }, { name: 'user2' }]);
    await registerCatalog(
      app.services.storage,
      { office: OFFICE },
      { u1: { resourceId: poolId(SUBSCRIPTION, 'dev', 'user1'), schedule: 'office' } },
    );
    await app.tick();
    app.clock.now += 16 * 60_000;
    app.arm.injectFault(UPGRADE_IN_PROGRESS);
    await app.tick();
    await app.drain();
    expect((await app.services.storage.operations.get('u1'))?.status).toBe('owed');
    const row = await app.services.storage.targets.get('u1');
    const user2 = parseResourceId(poolId(SUBSCRIPTION, 'dev', 'user2'));
    if (!row?.row?.etag || !user2.ok) throw new Error('the row and the ID are there');
    await app.services.storage.targets.replace({ ...row, resourceId: user2.resourceId }, row.row.etag);
    await laterTicks(3);
    expect(poolOf('user1').powerState).toBe('Running');
  });
});

describe('a stop whose tags cannot be read', () => {
  it('is not sent: it stays owed and goes out once the tags can be read', async () => {
    app = await startApp({ OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0' }, {}, '2026-11-26T19:00:00Z');
    await devCluster([{ name: 'user1' }]);
    await registerCatalog(
      app.services.storage,
      { office: OFFICE },
      { u1: { resourceId: poolId(SUBSCRIPTION, 'dev', 'user1'), schedule: 'office' } },
    );
    await app.tick();
    // The executor's read of the cluster (for its tags) keeps failing: the stop waits for it.
    app.arm.injectFault({
      method: 'GET',
      path: /managedClusters\/dev$/i,
      status: 403,
      code: 'AuthorizationFailed',
    });
    await app.drain();
    expect(app.arm.count('PUT')).toBe(0);
    expect(await app.services.storage.operations.get('u1')).toMatchObject({
      status: 'owed',
      error: expect.stringContaining('could not be read') as string,
    });
    await laterTicks(3);
    expect(app.arm.count('PUT')).toBe(1);
    expect(poolOf('user1').powerState).toBe('Stopped');
  });
});

describe('stop now through the API', () => {
  it('does not stop a cluster held because a pool of it opted in by tag', async () => {
    app = await startApp(
      { OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0', OFFHOURS_SUBSCRIPTIONS: SUBSCRIPTION },
      {},
      '2026-11-26T19:00:00Z',
    );
    await devCluster([{ name: 'user1', tags: { 'offhours-schedule': 'always' } }]);
    await registerCatalog(
      app.services.storage,
      { office: OFFICE, always: { uptime: 'always' } },
      {
        dev: {
          resourceId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/dev`,
          schedule: 'always',
        },
      },
    );
    await app.tick();
    const stop = await app.http('POST', 'targets/dev/stop', { body: { duration: 'PT1H' } });
    expect(stop.body).toMatchObject({ outcome: { enqueued: false } });
    await app.drain();
    await laterTicks(1);
    expect(app.arm.state.cluster(SUBSCRIPTION, 'rg', 'dev').powerState).toBe('Running');
  });

  it('refuses to register a cluster one of whose pools opted in by tag (409 naming it)', async () => {
    app = await startApp(
      { OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0', OFFHOURS_SUBSCRIPTIONS: SUBSCRIPTION },
      {},
      '2026-11-26T19:00:00Z',
    );
    await devCluster([{ name: 'user1', tags: { 'offhours-schedule': 'always' } }]);
    await registerCatalog(app.services.storage, { always: { uptime: 'always' } }, {});
    const response = await app.http('PUT', 'targets/dev', {
      body: {
        resourceId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/dev`,
        schedule: 'always',
      },
    });
    expect(response.status).toBe(409);
    expect(JSON.stringify(response.body)).toContain('user1');
    expect(await app.services.storage.targets.get('dev')).toBeUndefined();
  });
});
