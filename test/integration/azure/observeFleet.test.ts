import { afterEach, describe, expect, it } from 'vitest';
import { decide } from '../../../shared/domain/decide.js';
import { parseResourceId } from '../../../shared/domain/ResourceId.js';
import { Schedule } from '../../../shared/domain/Schedule.js';
import { AKS, RG, startFakeAzure, SUBSCRIPTION, VMSS, type FakeAzure } from '../../helpers/fakeAzure.js';

let azure: FakeAzure;
afterEach(async () => azure.stop());

function seedFleet(fake: FakeAzure): void {
  fake.arm.state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: RG,
    name: 'dev',
    tags: { 'offhours-schedule': 'office' },
    pools: [
      { name: 'system', mode: 'System' },
      { name: 'user1', autoscale: { minCount: 1, maxCount: 5 }, tags: { 'offhours-schedule': 'office' } },
    ],
  });
  fake.arm.state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: RG,
    name: 'nap',
    nodeProvisioningMode: 'Auto',
    pools: [{ name: 'user1' }],
  });
  fake.arm.state.addScaleSet({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: RG,
    name: 'agents',
    capacity: 3,
  });
  fake.arm.state.addScaleSet({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: RG,
    name: 'aks-user1-vmss',
    capacity: 2,
    tags: { 'aks-managed-poolName': 'user1' },
  });
}

/** Resource Graph answers 403, as it does to an identity without access to it. */
function refuseResourceGraph(fake: FakeAzure): void {
  fake.arm.injectFault({
    path: /ResourceGraph/,
    status: 403,
    code: 'AuthorizationFailed',
    message: 'no Resource Graph access',
  });
}

const id = (text: string) => {
  const parsed = parseResourceId(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.resourceId;
};

describe('observing the fleet', () => {
  it('reads every cluster, pool and scale set with one Resource Graph request', async () => {
    azure = await startFakeAzure();
    seedFleet(azure);
    const observed = await azure.power.observe([SUBSCRIPTION], []);
    expect(azure.arm.requests).toEqual([
      { method: 'POST', path: '/providers/Microsoft.ResourceGraph/resources' },
    ]);
    expect(observed.get(`${AKS}/dev/agentPools/user1`.toLowerCase())).toMatchObject({
      state: 'running',
      isSystemPool: false,
      hasNodeAutoProvisioning: false,
      scale: { count: 3, enableAutoScaling: true, minCount: 1, maxCount: 5 },
      tags: { 'offhours-schedule': 'office' },
    });
    expect(observed.get(`${AKS}/dev/agentPools/system`.toLowerCase())).toMatchObject({
      state: 'running',
      isSystemPool: true,
    });
    expect(observed.get(`${AKS}/nap/agentPools/user1`.toLowerCase())).toMatchObject({
      hasNodeAutoProvisioning: true,
    });
    expect(observed.get(`${AKS}/dev`.toLowerCase())).toMatchObject({
      state: 'running',
      tags: { 'offhours-schedule': 'office' },
    });
    expect(observed.get(`${VMSS}/agents`.toLowerCase())).toMatchObject({
      state: 'running',
      isAksManagedScaleSet: false,
    });
    // A node pool's own scale set is seen through its cluster; kept only when a target or a tag names it.
    expect(observed.has(`${VMSS}/aks-user1-vmss`.toLowerCase())).toBe(false);
  });

  it('keeps the scale set of an AKS node pool when it is a target or opted in by tag', async () => {
    azure = await startFakeAzure();
    seedFleet(azure);
    azure.arm.state.addScaleSet({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: RG,
      name: 'aks-user2-vmss',
      tags: { 'aks-managed-poolName': 'user2', 'Offhours-Schedule': 'office' },
    });
    const observed = await azure.power.observe([SUBSCRIPTION], [id(`${VMSS}/aks-user1-vmss`)]);
    expect(observed.get(`${VMSS}/aks-user1-vmss`.toLowerCase())).toMatchObject({
      state: 'running',
      isAksManagedScaleSet: true,
    });
    expect(observed.get(`${VMSS}/aks-user2-vmss`.toLowerCase())).toMatchObject({
      isAksManagedScaleSet: true,
    });
    // The query leaves pool scale sets out; the registered one is read by GET (the set and its instances).
    expect(azure.arm.count('POST', /ResourceGraph/)).toBe(1);
    expect(azure.arm.count('GET')).toBe(2);
  });

  it("leaves AKS node pools' scale sets out of the query: its pages follow clusters, not pools", async () => {
    azure = await startFakeAzure();
    // Eleven clusters of 100 pools (AKS's most), each pool with its scale set: 1,111 rows before, 11 now.
    for (let cluster = 0; cluster < 11; cluster++) {
      const { nodeResourceGroup } = azure.arm.state.addCluster({
        subscriptionId: SUBSCRIPTION,
        resourceGroup: RG,
        name: `c${cluster}`,
        pools: Array.from({ length: 100 }, (_, index) => ({ name: `user${index}` })),
      });
      for (let index = 0; index < 100; index++)
        azure.arm.state.addScaleSet({
          subscriptionId: SUBSCRIPTION,
          resourceGroup: nodeResourceGroup,
          name: `aks-user${index}-vmss`,
          tags: { 'aks-managed-poolName': `user${index}` },
        });
    }
    const observed = await azure.power.observe([SUBSCRIPTION], []);
    expect(azure.arm.count('POST', /ResourceGraph/)).toBe(1);
    expect(azure.arm.count('GET')).toBe(0);
    expect(observed.get(`${AKS}/c10/agentPools/user99`.toLowerCase())?.state).toBe('running');
    expect([...observed.keys()].some((key) => key.includes('virtualmachinescalesets'))).toBe(false);
  });

  it('a registered scale set that is gone is left unobserved, and every other target is observed', async () => {
    azure = await startFakeAzure();
    seedFleet(azure);
    const observed = await azure.power.observe([SUBSCRIPTION], [id(`${VMSS}/gone`), id(`${VMSS}/agents`)]);
    expect(observed.has(`${VMSS}/gone`.toLowerCase())).toBe(false);
    expect(observed.get(`${VMSS}/agents`.toLowerCase())?.state).toBe('running');
  });

  it('counts instances in the query: a scale set of 2,100 nodes is one page, not three', async () => {
    azure = await startFakeAzure();
    const big = azure.arm.state.addScaleSet({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: RG,
      name: 'big',
      capacity: 2100,
    });
    big.instanceCodes = ['PowerState/deallocated', 'PowerState/running'];
    const observed = await azure.power.observe([SUBSCRIPTION], []);
    expect(azure.arm.count('POST', /ResourceGraph/)).toBe(1);
    expect(observed.get(`${VMSS}/big`.toLowerCase())?.state).toBe('running');
  });

  it('pages through a large result with $skipToken', async () => {
    azure = await startFakeAzure();
    for (let index = 0; index < 1100; index++)
      azure.arm.state.addScaleSet({ subscriptionId: SUBSCRIPTION, resourceGroup: RG, name: `s${index}` });
    const observed = await azure.power.observe([SUBSCRIPTION], []);
    // 1,100 scale sets, each one row with its instances' count, 1,000 rows a page.
    expect(azure.arm.count('POST', /ResourceGraph/)).toBe(2);
    expect(observed.get(`${VMSS}/s1099`.toLowerCase())?.state).toBe('running');
  });

  it('pages two halves of the subscriptions at once, each through its own $skipToken', async () => {
    azure = await startFakeAzure();
    const other = '00000000-0000-0000-0000-0000000000ff';
    for (const subscriptionId of [SUBSCRIPTION, other])
      for (let index = 0; index < 2100; index++)
        azure.arm.state.addScaleSet({ subscriptionId, resourceGroup: RG, name: `s${index}` });
    const observed = await azure.power.observe([SUBSCRIPTION, other], []);
    // Two queries of 2,100 rows each (a scale set and its instances' count a row), 1,000 rows a page.
    expect(azure.arm.count('POST', /ResourceGraph/)).toBe(6);
    expect(observed.size).toBe(4200);
    expect(observed.get(`${VMSS}/s2099`.toLowerCase())?.state).toBe('running');
    expect(
      observed.get(
        `/subscriptions/${other}/resourceGroups/${RG}/providers/Microsoft.Compute/virtualMachineScaleSets/s2099`.toLowerCase(),
      )?.state,
    ).toBe('running');
  });

  it('pages both halves within the shared quota: every chain waits for the window, none is answered 429', async () => {
    azure = await startFakeAzure({ graphQuota: { limit: 3, windowMs: 1000 }, throttleClock: Date.now });
    const other = '00000000-0000-0000-0000-0000000000ff';
    for (const subscriptionId of [SUBSCRIPTION, other])
      for (let index = 0; index < 2100; index++)
        azure.arm.state.addScaleSet({ subscriptionId, resourceGroup: RG, name: `s${index}` });
    const observed = await azure.power.observe([SUBSCRIPTION, other], []);
    expect(azure.arm.count('POST', /ResourceGraph/)).toBe(6);
    expect(azure.arm.throttled.graph).toBe(0);
    expect(observed.size).toBe(4200);
  });

  it("waits for Resource Graph's window to reset when a page says no query is left", async () => {
    azure = await startFakeAzure({ graphQuota: { limit: 2, windowMs: 1000 }, throttleClock: Date.now });
    for (let index = 0; index < 2100; index++)
      azure.arm.state.addScaleSet({ subscriptionId: SUBSCRIPTION, resourceGroup: RG, name: `s${index}` });
    const observed = await azure.power.observe([SUBSCRIPTION], []);
    expect(azure.arm.count('POST', /ResourceGraph/)).toBe(3);
    expect(azure.arm.throttled.graph).toBe(0);
    expect(observed.size).toBe(2100);
  });

  it('falls back to one GET per cluster (and two per scale set) when Resource Graph fails', async () => {
    azure = await startFakeAzure();
    seedFleet(azure);
    refuseResourceGraph(azure);
    const targets = [
      id(`${AKS}/dev/agentPools/user1`),
      id(`${AKS}/dev/agentPools/system`),
      id(`${AKS}/nap`),
      id(`${VMSS}/agents`),
    ];
    const observed = await azure.power.observe([SUBSCRIPTION], targets);
    expect(azure.warnings).toEqual([
      'Resource Graph query failed (AuthorizationFailed: no Resource Graph access); observing cluster by cluster this tick',
    ]);
    expect(azure.arm.count('GET')).toBe(4);
    expect(observed.get(`${AKS}/dev/agentPools/user1`.toLowerCase())).toMatchObject({
      state: 'running',
      scale: { count: 3, enableAutoScaling: true, minCount: 1, maxCount: 5 },
    });
    expect(observed.get(`${VMSS}/agents`.toLowerCase())?.state).toBe('running');
  });

  it('one cluster gone while Resource Graph fails hides no other target', async () => {
    azure = await startFakeAzure();
    seedFleet(azure);
    refuseResourceGraph(azure);
    const targets = [id(`${AKS}/deleted/agentPools/user1`), id(`${VMSS}/gone`), id(`${AKS}/nap`)];
    const observed = await azure.power.observe([SUBSCRIPTION], targets);
    expect(observed.has(`${AKS}/deleted/agentPools/user1`.toLowerCase())).toBe(false);
    expect(observed.has(`${VMSS}/gone`.toLowerCase())).toBe(false);
    expect(observed.get(`${AKS}/nap`.toLowerCase())?.state).toBe('running');
  });

  it('gives decide() the facts to refuse up front what AKS would refuse', async () => {
    azure = await startFakeAzure();
    seedFleet(azure);
    // As the tick does: the registered targets are named, so their scale sets are kept.
    const observed = await azure.power.observe([SUBSCRIPTION], [id(`${VMSS}/aks-user1-vmss`)]);
    const schedule = Schedule.compile({ uptime: 'never' });
    const refusal = (resourceId: string, kind: 'nodepool' | 'vmss') => {
      const resource = observed.get(resourceId.toLowerCase());
      if (!resource) throw new Error(`not observed: ${resourceId}`);
      return decide({
        target: { id: resourceId, kind, registered: true },
        schedule,
        overrides: [],
        observed: resource,
        memory: { firstSeenAt: 0, lastDesired: 'running' },
        now: azure.clock.now,
      });
    };
    expect(refusal(`${AKS}/dev/agentPools/system`, 'nodepool')).toMatchObject({
      action: 'none',
      refused: true,
    });
    expect(refusal(`${AKS}/nap/agentPools/user1`, 'nodepool')).toMatchObject({
      action: 'none',
      refused: true,
    });
    expect(refusal(`${VMSS}/aks-user1-vmss`, 'vmss')).toMatchObject({ action: 'none', refused: true });
    expect(refusal(`${AKS}/dev/agentPools/user1`, 'nodepool')).toMatchObject({
      action: 'stop',
      refused: false,
    });
  });
});
