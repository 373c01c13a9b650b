import { describe, expect, it } from 'vitest';
import { diskMeterOf, type KeptResources } from '../../../shared/domain/KeptResources.js';
import { keptItemsOf } from '../../../shared/domain/keptItemsOf.js';

describe('diskMeterOf: the tier a managed disk is billed on', () => {
  it('is the smallest tier of its type that holds its size, with its redundancy', () => {
    expect(diskMeterOf('Premium_LRS', 100)).toEqual({ kind: 'disk', tier: 'P10', redundancy: 'LRS' });
    expect(diskMeterOf('Premium_LRS', 128)).toMatchObject({ tier: 'P10' });
    expect(diskMeterOf('Premium_LRS', 129)).toMatchObject({ tier: 'P15' });
    expect(diskMeterOf('StandardSSD_ZRS', 32)).toEqual({ kind: 'disk', tier: 'E4', redundancy: 'ZRS' });
    expect(diskMeterOf('Standard_LRS', 10)).toMatchObject({ tier: 'S4' });
    expect(diskMeterOf('Premium_LRS', 32767)).toMatchObject({ tier: 'P80' });
  });

  it('has no tier for disks billed otherwise, or a size that is none', () => {
    expect(diskMeterOf('PremiumV2_LRS', 100)).toBeUndefined();
    expect(diskMeterOf('UltraSSD_LRS', 100)).toBeUndefined();
    expect(diskMeterOf('Premium_LRS', 0)).toBeUndefined();
    expect(diskMeterOf('Premium_LRS', 40000)).toBeUndefined();
  });
});

const GROUP: KeptResources = {
  location: 'westeurope',
  scaleSets: [
    { id: 'a', poolName: 'user', capacity: 0, osDisk: { sku: 'Premium_LRS', sizeGB: 128 } },
    { id: 'b', poolName: 'Batch', capacity: 2, osDisk: { sku: 'StandardSSD_LRS', sizeGB: 64 } },
    { id: 'c', poolName: 'eph', capacity: 3 },
  ],
  disks: [
    { name: 'pvc-1', sku: 'Premium_LRS', sizeGB: 100 },
    { name: 'pvc-2', sku: 'Premium_LRS', sizeGB: 128 },
    { name: 'pvc-3', sku: 'PremiumV2_LRS', sizeGB: 100 },
  ],
  publicIps: [
    { name: 'out', sku: 'Standard' },
    { name: 'svc', sku: 'Standard' },
  ],
  loadBalancers: [
    { name: 'kubernetes', sku: 'Standard', rules: 7 },
    { name: 'old', sku: 'Basic', rules: 3 },
  ],
};

describe('keptItemsOf: what keeps billing while a target is stopped, from what was observed', () => {
  it("a node pool keeps only its own scale set's OS disks: none when the stop left it no instances", () => {
    expect(keptItemsOf('nodepool', 'user', GROUP, true)).toEqual([
      { description: 'no OS disks for pool user: its scale set kept no instances (capacity 0)', quantity: 0 },
    ]);
    // Pool names compare as Azure compares them.
    expect(keptItemsOf('nodepool', 'batch', GROUP, true)).toEqual([
      {
        description: '2 × E6 LRS disk: the OS disks of pool Batch',
        meter: { kind: 'disk', tier: 'E6', redundancy: 'LRS' },
        quantity: 2,
      },
    ]);
    expect(keptItemsOf('nodepool', 'eph', GROUP, true)[0]?.description).toMatch(/ephemeral/);
  });

  it('a reading taken while the pool ran says nothing of its stopped hours: unknown, not 0', () => {
    expect(keptItemsOf('nodepool', 'user', GROUP, false)).toEqual([
      expect.objectContaining({ quantity: 0, unknown: expect.stringMatching(/not observed while stopped/) }),
    ]);
  });

  it("a cluster keeps its node resource group: disks by tier, public IPs, a Standard load balancer's rules", () => {
    const items = keptItemsOf('cluster', undefined, GROUP, true);
    expect(items.filter((item) => item.meter)).toEqual([
      expect.objectContaining({ meter: { kind: 'disk', tier: 'E6', redundancy: 'LRS' }, quantity: 2 }),
      expect.objectContaining({ meter: { kind: 'disk', tier: 'P10', redundancy: 'LRS' }, quantity: 2 }),
      expect.objectContaining({ meter: { kind: 'publicIp', sku: 'Standard' }, quantity: 2 }),
      expect.objectContaining({ meter: { kind: 'loadBalancerRules', part: 'included' }, quantity: 1 }),
      expect.objectContaining({ meter: { kind: 'loadBalancerRules', part: 'overage' }, quantity: 2 }),
    ]);
    expect(items.find((item) => item.description.includes('PremiumV2_LRS'))?.unknown).toMatch(
      /billed by capacity and performance/,
    );
  });

  it("a deallocated scale set keeps each instance's OS and data disks, data disks by tier", () => {
    const scaleSet = (set: KeptResources['scaleSets'][number]): KeptResources => ({
      location: 'westeurope',
      scaleSets: [set],
      disks: [],
      publicIps: [],
      loadBalancers: [],
    });
    const dataDisks = [
      { sku: 'Premium_LRS', sizeGB: 100 },
      { sku: 'Premium_LRS', sizeGB: 128 },
      { sku: 'PremiumV2_LRS', sizeGB: 100 },
    ];
    expect(
      keptItemsOf(
        'vmss',
        undefined,
        scaleSet({ id: 's', capacity: 3, osDisk: { sku: 'Premium_LRS', sizeGB: 30 }, dataDisks }),
        false,
      ),
    ).toEqual([
      {
        description: '3 × P4 LRS disk: the OS disks of its instances',
        meter: { kind: 'disk', tier: 'P4', redundancy: 'LRS' },
        quantity: 3,
      },
      {
        description: '6 × P10 LRS disk: the data disks of its instances',
        meter: { kind: 'disk', tier: 'P10', redundancy: 'LRS' },
        quantity: 6,
      },
      {
        description: '3 × PremiumV2_LRS 100 GiB disk: the data disks of its instances',
        quantity: 3,
        unknown: 'PremiumV2_LRS data disks are billed by capacity and performance',
      },
    ]);
    // An ephemeral OS disk is not billed; the data disks still are.
    expect(
      keptItemsOf(
        'vmss',
        undefined,
        scaleSet({ id: 's', capacity: 1, dataDisks: dataDisks.slice(0, 1) }),
        false,
      ).map((item) => item.quantity),
    ).toEqual([0, 1]);
    // No instances, no disks.
    expect(
      keptItemsOf('vmss', undefined, scaleSet({ id: 's', capacity: 0, dataDisks }), false).map(
        (item) => item.quantity,
      ),
    ).toEqual([0]);
  });
});
