import { windowsUsd } from '../../dev/fakeRetailPrices/FakeRetailPrices.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeRetailPrices } from '../../dev/fakeRetailPrices/FakeRetailPrices.js';
import type { SavingsReport } from '../../shared/app/savings/SavingsReport.js';
import { startApp, SUBSCRIPTION, type AppHarness } from '../helpers/appHarness.js';
import { poolId, registerCatalog } from '../helpers/catalogRows.js';

/*
 * Issue 26, item 6, end to end: the app stops and starts two pools for three days on the fake ARM,
 * the fake bills them (its own power history, each node on its meter), and GET /api/savings sets
 * the app's estimate beside the bill for the whole days, flagging a difference over 10 %.
 */

let app: AppHarness;
let prices: FakeRetailPrices;
const HOUR = 3_600_000;
const MONDAY = Date.parse('2026-11-30T00:00:00Z');

beforeAll(async () => {
  prices = await FakeRetailPrices.start();
  app = await startApp(
    {
      OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0',
      OFFHOURS_RETAIL_PRICES_URL: prices.url,
      OFFHOURS_CURRENCY: 'USD',
      // The reservation the fake bill applies (below), declared as a person would.
      OFFHOURS_RESERVATIONS: 'Standard_D4s_v5@eastus×2',
    },
    { billing: {} },
    '2026-11-30T00:00:00Z',
  );
  app.arm.state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg',
    name: 'dev',
    location: 'westeurope',
    pools: [
      { name: 'system', mode: 'System', count: 1 },
      { name: 'linux', count: 3 },
      { name: 'win', count: 2 },
      { name: 'batch', count: 0, autoscale: { minCount: 0, maxCount: 3 } },
    ],
  });
  // Two nodes a reservation pays for, whether they run or not.
  const reserved = app.arm.state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg',
    name: 'reserved',
    location: 'eastus',
    pools: [
      { name: 'system', mode: 'System', count: 1 },
      { name: 'covered', count: 2 },
    ],
  });
  app.arm.state.pool(reserved, 'system').vmSize = 'Standard_D2s_v3';
  app.arm.bill.addReservation({
    subscriptionId: SUBSCRIPTION,
    vmSize: 'Standard_D4s_v5',
    location: 'eastus',
    quantity: 2,
  });
  // The Windows pool looks like any other to the app; the bill knows its nodes run Windows.
  app.arm.bill.setFacts(poolId(SUBSCRIPTION, 'dev', 'win'), { os: 'Windows' });
  await registerCatalog(
    app.services.storage,
    { office: { uptime: 'Mon-Fri 08:00-18:00', timeZone: 'UTC' } },
    {
      'dev-linux': { resourceId: poolId(SUBSCRIPTION, 'dev', 'linux'), schedule: 'office' },
      'dev-win': { resourceId: poolId(SUBSCRIPTION, 'dev', 'win'), schedule: 'office' },
      'dev-batch': { resourceId: poolId(SUBSCRIPTION, 'dev', 'batch'), schedule: 'office' },
      covered: { resourceId: poolId(SUBSCRIPTION, 'reserved', 'covered'), schedule: 'office' },
    },
  );
  // Each transition's tick, and the follower's five minutes later, for Monday to Wednesday; the
  // batch pool's autoscaler takes it to 3 nodes at 09:00 and back to 0 at 16:00, so it is stopped
  // with none.
  const dev = app.arm.state.cluster(SUBSCRIPTION, 'rg', 'dev');
  const batch = app.arm.state.pool(dev, 'batch');
  for (let day = 0; day < 3; day++)
    for (const hour of [0, 8, 9, 16, 18])
      for (const minutes of [0, 5]) {
        app.clock.now = MONDAY + day * 24 * HOUR + hour * HOUR + minutes * 60_000;
        app.arm.state.settle();
        if (minutes === 0 && (hour === 9 || hour === 16))
          app.arm.state.updatePoolScale(dev, batch, { count: hour === 9 ? 3 : 0 });
        await app.tick();
        await app.drain();
      }
  app.clock.now = Date.parse('2026-12-03T12:00:00Z');
});
afterAll(async () => {
  await app.stop();
  await prices.stop();
});

const report = async (query: string) => {
  const response = await app.http('GET', `savings?${query}`);
  expect(response.status).toBe(200);
  return response.body as SavingsReport;
};

describe('GET /api/savings checked against the bill', () => {
  it('without Cost Management Reader, says the actual cost is unavailable and why, and the rest of the report stands', async () => {
    app.arm.injectFault({
      method: 'POST',
      path: /Microsoft\.CostManagement\/query/i,
      status: 403,
      code: 'AuthorizationFailed',
      message:
        "The client does not have authorization to perform action 'Microsoft.CostManagement/query/read'",
    });
    const answer = await report('from=2026-11-30&to=2026-12-03');
    expect(answer.billCheck).toEqual({
      available: false,
      reason: expect.stringMatching(/^no Cost Management Reader on subscription .*403 AuthorizationFailed/),
    });
    expect(answer.total.saved.amount).toBeGreaterThan(0);
  });

  it('sets the estimate beside the bill for the whole days, per target and in total, and flags the Windows pool', async () => {
    const answer = await report('from=2026-11-30&to=2026-12-04');
    const check = answer.billCheck;
    if (!check?.available) throw new Error(`no bill check: ${JSON.stringify(check)}`);
    // Thursday noon: Monday and Tuesday are whole and a day old; Wednesday is not yet.
    expect(check).toMatchObject({
      from: '2026-11-30T00:00:00.000Z',
      to: '2026-12-02T00:00:00.000Z',
      currency: 'USD',
      thresholdPercent: 10,
      unavailable: [],
    });
    const linux = check.targets.find((target) => target.target === 'dev-linux');
    const windows = check.targets.find((target) => target.target === 'dev-win');
    // The bill: 10 h a day and the minute each deallocation takes (Monday's two, Tuesday's one), 3 nodes
    // at USD 0.23 (westeurope, Linux).
    const billedHours = 20 + 3 / 60;
    expect(linux?.actual).toBeCloseTo(3 * billedHours * 0.23, 2);
    expect(linux?.days.map((day) => day.date)).toEqual(['2026-11-30', '2026-12-01']);
    expect(Math.abs(linux?.differencePercent ?? Infinity)).toBeLessThan(2);
    expect(linux?.flagged).toBe(false);
    // Priced by the app as Linux, billed on the Windows meter (the Linux price and a licence per vCPU).
    expect(windows?.actual).toBeCloseTo(2 * billedHours * windowsUsd('Standard_D4s_v5', 0.23), 2);
    expect(windows?.differencePercent).toBeLessThan(-40);
    expect(windows?.flagged).toBe(true);
    const sum = (field: 'actual' | 'estimated') =>
      check.targets.reduce((total, target) => total + target[field], 0);
    expect(check.total.actual).toBeCloseTo(sum('actual'), 2);
    expect(check.total.estimated).toBeCloseTo(sum('estimated'), 2);
    expect(check.total.flagged).toBe(true);
  });

  it('estimates nodes a reservation pays for at 0 while they run, as the bill has them', async () => {
    const answer = await report('from=2026-11-30&to=2026-12-04');
    if (!answer.billCheck?.available) throw new Error('no bill check');
    const covered = answer.billCheck.targets.find((target) => target.target === 'covered');
    expect(covered).toMatchObject({ estimated: 0, actual: 0, flagged: false });
  });

  it("estimates an autoscaled pool's runs on the nodes seen while it ran, not the 0 it was stopped with", async () => {
    const answer = await report('from=2026-11-30&to=2026-12-04');
    if (!answer.billCheck?.available) throw new Error('no bill check');
    const batch = answer.billCheck.targets.find((target) => target.target === 'dev-batch');
    // 3 nodes from 09:00 to 16:00 on Monday and Tuesday, at USD 0.23; stopped with none, it saved nothing.
    expect(batch?.actual).toBeCloseTo(2 * 7 * 3 * 0.23, 0);
    expect(Math.abs(batch?.differencePercent ?? Infinity)).toBeLessThan(2);
    expect(batch?.flagged).toBe(false);
    expect(answer.targets.find((target) => target.target === 'dev-batch')?.saved.amount).toBe(0);
  });

  it("narrowed to one target, checks that target's bill only", async () => {
    const answer = await report('from=2026-11-30&to=2026-12-04&target=dev-linux');
    if (!answer.billCheck?.available) throw new Error('no bill check');
    expect(answer.billCheck.targets.map((target) => target.target)).toEqual(['dev-linux']);
    expect(answer.billCheck.total.flagged).toBe(false);
  });
});
