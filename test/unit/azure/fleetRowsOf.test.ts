import { describe, expect, it } from 'vitest';
import { FleetRowReader, fleetRowsOf, readFleetRows } from '../../../shared/azure/fleetQuery.js';

const ID = '/subscriptions/s/resourcegroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/agents';
const SCALE_SET_TYPE = 'microsoft.compute/virtualmachinescalesets';

describe('fleet query pages in either result format', () => {
  it('reads a table page (columns once, rows as arrays) as the objects an objectArray page holds', () => {
    const table = {
      columns: [
        { name: 'id', type: 'string' },
        { name: 'type', type: 'string' },
        { name: 'vmSize', type: 'string' },
        { name: 'powerState', type: 'string' },
        { name: 'instances', type: 'long' },
        { name: 'tags', type: 'dynamic' },
      ],
      rows: [
        [ID, SCALE_SET_TYPE, 'Standard_D2s_v3', 'PowerState/running', 2, { team: 'a' }],
        [ID, SCALE_SET_TYPE, 'Standard_D2s_v3', 'PowerState/deallocated', 1, { team: 'a' }],
      ],
    };
    const objects = [
      {
        id: ID,
        type: SCALE_SET_TYPE,
        vmSize: 'Standard_D2s_v3',
        powerState: 'PowerState/running',
        instances: 2,
        tags: { team: 'a' },
      },
      {
        id: ID,
        type: SCALE_SET_TYPE,
        vmSize: 'Standard_D2s_v3',
        powerState: 'PowerState/deallocated',
        instances: 1,
        tags: { team: 'a' },
      },
    ];
    expect(fleetRowsOf(objects)).toBe(objects);
    expect(readFleetRows(fleetRowsOf(table))).toEqual(readFleetRows(objects));
    expect(readFleetRows(fleetRowsOf(table)).scaleSets).toEqual([
      {
        id: ID,
        tags: { team: 'a' },
        vmSize: 'Standard_D2s_v3',
        instancePowerCounts: { 'PowerState/running': 2, 'PowerState/deallocated': 1 },
      },
    ]);
    expect(fleetRowsOf({ columns: [], rows: [] })).toEqual([]);
  });
});

describe('reading the joined rows of a scale set', () => {
  it('adds up the rows of one scale set across pages, whatever the case of its ID', () => {
    const reader = new FleetRowReader();
    reader.add([{ id: ID, type: SCALE_SET_TYPE, powerState: 'PowerState/running', instances: 2 }]);
    reader.add([
      { id: ID.toUpperCase(), type: SCALE_SET_TYPE, powerState: 'PowerState/running', instances: 1 },
    ]);
    expect(reader.readings().scaleSets).toEqual([
      { id: ID, tags: {}, instancePowerCounts: { 'PowerState/running': 3 } },
    ]);
  });

  it('a scale set without instances (the join found none: nulls) counts nothing', () => {
    expect(
      readFleetRows([{ id: ID, type: SCALE_SET_TYPE, powerState: null, instances: null }]).scaleSets,
    ).toEqual([{ id: ID, tags: {}, instancePowerCounts: {} }]);
  });

  it('a scale set not kept is dropped with all its rows', () => {
    const asked: string[] = [];
    const reader = new FleetRowReader((key) => {
      asked.push(key);
      return false;
    });
    reader.add([
      { id: ID, type: SCALE_SET_TYPE, powerState: 'PowerState/running', instances: 2 },
      { id: ID, type: SCALE_SET_TYPE, powerState: 'PowerState/deallocated', instances: 1 },
    ]);
    expect(reader.readings().scaleSets).toEqual([]);
    expect(asked).toEqual([ID.toLowerCase()]);
  });
});
