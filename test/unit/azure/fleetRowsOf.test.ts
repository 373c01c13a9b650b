import { describe, expect, it } from 'vitest';
import { fleetRowsOf, readFleetRows } from '../../../shared/azure/fleetQuery.js';

const ID = '/subscriptions/s/resourcegroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/agents';

describe('fleet query pages in either result format', () => {
  it('reads a table page (columns once, rows as arrays) as the objects an objectArray page holds', () => {
    const table = {
      columns: [
        { name: 'id', type: 'string' },
        { name: 'type', type: 'string' },
        { name: 'subscriptionId', type: 'string' },
        { name: 'vmSize', type: 'string' },
        { name: 'powerState', type: 'string' },
        { name: 'instances', type: 'long' },
        { name: 'tags', type: 'dynamic' },
      ],
      rows: [
        [ID, 'microsoft.compute/virtualmachinescalesets', null, 'Standard_D2s_v3', null, null, { team: 'a' }],
        [
          ID.toLowerCase(),
          'microsoft.compute/virtualmachinescalesets/powerstates',
          's',
          null,
          'PowerState/running',
          2,
          null,
        ],
      ],
    };
    const objects = [
      {
        id: ID,
        type: 'microsoft.compute/virtualmachinescalesets',
        vmSize: 'Standard_D2s_v3',
        tags: { team: 'a' },
      },
      {
        id: ID.toLowerCase(),
        type: 'microsoft.compute/virtualmachinescalesets/powerstates',
        powerState: 'PowerState/running',
        instances: 2,
      },
    ];
    expect(fleetRowsOf(objects)).toBe(objects);
    expect(readFleetRows(fleetRowsOf(table))).toEqual(readFleetRows(objects));
    expect(readFleetRows(fleetRowsOf(table)).scaleSets).toMatchObject([
      { id: ID, vmSize: 'Standard_D2s_v3', instancePowerCounts: { 'PowerState/running': 2 } },
    ]);
    expect(fleetRowsOf({ columns: [], rows: [] })).toEqual([]);
  });
});
