import { describe, expect, it } from 'vitest';
import { GraphQuery, GraphQueryError, type GraphTables } from '../../../dev/fakeArm/GraphQuery.js';

const CLUSTER = {
  id: '/subscriptions/s/resourcegroups/rg/providers/Microsoft.ContainerService/managedClusters/dev',
  name: 'dev',
  type: 'microsoft.containerservice/managedclusters',
  location: 'japaneast',
  resourceGroup: 'rg',
  subscriptionId: 's',
  sku: { name: 'Base', tier: 'Free' },
  tags: { team: 'a' },
  properties: {
    provisioningState: 'Succeeded',
    powerState: { code: 'Running' },
    maxAgentPools: 100,
    agentPoolProfiles: [{ name: 'system', count: 2 }],
    'odata.type': 'x',
  },
};
const SCALE_SET = {
  id: '/subscriptions/s/resourcegroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/agents',
  name: 'agents',
  type: 'microsoft.compute/virtualmachinescalesets',
  location: 'westeurope',
  resourceGroup: 'rg',
  subscriptionId: 's',
  sku: { name: 'Standard_D2s_v3', capacity: 3 },
  tags: {},
  properties: {
    provisioningState: 'succeeded',
    virtualMachineProfile: { osProfile: { adminUsername: 'x' } },
  },
};
const OTHER = { ...SCALE_SET, id: '/other', type: 'microsoft.storage/storageaccounts', properties: null };
const POWER_ROW = {
  id: SCALE_SET.id.toLowerCase(),
  subscriptionId: 's',
  powerState: 'PowerState/running',
  instances: 3,
  type: 'microsoft.compute/virtualmachinescalesets/powerstates',
};

const tables: GraphTables = {
  resources: () => [CLUSTER, SCALE_SET, OTHER],
  computeResources: (summarised) => (summarised ? [POWER_ROW] : []),
};
const run = (query: string) => GraphQuery.parse(query).run(tables);

function refusal(query: string): GraphQueryError {
  try {
    run(query);
  } catch (error) {
    if (error instanceof GraphQueryError) return error;
    throw error;
  }
  throw new Error(`the query was answered: ${query}`);
}

describe("the fake Resource Graph's query evaluator", () => {
  it('returns only the columns projected: plain columns, named paths, conversions and literals', () => {
    const rows = run(`resources
      | where type =~ 'Microsoft.ContainerService/managedClusters'
      | project id, location, tags, state = tostring(properties.provisioningState),
          power = tostring(properties.powerState.code), pools = properties.agentPoolProfiles,
          maxPools = toint(properties.maxAgentPools), size = tostring(sku.name), powerState = '', instances = 0`);
    expect(rows).toEqual([
      {
        id: CLUSTER.id,
        location: 'japaneast',
        tags: { team: 'a' },
        state: 'Succeeded',
        power: 'Running',
        pools: [{ name: 'system', count: 2 }],
        maxPools: 100,
        size: 'Base',
        powerState: '',
        instances: 0,
      },
    ]);
  });

  it('gives a missing property null, tostring of it an empty string, and toint of a string its number', () => {
    const [row] = run(`resources | where name == 'agents'
      | project missing = properties.nothing.here, text = tostring(properties.nothing),
          number = toint('42'), long = tolong(properties.provisioningState), first = properties.virtualMachineProfile['osProfile'].adminUsername`);
    expect(row).toEqual({ missing: null, text: '', number: 42, long: null, first: 'x' });
  });

  it('names an unnamed path as Resource Graph does: dots become underscores', () => {
    const [row] = run(`resources | where name == 'agents' | project properties.provisioningState`);
    expect(row).toEqual({ properties_provisioningState: 'succeeded' });
  });

  it('filters with in~, ==, != and and, case-insensitively only where asked', () => {
    const types = `('microsoft.containerservice/managedclusters', 'Microsoft.Compute/virtualMachineScaleSets')`;
    expect(run(`resources | where type in~ ${types} | project name`)).toEqual([
      { name: 'dev' },
      { name: 'agents' },
    ]);
    expect(run(`resources | where type in ${types} | project name`)).toEqual([{ name: 'dev' }]);
    expect(run(`resources | where type !in~ ${types} and name != 'dev' | project id`)).toEqual([
      { id: '/other' },
    ]);
  });

  it('unions the power-state counts: every column of either side, null where a side has none', () => {
    const rows = run(`resources
      | where type =~ 'microsoft.compute/virtualmachinescalesets'
      | project id, type, vmSize = tostring(sku.name)
      | union (computeresources | summarize instances = count() by id, subscriptionId, powerState)
      | order by id asc`);
    expect(rows).toEqual([
      {
        id: SCALE_SET.id,
        type: SCALE_SET.type,
        vmSize: 'Standard_D2s_v3',
        subscriptionId: null,
        powerState: null,
        instances: null,
      },
      {
        id: POWER_ROW.id,
        type: POWER_ROW.type,
        vmSize: null,
        subscriptionId: 's',
        powerState: 'PowerState/running',
        instances: 3,
      },
    ]);
  });

  it('splits a column both sides of a union have with different types, as KQL does', () => {
    const [resource, count] = run(`resources | where type =~ 'microsoft.compute/virtualmachinescalesets'
      | project id, instances = toint(0)
      | union (computeresources | summarize instances = count() by id, subscriptionId, powerState)`);
    expect(resource).toMatchObject({ instances_int: 0, instances_long: null });
    expect(resource).not.toHaveProperty('instances');
    expect(count).toMatchObject({ instances_int: null, instances_long: 3 });
  });

  it('orders descending by default, ascending when asked', () => {
    const names = (query: string) => run(query).map((row) => row['name']);
    expect(names(`resources | project name | order by name`)).toEqual(['dev', 'agents', 'agents']);
    expect(names(`resources | project name | sort by name asc`)).toEqual(['agents', 'agents', 'dev']);
  });

  it.each([
    [
      'resources | project state = tostringx(properties.provisioningState)',
      'UnknownFunction',
      "Unknown function: 'tostringx'",
    ],
    ['resources | project nope', 'UnknownColumn', "'nope'"],
    ['resources | project id, id', 'DuplicateColumn', "'id'"],
    ['resources | project ', 'ParserFailure', "'project'"],
    ["resources | project x = tostring(properties.a, 'b')", 'InvalidArgumentCount', "'tostring'"],
    ['resources | project x = properties.a + 1', 'ParserFailure', 'properties.a + 1'],
    ['resources | project tostring(id)', 'ParserFailure', 'column name'],
    ['resources | project x = name.first', 'InvalidPath', "'name'"],
    ['resources | extend x = 1', 'UnsupportedOperator', "'extend'"],
    ["resources | where name startswith 'a'", 'UnsupportedPredicate', 'startswith'],
    [
      'resources | project id | union (resourcecontainers | project id)',
      'UnknownTable',
      'resourcecontainers',
    ],
    ['securityresources | project id', 'UnknownTable', 'securityresources'],
    ['resources | project x = tostring(properties.a', 'ParserFailure', 'Unbalanced'],
    ['resources | project id | order by nothing asc', 'UnknownColumn', "'nothing'"],
  ])('refuses %s with 400 BadRequest naming the problem', (query, detail, named) => {
    const error = refusal(query);
    expect(error.status).toBe(400);
    expect(error.code).toBe('BadRequest');
    expect(error.detailCode).toBe(detail);
    expect(error.message).toContain(named);
    expect(error.body().error).toMatchObject({
      code: 'BadRequest',
      details: [{ code: 'InvalidQuery' }, { code: detail }],
    });
  });
});
