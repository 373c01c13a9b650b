import { afterEach, describe, expect, it } from 'vitest';
import type { ObservedResource } from '../../../shared/app/operations/PowerControl.js';
import { ArmClients } from '../../../shared/azure/ArmClients.js';
import { FLEET_QUERY } from '../../../shared/azure/fleetQuery.js';
import { fakeArmCredential } from '../../../dev/fakeArm/fakeArmCredential.js';
import { parseResourceId } from '../../../shared/domain/ResourceId.js';
import { AKS, RG, startFakeAzure, SUBSCRIPTION, VMSS, type FakeAzure } from '../../helpers/fakeAzure.js';

/*
 * Issue 17: the fleet query asks Resource Graph for the fields the app reads, not every resource's
 * whole `properties` (a scale set's are several KB), and means what it meant before.
 */

let azure: FakeAzure;
afterEach(async () => azure.stop());

function seedMixedFleet(fake: FakeAzure): void {
  const state = fake.arm.state;
  state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: RG,
    name: 'dev',
    location: 'westeurope',
    tags: { 'offhours-schedule': 'office' },
    pools: [
      { name: 'system', mode: 'System', count: 2 },
      { name: 'user1', autoscale: { minCount: 1, maxCount: 5 }, tags: { team: 'a' } },
      { name: 'user2', count: 4 },
    ],
  });
  const dev = state.cluster(SUBSCRIPTION, RG, 'dev');
  const user2 = state.pool(dev, 'user2');
  Object.assign(user2, { powerState: 'Stopped', count: 0 });
  state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: RG,
    name: 'nap',
    nodeProvisioningMode: 'Auto',
    pools: [{ name: 'user1' }],
  });
  state.cluster(SUBSCRIPTION, RG, 'nap').provisioningState = 'Failed';
  state.addScaleSet({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: RG,
    name: 'agents',
    capacity: 3,
  }).instanceCodes = ['PowerState/deallocated', 'PowerState/stopped', 'PowerState/running'];
  state.addScaleSet({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: RG,
    name: 'aks-user1-vmss',
    capacity: 2,
    tags: { 'aks-managed-poolName': 'user1' },
  });
  const stopped = state.addScaleSet({ subscriptionId: SUBSCRIPTION, resourceGroup: RG, name: 'batch' });
  stopped.powerState = 'Stopped';
  state.addScaleSet({ subscriptionId: SUBSCRIPTION, resourceGroup: RG, name: 'broken' }).provisioningState =
    'Failed';
}

const id = (text: string) => {
  const parsed = parseResourceId(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.resourceId;
};

/** Resource Graph lower-cases resource groups in IDs; compare what each source means, not its spelling. */
const meaning = (observed: Map<string, ObservedResource>) =>
  Object.fromEntries(
    [...observed].map(([key, resource]) => [
      key,
      {
        ...resource,
        id: resource.id.toLowerCase(),
        ...(resource.aks
          ? { aks: { ...resource.aks, clusterId: resource.aks.clusterId.toLowerCase() } }
          : {}),
      },
    ]),
  );

describe('the fleet query', () => {
  it('asks Resource Graph only for the columns the app reads: no row carries properties or a SKU', async () => {
    azure = await startFakeAzure();
    seedMixedFleet(azure);
    const clients = new ArmClients({
      credential: fakeArmCredential,
      endpoint: azure.arm.url,
      ca: azure.arm.ca,
      maxRetries: 0,
      retryDelayInMs: 10,
    });
    const page = await clients.resourceGraph().resources({
      subscriptions: [SUBSCRIPTION],
      query: FLEET_QUERY,
      options: { resultFormat: 'objectArray' },
    });
    const rows = page.data as Record<string, unknown>[];
    // Two clusters; a row per scale set and power state of its instances (agents: three), but none for
    // the AKS pool's scale set, which is seen through its cluster.
    expect(rows).toHaveLength(2 + 3 + 1 + 1);
    expect(rows.some((row) => /aks-user1-vmss/i.test(String(row['id'])))).toBe(false);
    const columns = new Set(rows.flatMap((row) => Object.keys(row)));
    expect([...columns].sort()).toEqual(
      [
        'id',
        'type',
        'location',
        'tags',
        'vmSize',
        'capacity',
        'provisioningState',
        'powerCode',
        'nodeProvisioningMode',
        'nodeResourceGroup',
        'kubernetesVersion',
        'upgradeChannel',
        'nodeOSUpgradeChannel',
        'tier',
        'windowsLicenseType',
        'osType',
        'licenseType',
        'priority',
        'pools',
        'powerState',
        'instances',
        'vmPowerState',
        'vms',
      ].sort(),
    );
    // A scale set's row is a few hundred bytes (with the three fields of its meter), not its
    // several-KB virtualMachineProfile.
    const scaleSetRow = rows.find((row) => row['type'] === 'microsoft.compute/virtualmachinescalesets');
    expect(JSON.stringify(scaleSetRow).length).toBeLessThan(700);
  });

  it('observes through Resource Graph what one GET per cluster and scale set observes', async () => {
    azure = await startFakeAzure();
    seedMixedFleet(azure);
    const targets = [
      id(`${AKS}/dev`),
      id(`${AKS}/nap`),
      ...['agents', 'aks-user1-vmss', 'batch', 'broken'].map((name) => id(`${VMSS}/${name}`)),
    ];
    const fromGraph = await azure.power.observe([SUBSCRIPTION], targets);
    expect(azure.arm.count('POST', /ResourceGraph/)).toBe(1);
    azure.arm.injectFault({ path: /ResourceGraph/, status: 403, code: 'AuthorizationFailed' });
    const fromGets = await azure.power.observe([SUBSCRIPTION], targets);
    expect(azure.warnings).toHaveLength(1);
    expect(fromGraph.size).toBe(2 + 3 + 1 + 4);
    expect(meaning(fromGraph)).toEqual(meaning(fromGets));
    expect(fromGraph.get(`${VMSS}/agents`.toLowerCase())).toMatchObject({
      state: 'running',
      footprint: { location: 'japaneast', nodes: [{ vmSize: 'Standard_D2s_v3', count: 2 }] },
    });
    expect(fromGraph.get(`${AKS}/dev`.toLowerCase())).toMatchObject({
      footprint: {
        location: 'westeurope',
        nodes: [{ vmSize: 'Standard_D4s_v5', count: 5 }],
      },
    });
    expect(fromGraph.get(`${AKS}/nap`.toLowerCase())).toMatchObject({
      state: 'failed',
      hasNodeAutoProvisioning: true,
    });
    expect(fromGraph.get(`${VMSS}/batch`.toLowerCase())?.state).toBe('stopped');
    expect(fromGraph.get(`${VMSS}/broken`.toLowerCase())?.state).toBe('failed');
  });
});
