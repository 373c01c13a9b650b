import { afterEach, expect, it } from 'vitest';
import { startApp, SUBSCRIPTION, type AppHarness } from '../helpers/appHarness.js';

let app: AppHarness;
afterEach(async () => app.stop());

it('stops a pool at the evening transition through the registered handlers', async () => {
  app = await startApp({ OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0' }, {}, '2026-11-26T18:50:00Z');
  app.arm.state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg',
    name: 'dev',
    pools: [{ name: 'system', mode: 'System' }, { name: 'user1' }],
  });
  await app.services.storage.schedules.create({
    name: 'office',
    definition: { uptime: 'Mon-Fri 08:00-20:00 Europe/Berlin' },
  });
  await app.services.storage.targets.create({
    name: 'dev-user1',
    resourceId: {
      kind: 'nodepool',
      id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/dev/agentPools/user1`,
      key: `/subscriptions/${SUBSCRIPTION}/resourcegroups/rg/providers/microsoft.containerservice/managedclusters/dev/agentpools/user1`,
      subscriptionId: SUBSCRIPTION,
      resourceGroup: 'rg',
      clusterName: 'dev',
      poolName: 'user1',
    },
    scheduleName: 'office',
    enabled: true,
    allowAksManagedScaleSet: false,
  });
  await app.tick();
  expect(await app.drain()).toEqual([]);
  app.clock.now = Date.parse('2026-11-26T19:00:00Z');
  await app.tick();
  expect(await app.drain()).toEqual([]);
  const pool = app.arm.state.pool(app.arm.state.cluster(SUBSCRIPTION, 'rg', 'dev'), 'user1');
  expect(pool.powerState).toBe('Stopped');
  const response = await app.http('GET', 'targets/dev-user1');
  expect(response.status).toBe(200);
  expect(response.body).toMatchObject({ name: 'dev-user1', desired: 'stopped', observed: 'running' });
});
