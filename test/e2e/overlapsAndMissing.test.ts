import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseResourceId } from '../../shared/domain/ResourceId.js';
import { startApp, SUBSCRIPTION, type AppHarness } from '../helpers/appHarness.js';
import { poolId, registerCatalog } from '../helpers/catalogRows.js';

// Issue 10 items 3 and 8. Thursday 2026-11-26 11:00 in Berlin: the office schedule says running.
let app: AppHarness;
const CLUSTER_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/dev`;
const NODE_SCALE_SET_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/MC_rg_dev_westeurope/providers/Microsoft.Compute/virtualMachineScaleSets/aks-user1-12345678-vmss`;

beforeAll(async () => {
  app = await startApp({ OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0' }, {}, '2026-11-26T10:00:00Z');
  app.arm.state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg',
    name: 'dev',
    location: 'westeurope',
    pools: [{ name: 'system', mode: 'System' }, { name: 'user1' }, { name: 'user2' }],
  });
  app.arm.state.addScaleSet({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'MC_rg_dev_westeurope',
    name: 'aks-user1-12345678-vmss',
    location: 'westeurope',
    tags: { 'aks-managed-poolName': 'user1' },
  });
  await registerCatalog(
    app.services.storage,
    { office: { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Europe/Berlin' } },
    {
      'dev-user1': { resourceId: poolId(SUBSCRIPTION, 'dev', 'user1'), schedule: 'office' },
      'dev-user2': { resourceId: poolId(SUBSCRIPTION, 'dev', 'user2'), schedule: 'office' },
    },
  );
  await app.tick();
});
afterAll(async () => app.stop());

const cluster = () => app.arm.state.cluster(SUBSCRIPTION, 'rg', 'dev');
const problemsOf = async (name: string) =>
  ((await app.http('GET', `targets/${name}`)).body as { problems: string[] }).problems;

describe('3. overlapping targets', () => {
  it('the API refuses a cluster whose node pools are registered (409 naming them), and writes nothing', async () => {
    const response = await app.http('PUT', 'targets/dev-cluster', {
      body: { resourceId: CLUSTER_ID, schedule: 'office' },
    });
    expect(response.status).toBe(409);
    const { detail } = response.body as { detail: string };
    expect(detail).toContain('"dev-user1"');
    expect(detail).toContain('"dev-user2"');
    expect(await app.services.storage.targets.get('dev-cluster')).toBeUndefined();
  });

  it('a cluster typed in the portal over overridden pools: the problem on every row, nothing stopped at night', async () => {
    for (const name of ['dev-user1', 'dev-user2'])
      expect(
        (
          await app.http('POST', `targets/${name}/override`, {
            body: { kind: 'keep-running', duration: 'PT14H', reason: 'load test tonight' },
          })
        ).status,
      ).toBe(200);
    const parsed = parseResourceId(CLUSTER_ID);
    if (!parsed.ok) throw new Error(parsed.message);
    await app.services.storage.targets.create({
      name: 'dev-cluster',
      resourceId: parsed.resourceId,
      scheduleName: 'office',
      enabled: true,
      allowAksManagedScaleSet: false,
    });
    // 21:05 in Berlin: the schedule says stopped; the pools' overrides say running.
    app.clock.now = Date.parse('2026-11-26T20:05:00Z');
    await app.tick();
    expect(await app.drain()).toEqual([]);
    app.clock.now += 5 * 60_000;
    await app.tick();
    expect(cluster().powerState).toBe('Running');
    expect(cluster().provisioningState).toBe('Succeeded');
    expect((await problemsOf('dev-cluster')).join('\n')).toMatch(/contains target "dev-user1"/);
    expect((await problemsOf('dev-user1')).join('\n')).toMatch(/contained in target "dev-cluster"/);
    const stopNow = await app.http('POST', 'targets/dev-cluster/stop', { body: {} });
    expect(stopNow.status).toBe(200);
    expect((stopNow.body as { outcome: { enqueued: boolean; message: string } }).outcome).toMatchObject({
      enqueued: false,
    });
    expect(await app.drain()).toEqual([]);
    expect(cluster().powerState).toBe('Running');
  });

  it("the API refuses a scale set in a registered cluster's node resource group (409 naming the cluster)", async () => {
    const response = await app.http('PUT', 'targets/user1-nodes', {
      body: { resourceId: NODE_SCALE_SET_ID, schedule: 'office', allowAksManagedScaleSet: true },
    });
    expect(response.status).toBe(409);
    expect((response.body as { detail: string }).detail).toContain(
      'contained in target "dev-cluster" (the scale set is in the cluster\'s node resource group mc_rg_dev_westeurope)',
    );
    expect(await app.services.storage.targets.get('user1-nodes')).toBeUndefined();
  });
});

describe('8. targets that are not there', () => {
  it.each([
    ['a resource missing in Azure', 'ghost', poolId(SUBSCRIPTION, 'gone', 'ghost'), 'is not found in Azure'],
    [
      'a malformed ID (the subscription is not a GUID)',
      'elsewhere',
      '/subscriptions/abc/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/x/agentPools/y',
      'is not a valid resource ID',
    ],
  ])('%s is a problem on the target and in its State row', async (_case, name, resourceId, expected) => {
    const parsed = parseResourceId(resourceId);
    if (!parsed.ok) return expect(parsed.message.length).toBeGreaterThan(10);
    await app.services.storage.targets.create({
      name,
      resourceId: parsed.resourceId,
      scheduleName: 'office',
      enabled: true,
      allowAksManagedScaleSet: false,
    });
    await app.tick();
    expect((await problemsOf(name)).join('\n')).toContain(expected);
    const state = (await app.services.storage.state.load()).get(name);
    expect(state?.problems.join('\n')).toContain(expected);
  });

  it('a System node pool registered on its own is refused at registration (400, resourceId)', async () => {
    const response = await app.http('PUT', 'targets/dev-system', {
      body: { resourceId: poolId(SUBSCRIPTION, 'dev', 'system'), schedule: 'office' },
    });
    expect(response.status).toBe(400);
    const problem = response.body as { errors: { field: string; message: string }[] };
    expect(problem.errors.map((error) => error.field)).toEqual(['resourceId']);
    expect(problem.errors[0]?.message).toContain('System');
    expect(await app.services.storage.targets.get('dev-system')).toBeUndefined();
  });
});
