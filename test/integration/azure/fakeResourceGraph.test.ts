import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeArm } from '../../../dev/fakeArm/FakeArm.js';
import { fakeArmCredential } from '../../../dev/fakeArm/fakeArmCredential.js';
import { ArmClients } from '../../../shared/azure/ArmClients.js';
import { RG, SUBSCRIPTION } from '../../helpers/fakeAzure.js';

/*
 * The fake ARM as the real SDK clients see it (issue 17): resources as large as Azure returns them,
 * and a Resource Graph that answers the columns a query projects, or 400 when it cannot evaluate it.
 */

let arm: FakeArm;
let clients: ArmClients;

beforeEach(async () => {
  arm = await FakeArm.start();
  clients = new ArmClients({
    credential: fakeArmCredential,
    endpoint: arm.url,
    ca: arm.ca,
    maxRetries: 0,
    retryDelayInMs: 10,
  });
  arm.state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: RG,
    name: 'dev',
    pools: [{ name: 'system', mode: 'System' }, { name: 'user1' }],
  });
  for (const name of ['aks-user1-vmss', 'agents'])
    arm.state.addScaleSet({ subscriptionId: SUBSCRIPTION, resourceGroup: RG, name, capacity: 2 });
});
afterEach(async () => arm.stop());

const query = (text: string) =>
  clients
    .resourceGraph()
    .resources({ subscriptions: [SUBSCRIPTION], query: text, options: { resultFormat: 'objectArray' } });

describe('the fake ARM as Azure shapes its resources', () => {
  it('a scale set carries the virtualMachineProfile and the other properties Azure documents, its own values', async () => {
    const compute = clients.computeFor(SUBSCRIPTION).virtualMachineScaleSets;
    const [first, second] = await Promise.all([compute.get(RG, 'aks-user1-vmss'), compute.get(RG, 'agents')]);
    const profile = first.virtualMachineProfile;
    expect(profile?.osProfile?.computerNamePrefix).toMatch(/^aks-user1-vmss/);
    expect(profile?.osProfile?.linuxConfiguration?.ssh?.publicKeys?.[0]?.keyData).toMatch(/^ssh-rsa /);
    expect(profile?.storageProfile?.osDisk?.managedDisk?.storageAccountType).toBe('Premium_LRS');
    expect(profile?.storageProfile?.imageReference?.id).toMatch(/galleries\/AKSUbuntu/);
    expect(
      profile?.networkProfile?.networkInterfaceConfigurations?.[0]?.ipConfigurations?.[0]?.subnet?.id,
    ).toMatch(/\/subnets\//);
    expect(profile?.extensionProfile?.extensions?.map((extension) => extension.name)).toHaveLength(3);
    expect(first.upgradePolicy?.mode).toBe('Manual');
    expect(first.orchestrationMode).toBe('Uniform');
    expect(first.timeCreated).toBeInstanceOf(Date);
    expect(first.uniqueId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second.uniqueId).not.toBe(first.uniqueId);
    expect(first.sku?.name).toBe('Standard_D2s_v3');
    expect(first.provisioningState).toBe('succeeded');
  });

  it('a managed cluster carries network, add-on and identity profiles, and each pool its image, disks and zones', async () => {
    const cluster = await clients.containerServiceFor(SUBSCRIPTION).managedClusters.get(RG, 'dev');
    expect(cluster.networkProfile?.networkPlugin).toBe('azure');
    expect(cluster.addonProfiles?.['omsagent']?.enabled).toBe(true);
    expect(cluster.identityProfile?.['kubeletidentity']?.clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(cluster.fqdn).toMatch(/\.azmk8s\.io$/);
    const [system, user] = cluster.agentPoolProfiles ?? [];
    expect(user).toMatchObject({
      name: 'user1',
      orchestratorVersion: '1.33.2',
      osDiskSizeGB: 128,
      osType: 'Linux',
      osSKU: 'Ubuntu',
      type: 'VirtualMachineScaleSets',
      maxPods: 110,
      availabilityZones: ['1', '2', '3'],
      upgradeSettings: { maxSurge: '10%' },
    });
    expect(user?.nodeImageVersion).toMatch(/^AKSUbuntu-/);
    expect(system?.nodeLabels).toMatchObject({ 'kubernetes.azure.com/pool': 'system' });
  });
});

describe("the fake's Resource Graph through the real SDK", () => {
  it('answers only the columns a query projects', async () => {
    const page = await query(`resources
      | where type =~ 'microsoft.compute/virtualmachinescalesets'
      | project id, vmSize = tostring(sku.name), provisioningState = tostring(properties.provisioningState), location
      | order by id asc`);
    expect(page.data).toEqual([
      {
        id: `/subscriptions/${SUBSCRIPTION}/resourcegroups/${RG}/providers/Microsoft.Compute/virtualMachineScaleSets/agents`,
        vmSize: 'Standard_D2s_v3',
        provisioningState: 'succeeded',
        location: 'japaneast',
      },
      {
        id: `/subscriptions/${SUBSCRIPTION}/resourcegroups/${RG}/providers/Microsoft.Compute/virtualMachineScaleSets/aks-user1-vmss`,
        vmSize: 'Standard_D2s_v3',
        provisioningState: 'succeeded',
        location: 'japaneast',
      },
    ]);
  });

  it("answers in the table format when asked: the columns once, each row as an array in the columns' order", async () => {
    const page = await clients.resourceGraph().resources({
      subscriptions: [SUBSCRIPTION],
      query: `resources
        | where type =~ 'microsoft.compute/virtualmachinescalesets'
        | project id, vmSize = tostring(sku.name), zones = properties.missing
        | order by id asc`,
      options: { resultFormat: 'table' },
    });
    expect(page.data).toEqual({
      columns: [
        { name: 'id', type: 'string' },
        { name: 'vmSize', type: 'string' },
        { name: 'zones', type: 'dynamic' },
      ],
      rows: [
        [expect.stringMatching(/\/agents$/), 'Standard_D2s_v3', null],
        [expect.stringMatching(/\/aks-user1-vmss$/), 'Standard_D2s_v3', null],
      ],
    });
    await expect(
      clients.resourceGraph().resources({
        subscriptions: [SUBSCRIPTION],
        query: 'resources | project id',
        options: { resultFormat: 'csv' as 'table' },
      }),
    ).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining("'csv'") });
  });

  it("a row's properties are the scale set's whole properties, several KB as in Azure", async () => {
    const page = await query(`resources | where name == 'agents' | project properties`);
    const [row] = page.data as { properties: Record<string, unknown> }[];
    expect(Object.keys(row?.properties ?? {})).toEqual(
      expect.arrayContaining(['virtualMachineProfile', 'upgradePolicy', 'uniqueId', 'timeCreated']),
    );
    expect(JSON.stringify(row?.properties).length).toBeGreaterThan(3000);
  });

  it('joins the computeresources table, one row per instance, counted per power state', async () => {
    const page = await query(`resources
      | where type =~ 'microsoft.compute/virtualmachinescalesets'
      | project id, scaleSetKey = tolower(id)
      | join kind=leftouter (computeresources
          | where type =~ 'microsoft.compute/virtualmachinescalesets/virtualmachines'
          | extend scaleSetKey = extract('^(.+)/virtualmachines/[^/]+$', 1, tolower(id)),
              powerState = tostring(properties.extended.instanceView.powerState.code)
          | summarize instances = count() by scaleSetKey, powerState) on scaleSetKey
      | project-away scaleSetKey, scaleSetKey1
      | order by id asc`);
    expect(page.data).toEqual([
      { id: expect.stringMatching(/\/agents$/), powerState: 'PowerState/running', instances: 2 },
      { id: expect.stringMatching(/\/aks-user1-vmss$/), powerState: 'PowerState/running', instances: 2 },
    ]);
  });

  it('refuses what Resource Graph documents it refuses: a union across tables, a join flavor it lacks', async () => {
    await expect(
      query('resources | project id | union (computeresources | project id)'),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'BadRequest',
      message: expect.stringContaining('between the Resources and ResourceContainers tables'),
    });
    await expect(
      query('resources | join kind=rightouter (computeresources | project id) on id'),
    ).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining('"rightouter"') });
  });

  it('answers a query it cannot evaluate with 400 BadRequest naming the problem, not with other columns', async () => {
    await expect(
      query('resources | project id, state = tojson(properties.provisioningState)'),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'BadRequest',
      message: expect.stringContaining("Unknown function: 'tojson'"),
    });
    await expect(query('resources | top-nested 3 of type by count()')).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining("'top-nested'"),
    });
    await expect(
      query('resources | mv-expand pool = properties.agentPoolProfiles limit 500'),
    ).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('at most 400'),
    });
  });
});
