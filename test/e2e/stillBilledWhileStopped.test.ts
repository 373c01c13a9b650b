import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DISK_MONTHLY_USD,
  FakeRetailPrices,
  NETWORK_HOURLY_USD,
} from '../../dev/fakeRetailPrices/FakeRetailPrices.js';
import { stillBilledAmountText } from '../../cli/savingsText.js';
import type { SavingsReport } from '../../shared/app/savings/SavingsReport.js';
import { startApp, SUBSCRIPTION, type AppHarness } from '../helpers/appHarness.js';
import { poolId, registerCatalog } from '../helpers/catalogRows.js';

/*
 * Issue 26, item 5 (net), end to end: the app stops a pool and two clusters on the fake ARM, whose
 * Resource Graph holds what AKS leaves in each node resource group (a stopped pool's scale set at
 * capacity 0, the load balancer, public IPs, persistent volumes' disks), and GET /api/savings prices
 * what keeps billing while they are stopped from the Retail Prices list, beside what was saved. A
 * standalone scale set, deallocated, keeps its instances' OS and data disks: read from its own model.
 */

let app: AppHarness;
let prices: FakeRetailPrices;
const MONDAY = Date.parse('2026-11-30T00:00:00Z');
const BATCH_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/batch`;
const clusterId = (name: string) =>
  `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/${name}`;

beforeAll(async () => {
  prices = await FakeRetailPrices.start();
  app = await startApp(
    {
      OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0',
      OFFHOURS_RETAIL_PRICES_URL: prices.url,
      OFFHOURS_CURRENCY: 'USD',
    },
    // The fake bill records, so that what the app shows is compared with what it charges.
    { nodeResourceGroups: true, billing: {} },
    '2026-11-30T00:00:00Z',
  );
  app.arm.state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg',
    name: 'dev',
    location: 'westeurope',
    pools: [
      { name: 'system', mode: 'System', count: 1 },
      { name: 'user', count: 3 },
    ],
  });
  const whole = app.arm.state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg',
    name: 'whole',
    location: 'westeurope',
    pools: [{ name: 'system', mode: 'System', count: 2 }],
  });
  whole.workloadResources = {
    disks: [
      { name: 'pvc-data', sku: 'Premium_LRS', sizeGB: 100 },
      { name: 'pvc-logs', sku: 'StandardSSD_LRS', sizeGB: 32 },
    ],
    loadBalancerServices: 1,
  };
  // A region the price list does not carry: what it keeps is listed, and its amount unknown.
  const far = app.arm.state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg',
    name: 'far',
    location: 'brazilsouth',
    pools: [{ name: 'system', mode: 'System', count: 1 }],
  });
  far.workloadResources = { disks: [{ name: 'pvc-far', sku: 'Premium_LRS', sizeGB: 100 }] };
  // A standalone scale set: 2 instances, each with a 128 GiB Premium OS disk (P10) and two data disks.
  app.arm.state.addScaleSet({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg',
    name: 'batch',
    location: 'westeurope',
    capacity: 2,
    dataDisks: [
      { sku: 'Premium_LRS', sizeGB: 200 },
      { sku: 'StandardSSD_LRS', sizeGB: 64 },
    ],
  });
  await registerCatalog(
    app.services.storage,
    { office: { uptime: 'Mon-Fri 08:00-18:00', timeZone: 'UTC' } },
    {
      'dev-user': { resourceId: poolId(SUBSCRIPTION, 'dev', 'user'), schedule: 'office' },
      whole: { resourceId: clusterId('whole'), schedule: 'office' },
      far: { resourceId: clusterId('far'), schedule: 'office' },
      batch: { resourceId: BATCH_ID, schedule: 'office' },
    },
  );
  // 00:00 the stops are begun; 00:05 the follower sees them succeeded.
  for (const minutes of [0, 5]) {
    app.clock.now = MONDAY + minutes * 60_000;
    app.arm.state.settle();
    await app.tick();
    await app.drain();
  }
  app.clock.now = MONDAY + 6 * 3_600_000;
  app.arm.state.settle();
});
afterAll(async () => {
  await app.stop();
  await prices.stop();
});

const report = async () => {
  const response = await app.http('GET', 'savings?from=2026-11-30&to=2026-12-01');
  expect(response.status).toBe(200);
  return response.body as SavingsReport;
};

describe('what keeps billing while stopped, observed and priced', () => {
  it("prices a stopped cluster's node resource group over its hours stopped, beside what was saved", async () => {
    const answer = await report();
    const whole = answer.targets.find((target) => target.target === 'whole');
    // From the tick that saw the stop succeed (00:05) to now (06:00).
    const hours = 6 - 5 / 60;
    expect(whole?.saved.hours).toBeCloseTo(hours, 2);
    const hourly =
      DISK_MONTHLY_USD['P10']! / 730 +
      DISK_MONTHLY_USD['E4']! / 730 +
      2 * NETWORK_HOURLY_USD.standardPublicIp +
      NETWORK_HOURLY_USD.loadBalancerFirstFiveRules;
    expect(whole?.stillBilled.whileStopped).toMatchObject({ currency: 'USD', unpriced: [] });
    expect(whole?.stillBilled.whileStopped?.amount).toBeCloseTo(hours * hourly, 2);
    expect(whole?.stillBilled.whileStopped?.items).toEqual(
      expect.arrayContaining([
        'no OS disks for pool system: its scale set kept no instances (capacity 0)',
        '1 × P10 LRS disk in the node resource group (persistent volumes and other disks)',
        '2 × Standard public IP address',
      ]),
    );
    expect(whole?.saved.amount).toBeGreaterThan(0);
  });

  it("observes a stopped pool's scale set kept no instances: no OS disk billing, a real 0", async () => {
    const answer = await report();
    const pool = answer.targets.find((target) => target.target === 'dev-user');
    expect(pool?.stillBilled.whileStopped).toMatchObject({
      amount: 0,
      unpriced: [],
      items: ['no OS disks for pool user: its scale set kept no instances (capacity 0)'],
    });
  });

  it("prices a deallocated scale set's OS and data disks, each instance's, from its own model", async () => {
    const answer = await report();
    const batch = answer.targets.find((target) => target.target === 'batch');
    const hours = 6 - 5 / 60;
    expect(batch?.saved.hours).toBeCloseTo(hours, 2);
    expect(batch?.stillBilled.whileStopped).toMatchObject({
      currency: 'USD',
      unpriced: [],
      items: [
        '2 × P10 LRS disk: the OS disks of its instances',
        '2 × P15 LRS disk: the data disks of its instances',
        '2 × E6 LRS disk: the data disks of its instances',
      ],
    });
    const hourly =
      (2 * (DISK_MONTHLY_USD['P10']! + DISK_MONTHLY_USD['P15']! + DISK_MONTHLY_USD['E6']!)) / 730;
    expect(batch?.stillBilled.whileStopped?.amount).toBeCloseTo(hours * hourly, 2);
    // The fake bill charges the same disks over the same hours.
    expect(app.arm.bill.keptCostWhileStopped(BATCH_ID, MONDAY, app.clock.now)).toBeCloseTo(hours * hourly, 1);
  });

  it('says unknown, never 0.00, where no price can be read; the total names it', async () => {
    const answer = await report();
    const far = answer.targets.find((target) => target.target === 'far');
    expect(far?.stillBilled.whileStopped).toMatchObject({
      amount: 0,
      unpriced: [
        'no price for P10 LRS disk in brazilsouth',
        expect.stringMatching(/public IP in brazilsouth/),
        expect.anything(),
      ],
    });
    expect(stillBilledAmountText(far!.stillBilled.whileStopped!)).toMatch(
      /^unknown \(no price for P10 LRS disk/,
    );
    expect(answer.total.stillBilledWhileStopped.unpriced).toContain(
      'no price for P10 LRS disk in brazilsouth',
    );
    expect(answer.total.stillBilledWhileStopped.amount).toBeCloseTo(
      answer.targets.reduce((sum, target) => sum + (target.stillBilled.whileStopped?.amount ?? 0), 0),
      2,
    );
  });

  it('reads the node resource groups once a day, not once a report', async () => {
    await report();
    const graph = () => app.arm.requests.filter((request) => /ResourceGraph/i.test(request.path)).length;
    const before = graph();
    await report();
    await report();
    expect(graph()).toBe(before);
  });
});
