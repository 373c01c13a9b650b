import { describe, expect, it } from 'vitest';
import { observeCluster, observeScaleSet } from '../../../shared/azure/FleetReading.js';
import { FLEET_QUERY, readFleetRows } from '../../../shared/azure/fleetQuery.js';

const CLUSTER = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/dev';
const SCALE_SET =
  '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/agents';

describe('what a stop would stop, as observed', () => {
  it('the fleet query asks for the region; a pool has its size and count, a cluster its running pools', () => {
    expect(FLEET_QUERY).toContain('| project id, type, location, tags,');
    const { clusters } = readFleetRows([
      {
        id: CLUSTER,
        type: 'Microsoft.ContainerService/managedClusters',
        location: 'japaneast',
        tags: {},
        pools: [
          { name: 'system', mode: 'System', count: 2, vmSize: 'Standard_D2s_v3' },
          { name: 'user1', count: 3, vmSize: 'Standard_D4s_v5' },
          { name: 'user2', count: 1, vmSize: 'Standard_D4s_v5' },
          { name: 'user3', count: 5, vmSize: 'Standard_D8s_v5', powerState: { code: 'Stopped' } },
        ],
      },
    ]);
    const [cluster, , user1] = observeCluster(clusters[0] ?? { id: '', tags: {}, pools: [] });
    expect(user1?.footprint).toEqual({
      location: 'japaneast',
      nodes: [{ vmSize: 'Standard_D4s_v5', count: 3 }],
    });
    expect(cluster?.footprint).toEqual({
      location: 'japaneast',
      nodes: [
        { vmSize: 'Standard_D2s_v3', count: 2 },
        { vmSize: 'Standard_D4s_v5', count: 4 },
      ],
    });
  });

  it('a scale set counts the instances a deallocation would stop, not those already deallocated', () => {
    const observed = observeScaleSet({
      id: SCALE_SET,
      tags: {},
      location: 'westeurope',
      vmSize: 'Standard_D2s_v3',
      instancePowerCounts: { 'PowerState/running': 1, 'PowerState/stopped': 1, 'PowerState/deallocated': 1 },
    });
    expect(observed.footprint).toEqual({
      location: 'westeurope',
      nodes: [{ vmSize: 'Standard_D2s_v3', count: 2 }],
    });
  });

  it('a scale set with instances none of which were read is not known to be stopped', () => {
    const observed = (capacity: number) =>
      observeScaleSet({ id: SCALE_SET, tags: {}, instancePowerCounts: {}, capacity }).state;
    // Resource Graph's index behind, or its answer cut: the counts are missing, not the instances.
    expect(observed(3)).toBe('unknown');
    expect(observed(0)).toBe('stopped');
    expect(
      observeScaleSet({
        id: SCALE_SET,
        tags: {},
        instancePowerCounts: { 'PowerState/deallocated': 3 },
        capacity: 3,
      }).state,
    ).toBe('stopped');
  });

  it('no footprint without a region or a size: nothing is guessed', () => {
    expect(
      observeScaleSet({ id: SCALE_SET, tags: {}, instancePowerCounts: { 'PowerState/running': 1 } })
        .footprint,
    ).toBeUndefined();
  });

  it("a pool has the meter that bills it: OS, the cluster's licence type, priority, and the tier", () => {
    expect(FLEET_QUERY).toContain('tier = tostring(sku.tier)');
    expect(FLEET_QUERY).toContain('windowsLicenseType = tostring(properties.windowsProfile.licenseType)');
    expect(FLEET_QUERY).toContain("'osType', pool['osType']");
    expect(FLEET_QUERY).toContain("'scaleSetPriority', pool['scaleSetPriority']");
    const cluster = (licenseType: string) =>
      readFleetRows([
        {
          id: CLUSTER,
          type: 'microsoft.containerservice/managedclusters',
          location: 'westeurope',
          tags: {},
          tier: 'Standard',
          windowsLicenseType: licenseType,
          pools: [
            { name: 'win', count: 3, vmSize: 'Standard_D4s_v5', osType: 'Windows' },
            { name: 'spot', count: 2, vmSize: 'Standard_D4s_v5', scaleSetPriority: 'Spot' },
            {
              name: 'lin',
              count: 1,
              vmSize: 'Standard_D4s_v5',
              osType: 'Linux',
              scaleSetPriority: 'Regular',
            },
          ],
        },
      ]).clusters[0] ?? { id: '', tags: {}, pools: [] };
    // Before: every pool was the Linux pay-as-you-go meter of its size.
    const [whole, win, spot, lin] = observeCluster(cluster('None'));
    expect(win?.footprint).toEqual({
      location: 'westeurope',
      nodes: [{ vmSize: 'Standard_D4s_v5', count: 3, os: 'Windows' }],
      tier: 'Standard',
    });
    expect(spot?.footprint?.nodes).toEqual([{ vmSize: 'Standard_D4s_v5', count: 2, priority: 'Spot' }]);
    expect(lin?.footprint?.nodes).toEqual([{ vmSize: 'Standard_D4s_v5', count: 1 }]);
    // The cluster's nodes by meter: the same size on three meters stays three groups.
    expect(whole?.footprint?.nodes).toHaveLength(3);
    const [, hybrid] = observeCluster(cluster('Windows_Server'));
    expect(hybrid?.footprint?.nodes).toEqual([
      { vmSize: 'Standard_D4s_v5', count: 3, os: 'Windows', licence: 'Windows_Server' },
    ]);
  });

  it('a pool the autoscaler took to 0 is observed with no nodes, not left to its last count', () => {
    // Before: no footprint, so the stop was priced on the last non-zero count seen.
    const [cluster, pool] = observeCluster({
      id: CLUSTER,
      tags: {},
      location: 'westeurope',
      pools: [{ name: 'user1', count: 0, vmSize: 'Standard_D4s_v5', enableAutoScaling: true, tags: {} }],
    });
    expect(pool?.footprint).toEqual({ location: 'westeurope', nodes: [] });
    expect(cluster?.footprint).toEqual({ location: 'westeurope', nodes: [] });
  });

  it("a scale set has its model's meter: Windows, Hybrid Benefit, Spot or Low priority", () => {
    const [scaleSet] = readFleetRows([
      {
        id: SCALE_SET,
        type: 'microsoft.compute/virtualmachinescalesets',
        location: 'westeurope',
        tags: {},
        vmSize: 'Standard_D2s_v3',
        capacity: 2,
        osType: 'Windows',
        licenseType: 'Windows_Server',
        priority: 'Low',
        powerState: 'PowerState/running',
        instances: 2,
      },
    ]).scaleSets;
    expect(observeScaleSet(scaleSet ?? { id: '', tags: {}, instancePowerCounts: {} }).footprint).toEqual({
      location: 'westeurope',
      nodes: [
        { vmSize: 'Standard_D2s_v3', count: 2, os: 'Windows', licence: 'Windows_Server', priority: 'Spot' },
      ],
    });
  });
});
