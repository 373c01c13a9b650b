import { describe, expect, it } from 'vitest';
import { FakeArmState } from '../../../dev/fakeArm/FakeArmState.js';
import {
  GraphQuery,
  GraphQueryError,
  RESOURCES_COLUMNS,
  type GraphTables,
} from '../../../dev/fakeArm/GraphQuery.js';
import { computeResourcesTableRows, resourcesTableRows } from '../../../dev/fakeArm/resourceShapes.js';
import { FLEET_QUERY } from '../../../shared/azure/fleetQuery.js';

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
const INSTANCE = {
  id: `${SCALE_SET.id}/virtualMachines/0`,
  name: 'agents_0',
  type: 'microsoft.compute/virtualmachinescalesets/virtualmachines',
  location: 'westeurope',
  resourceGroup: 'rg',
  subscriptionId: 's',
  tags: {},
  properties: { extended: { instanceView: { powerState: { code: 'PowerState/running' } } } },
};
const instance = (n: number, code: string) => ({
  ...INSTANCE,
  id: `${SCALE_SET.id}/virtualMachines/${n}`,
  name: `agents_${n}`,
  properties: { extended: { instanceView: { powerState: { code } } } },
});

/** Fresh rows for each query, as the contract asks (the evaluator may change them). */
const tables: GraphTables = {
  resources: () => [CLUSTER, SCALE_SET, OTHER].map((row) => ({ ...row })),
  computeResources: () => [
    instance(0, 'PowerState/running'),
    instance(1, 'PowerState/deallocated'),
    instance(2, 'PowerState/running'),
  ],
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

  it('unions within resources: every column of either side, an empty string where a side has no string column', () => {
    const rows = run(`resources
      | where type =~ 'microsoft.compute/virtualmachinescalesets'
      | project id, vmSize = tostring(sku.name)
      | union (resources | where name == 'dev' | project id, location, pools = properties.agentPoolProfiles)
      | order by id asc`);
    expect(rows).toEqual([
      { id: SCALE_SET.id, vmSize: 'Standard_D2s_v3', location: '', pools: null },
      { id: CLUSTER.id, vmSize: '', location: 'japaneast', pools: [{ name: 'system', count: 2 }] },
    ]);
  });

  it('unions resources with resourcecontainers, which the fake holds empty', () => {
    expect(
      run(`resources | where name == 'dev' | project id | union (resourcecontainers | project id)`),
    ).toEqual([{ id: CLUSTER.id }]);
  });

  it('splits a column both sides of a union have with different types, as KQL does', () => {
    const [resource, cluster] = run(`resources | where type =~ 'microsoft.compute/virtualmachinescalesets'
      | project id, instances = toint(0)
      | union (resources | where name == 'dev' | summarize instances = count() by id)`);
    expect(resource).toMatchObject({ instances_int: 0, instances_long: null });
    expect(resource).not.toHaveProperty('instances');
    expect(cluster).toMatchObject({ instances_int: null, instances_long: 1 });
  });

  it('reads computeresources, one row per instance, and counts them with summarize count() by', () => {
    const result = GraphQuery.parse(
      `computeresources
      | where type =~ 'microsoft.compute/virtualmachinescalesets/virtualmachines'
      | extend scaleSet = extract('^(.+)/virtualmachines/[^/]+$', 1, tolower(id)),
          power = tostring(properties.extended.instanceView.powerState.code)
      | summarize instances = count() by scaleSet, power`,
    ).runTable(tables);
    expect(result.columns).toEqual([
      { name: 'scaleSet', type: 'string' },
      { name: 'power', type: 'string' },
      { name: 'instances', type: 'long' },
    ]);
    expect(result.rows).toEqual([
      { scaleSet: SCALE_SET.id.toLowerCase(), power: 'PowerState/running', instances: 2 },
      { scaleSet: SCALE_SET.id.toLowerCase(), power: 'PowerState/deallocated', instances: 1 },
    ]);
    expect(run(`computeresources | summarize count()`)).toEqual([{ count_: 3 }]);
    expect(run(`computeresources | where name == 'none' | summarize count()`)).toEqual([{ count_: 0 }]);
    expect(run(`computeresources | where name == 'none' | summarize n = count() by name`)).toEqual([]);
    expect(
      run(`computeresources | summarize n = count() by lower = tolower(name) | order by lower asc`),
    ).toEqual([
      { lower: 'agents_0', n: 1 },
      { lower: 'agents_1', n: 1 },
      { lower: 'agents_2', n: 1 },
    ]);
  });

  it('extends in place or at the end, each item reading the ones before it; extract without a match is empty', () => {
    const result = GraphQuery.parse(
      `resources | where name == 'dev'
      | project id, name, location
      | extend name = toupper(name), short = extract('/managedclusters/([a-z]+)$', 1, tolower(id)),
          none = extract('^nothing(.*)', 1, id), again = strcat(short, '-', name)`,
    ).runTable(tables);
    expect(result.columns.map(({ name }) => name)).toEqual([
      'id',
      'name',
      'location',
      'short',
      'none',
      'again',
    ]);
    expect(result.rows).toEqual([
      { id: CLUSTER.id, name: 'DEV', location: 'japaneast', short: 'dev', none: '', again: 'dev-DEV' },
    ]);
  });

  it('binds and tighter than or, honours parentheses and not()', () => {
    const names = (where: string) => run(`resources | where ${where} | project name`).map(({ name }) => name);
    // and first: name == 'dev' or (name == 'agents' and type == 'x') → only dev.
    expect(names(`name == 'dev' or name == 'agents' and type == 'x'`)).toEqual(['dev']);
    expect(names(`(name == 'dev' or name == 'agents') and type == 'x'`)).toEqual([]);
    expect(names(`not(name == 'agents') and not(id == '/other')`)).toEqual(['dev']);
    expect(
      names(
        `location == 'japaneast' or\n  location == 'westeurope'\n  and type !~ 'microsoft.storage/storageaccounts'`,
      ),
    ).toEqual(['dev', 'agents']);
  });

  it('tests nulls and emptiness, and contains and has without regard to case', () => {
    const names = (where: string) => run(`resources | where ${where} | project name`).map(({ name }) => name);
    expect(names(`isnull(tags['team'])`)).toEqual(['agents', 'agents']);
    expect(names(`isnotnull(tags.team)`)).toEqual(['dev']);
    expect(names(`isnull(properties)`)).toEqual(['agents']);
    expect(names(`isempty(tostring(properties.maxAgentPools))`)).toEqual(['agents', 'agents']);
    expect(names(`isnotempty(tostring(properties.maxAgentPools))`)).toEqual(['dev']);
    expect(names(`isnull(name)`)).toEqual([]); // a string is never null
    expect(names(`tostring(tags) contains '"TEAM"'`)).toEqual(['dev']);
    expect(names(`tostring(tags) !contains '"team"'`)).toEqual(['agents', 'agents']);
    expect(names(`id has 'MANAGEDCLUSTERS'`)).toEqual(['dev']);
    expect(names(`id has 'managed'`)).toEqual([]);
  });

  it('drops columns with project-away', () => {
    const result = GraphQuery.parse(
      `resources | where name == 'dev' | project id, name, location | project-away name, location`,
    ).runTable(tables);
    expect(result.columns).toEqual([{ name: 'id', type: 'string' }]);
    expect(result.rows).toEqual([{ id: CLUSTER.id }]);
  });

  it('joins as KQL does: the clashing right columns suffixed 1, outer sides without a match null or empty', () => {
    const left = `resources | where type in~ ('microsoft.compute/virtualmachinescalesets', 'microsoft.storage/storageaccounts') | project id, key = tolower(id)`;
    const right = `(computeresources | extend key = extract('^(.+)/virtualmachines/[^/]+$', 1, tolower(id)) | summarize n = count() by key, power = tostring(properties.extended.instanceView.powerState.code))`;
    const result = GraphQuery.parse(
      `${left} | join kind=leftouter ${right} on key | order by id asc`,
    ).runTable(tables);
    expect(result.columns).toEqual([
      { name: 'id', type: 'string' },
      { name: 'key', type: 'string' },
      { name: 'key1', type: 'string' },
      { name: 'power', type: 'string' },
      { name: 'n', type: 'long' },
    ]);
    const key = SCALE_SET.id.toLowerCase();
    expect(result.rows).toEqual([
      { id: '/other', key: '/other', key1: '', power: '', n: null },
      { id: SCALE_SET.id, key, key1: key, power: 'PowerState/running', n: 2 },
      { id: SCALE_SET.id, key, key1: key, power: 'PowerState/deallocated', n: 1 },
    ]);
    // inner: only the left rows with a match, once per right match (the scale set's two power states).
    expect(run(`${left} | join kind=inner ${right} on key`)).toHaveLength(2);
    // The scale set twice on the left: innerunique (the default) keeps one left row per key, inner both.
    const scaleSet = `(resources | where type =~ 'microsoft.compute/virtualmachinescalesets' | project id, key = tolower(id))`;
    const doubled = `resources | where type =~ 'microsoft.compute/virtualmachinescalesets' | project id, key = tolower(id) | union ${scaleSet}`;
    expect(run(doubled)).toHaveLength(2);
    expect(run(`${doubled} | join ${right} on key`)).toHaveLength(2);
    expect(run(`${doubled} | join kind=innerunique ${right} on key`)).toHaveLength(2);
    expect(run(`${doubled} | join kind=inner ${right} on key`)).toHaveLength(4);
    // fullouter: unmatched rows of both sides.
    const full = run(
      `resources | where name == 'dev' | project id, key = tolower(id) | join kind=fullouter ${right} on key`,
    );
    expect(full).toHaveLength(3);
    expect(full[0]).toMatchObject({ id: CLUSTER.id, key1: '', n: null });
    expect(full[1]).toMatchObject({ id: '', key: '', key1: key, n: 2 });
  });

  it('joins on $left.a == $right.b, keeping both columns', () => {
    const rows = run(`resources | where name == 'agents' | project id, lower = tolower(id)
      | join kind=inner (computeresources | summarize instances = count() by scaleSet = extract('^(.+)/virtualmachines/', 1, tolower(id))) on $left.lower == $right.scaleSet`);
    expect(rows).toEqual([
      {
        id: SCALE_SET.id,
        lower: SCALE_SET.id.toLowerCase(),
        scaleSet: SCALE_SET.id.toLowerCase(),
        instances: 3,
      },
    ]);
  });

  it('allows three joins within a table, and three cross-table joins between resources and resourcecontainers', () => {
    const self = `(resources | project id, name)`;
    expect(
      run(
        `resources | where name == 'dev' | project id | join ${self} on id | join ${self} on id | join ${self} on id`,
      ),
    ).toHaveLength(1);
    const containers = `(resourcecontainers | project subscriptionId)`;
    expect(
      run(
        `resources | project subscriptionId | join kind=leftouter ${containers} on subscriptionId | join kind=leftouter ${containers} on subscriptionId | join kind=leftouter ${containers} on subscriptionId`,
      ),
    ).toHaveLength(3);
    expect(
      run(`resources | project id | join kind=leftouter (computeresources | project id) on id`),
    ).toHaveLength(3);
  });

  it('expands an array into rows (null: one row, empty: none), at most 128 elements a row unless a limit says', () => {
    const expand = (value: unknown, limit = '') =>
      GraphQuery.parse(`resources | project id, x = properties.list | mv-expand item = x${limit}`).run({
        resources: () => [{ ...CLUSTER, properties: { list: value } }],
        computeResources: () => [],
      });
    expect(expand([{ a: 1 }, { a: 2 }]).map((row) => row['item'])).toEqual([{ a: 1 }, { a: 2 }]);
    expect(expand(null).map((row) => row['item'])).toEqual([null]);
    expect(expand([])).toEqual([]);
    const many = Array.from({ length: 300 }, (_, index) => index);
    expect(expand(many)).toHaveLength(128);
    expect(expand(many, ' limit 400')).toHaveLength(300);
  });

  it('packs property bags and gathers them per group with make_list, leaving nulls out', () => {
    const rows = run(
      `computeresources
      | project scaleSet = extract('^(.+)/virtualmachines/[^/]+$', 1, tolower(id)), name,
          state = bag_pack('name', name, 'code', properties.extended.instanceView.powerState.code, 'none', properties.nothing)
      | summarize states = make_list(state), names = make_list(name) by scaleSet`,
    );
    expect(rows).toEqual([
      {
        scaleSet: SCALE_SET.id.toLowerCase(),
        states: [
          { name: 'agents_0', code: 'PowerState/running', none: null },
          { name: 'agents_1', code: 'PowerState/deallocated', none: null },
          { name: 'agents_2', code: 'PowerState/running', none: null },
        ],
        names: ['agents_0', 'agents_1', 'agents_2'],
      },
    ]);
    expect(run(`resources | summarize ids = make_list(properties.nothing)`)).toEqual([{ ids: [] }]);
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
    ['resources | take 1', 'UnsupportedOperator', "'take'"],
    ['resources | summarize dcount(id) by type', 'UnsupportedAggregation', "'dcount(id)'"],
    ["resources | project x = bag_pack('a')", 'InvalidArgumentCount', 'in pairs'],
    ['resources | mv-expand x = properties.agentPoolProfiles limit 401', 'InvalidLimit', 'at most 400'],
    [
      'resources | mv-expand kind=array x = properties.agentPoolProfiles',
      'UnsupportedOperator',
      'kind=array',
    ],
    ['resources | mv-expand x = properties', 'UnsupportedOperator', 'property bag'],
    ['resources | summarize n = count() by tostring(sku)', 'ParserFailure', 'column name'],
    ['resources | where tolower(name)', 'UnsupportedPredicate', 'tolower(name)'],
    ['resources | where name == count()', 'UnsupportedAggregation', "'count()'"],
    ["resources | extend x = extract('(', 1, id)", 'InvalidRegex', "'('"],
    ['resources | project-away nothing', 'UnknownColumn', "'nothing'"],
    ['resources | join (resources) on $left.id == $left.name', 'ParserFailure', '$left.id'],
    ['resources | join (resources | project name) on id', 'UnknownColumn', "'id'"],
    [
      'resources | union resources, resources, resources, resources',
      'UnsupportedUnion',
      'Limit of three union legs',
    ],
    ["resources | where name startswith 'a'", 'UnsupportedPredicate', 'startswith'],
    ['securityresources | project id', 'UnknownTable', 'securityresources'],
    ['resources | project x = tostring(properties.a', 'ParserFailure', 'Unbalanced'],
    [
      'resources | project id | union (computeresources | project id)',
      'UnsupportedUnion',
      'between the Resources and ResourceContainers tables',
    ],
    ['resources | union (res* | project id)', 'UnsupportedUnion', 'Fuzzy resolution'],
    [
      'resources | join kind=rightouter (resources | project id) on id',
      'UnsupportedJoinFlavor',
      '"rightouter"',
    ],
    ['resources | join kind=leftanti (resources | project id) on id', 'UnsupportedJoinFlavor', '"leftanti"'],
    [
      'resources | join hint.strategy=broadcast (resources | project id) on id',
      'UnsupportedJoinHint',
      'hint.strategy=broadcast',
    ],
    [
      'resources | join (computeresources | project id) on id | join (computeresources | project id) on id',
      'CrossTableJoinLimitExceeded',
      'one of which might be a cross-table join',
    ],
    [
      'resources | join (resources) on id | join (resources) on id | join (resources) on id | join (resources) on id',
      'JoinLimitExceeded',
      'Limit of three join',
    ],
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

describe("the fleet query over the fake's own resources and computeresources tables", () => {
  const state = new FakeArmState(() => 0, { operationDurationMs: 1000, autoscalerLostOnStart: false });
  state.addCluster({
    subscriptionId: 'sub',
    resourceGroup: 'RG-Dev',
    name: 'dev',
    pools: [{ name: 'user1' }],
  });
  const node = 'MC_RG-Dev_dev_japaneast';
  state.addScaleSet({
    subscriptionId: 'sub',
    resourceGroup: node,
    name: 'aks-user1-vmss',
    tags: { 'aks-managed-poolName': 'user1' },
  });
  const standalone = state.addScaleSet({ subscriptionId: 'sub', resourceGroup: 'RG-Dev', name: 'batch' });
  state.setInstanceCodes(standalone, ['PowerState/running', 'PowerState/deallocated', 'PowerState/running']);
  state.addScaleSet({
    subscriptionId: 'sub',
    resourceGroup: node,
    name: 'aks-user2-vmss',
    capacity: 1,
    tags: { 'aks-managed-poolName': 'user2', 'OffHours-Schedule': 'weekdays' },
  });
  state.addScaleSet({ subscriptionId: 'sub', resourceGroup: 'RG-Dev', name: 'empty', capacity: 0 });
  state.addScaleSet({ subscriptionId: 'elsewhere', resourceGroup: 'RG-Dev', name: 'other' });
  const scope = new Set(['sub']);
  const fleetTables: GraphTables = {
    resources: () => resourcesTableRows(state.clusters.values(), state.scaleSets.values(), scope),
    computeResources: () => computeResourcesTableRows(state.scaleSets.values(), scope),
  };

  it('keeps clusters, standalone and opted-in scale sets, each with its instances counted per power state', () => {
    const result = GraphQuery.parse(FLEET_QUERY).runTable(fleetTables);
    expect(result.columns.map(({ name }) => name)).toEqual([
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
    ]);
    expect(result.columns.find(({ name }) => name === 'instances')?.type).toBe('long');
    const summary = result.rows.map((row) => [
      String(row['id']).split('/').pop(),
      row['type'],
      row['powerState'],
      row['instances'],
    ]);
    expect(summary).toEqual([
      ['aks-user2-vmss', 'microsoft.compute/virtualmachinescalesets', 'PowerState/running', 1],
      ['batch', 'microsoft.compute/virtualmachinescalesets', 'PowerState/running', 2],
      ['batch', 'microsoft.compute/virtualmachinescalesets', 'PowerState/deallocated', 1],
      // No instances: one row, the right side empty (a string is never null in KQL; a long is).
      ['empty', 'microsoft.compute/virtualmachinescalesets', '', null],
      ['dev', 'microsoft.containerservice/managedclusters', '', null],
    ]);
    const [, , , , cluster] = result.rows;
    expect(cluster).toMatchObject({
      id: '/subscriptions/sub/resourcegroups/rg-dev/providers/Microsoft.ContainerService/managedClusters/dev',
      powerCode: 'Running',
      nodeProvisioningMode: 'Manual',
      nodeResourceGroup: node,
      pools: [expect.objectContaining({ name: 'user1', powerState: { code: 'Running' } })],
    });
    // Each pool cut to the fields the app reads, not its whole profile.
    expect(Object.keys((cluster?.['pools'] as object[])[0] ?? {}).sort()).toEqual(
      [
        'name',
        'mode',
        'count',
        'enableAutoScaling',
        'minCount',
        'maxCount',
        'vmSize',
        'powerState',
        'provisioningState',
        'tags',
        'nodeImageVersion',
        'currentOrchestratorVersion',
        'osType',
        'scaleSetPriority',
      ].sort(),
    );
    expect(result.rows[1]).toMatchObject({
      vmSize: 'Standard_D2s_v3',
      provisioningState: 'succeeded',
      powerCode: '',
    });
  });

  it("gives each instance Resource Graph's columns, its ID under the scale set's, its power state where Resource Graph puts it", () => {
    const rows = fleetTables.computeResources().filter((row) => String(row['id']).includes('/batch/'));
    expect(Object.keys(rows[0] ?? {})).toEqual(RESOURCES_COLUMNS.map(({ name }) => name));
    expect(rows.map((row) => row['id'])).toEqual(
      [0, 1, 2].map(
        (n) =>
          `/subscriptions/sub/resourcegroups/rg-dev/providers/Microsoft.Compute/virtualMachineScaleSets/batch/virtualMachines/${n}`,
      ),
    );
    expect(rows[1]).toMatchObject({
      type: 'microsoft.compute/virtualmachinescalesets/virtualmachines',
      resourceGroup: 'rg-dev',
      subscriptionId: 'sub',
      properties: {
        provisioningState: 'Succeeded',
        extended: { instanceView: { powerState: { code: 'PowerState/deallocated' } } },
      },
    });
  });
});
