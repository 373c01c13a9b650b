import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeRetailPrices } from '../../dev/fakeRetailPrices/FakeRetailPrices.js';
import type { SavingsReport } from '../../shared/app/savings/SavingsReport.js';
import { OPEN_API_DOCUMENT } from '../../shared/http/openApiDocument.js';
import { startApp, SUBSCRIPTION, type AppHarness } from '../helpers/appHarness.js';
import { poolId, registerCatalog } from '../helpers/catalogRows.js';

let app: AppHarness;
let prices: FakeRetailPrices;
const HOUR = 3_600_000;

// Thursday 2026-11-26 20:00 UTC, 21:00 in Berlin: the office schedule says stopped.
beforeAll(async () => {
  prices = await FakeRetailPrices.start({ pageSize: 3 });
  app = await startApp(
    {
      OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0',
      OFFHOURS_RETAIL_PRICES_URL: prices.url,
      OFFHOURS_CURRENCY: 'EUR',
      OFFHOURS_DISCOUNT_PERCENT: '20',
    },
    {},
    '2026-11-26T20:00:00Z',
  );
  app.arm.state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg',
    name: 'dev',
    location: 'westeurope',
    pools: [
      { name: 'system', mode: 'System' },
      { name: 'user1', count: 4 },
      { name: 'user2', count: 2 },
    ],
  });
  await registerCatalog(
    app.services.storage,
    {
      office: { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Europe/Berlin' },
      long: { uptime: 'Mon-Fri 06:00-22:00', timeZone: 'Europe/Berlin' },
    },
    {
      'dev-user1': { resourceId: poolId(SUBSCRIPTION, 'dev', 'user1'), schedule: 'office' },
      // Up whenever a tick runs in this test: never stopped, so only its profile is known.
      'dev-user2': { resourceId: poolId(SUBSCRIPTION, 'dev', 'user2'), schedule: 'long' },
    },
  );
  // 20:00 UTC: the stop is begun; 20:05 the follower sees it succeeded.
  await app.tick();
  await app.drain();
  app.clock.now += 5 * 60_000;
  await app.tick();
  // Friday 07:00 UTC (08:00 Berlin): the start is begun, 10 h 55 min after the stop succeeded.
  app.clock.now = Date.parse('2026-11-27T07:00:00Z');
  await app.tick();
  await app.drain();
  app.clock.now = Date.parse('2026-11-27T09:00:00Z');
});
afterAll(async () => {
  await app.stop();
  await prices.stop();
});

describe('GET /api/savings', () => {
  it('reports the hours stopped from what happened, priced in the chosen currency less the discount', async () => {
    const response = await app.http('GET', 'savings?from=2026-11-01&to=2026-12-01');
    expect(response.status).toBe(200);
    const report = response.body as SavingsReport;
    expect(report).toMatchObject({
      currency: 'EUR',
      discountPercent: 20,
      countedTo: '2026-11-27T09:00:00.000Z',
    });
    const target = report.targets.find((candidate) => candidate.target === 'dev-user1');
    expect(target?.footprint).toMatchObject({
      location: 'westeurope',
      nodes: [{ vmSize: 'Standard_D4s_v5', count: 4 }],
      observed: 'before-stop',
    });
    expect(target?.stopped).toEqual([
      {
        from: '2026-11-26T20:05:00.000Z',
        to: '2026-11-27T07:00:00.000Z',
        ongoing: false,
        nodes: '4 × Standard_D4s_v5 in westeurope',
      },
    ]);
    // The fake's Linux pay-as-you-go price: 0.23 USD × 0.9 = 0.207 EUR an hour (not Windows, Spot or a reservation).
    const hours = (7 * HOUR - (20 * HOUR + 5 * 60_000 - 24 * HOUR)) / HOUR;
    expect(target?.saved.hours).toBeCloseTo(hours, 2);
    expect(target?.saved.listAmount).toBeCloseTo(4 * hours * 0.207, 2);
    expect(target?.saved.amount).toBeCloseTo(4 * hours * 0.207 * 0.8, 2);
    expect(target?.saved).toMatchObject({ currency: 'EUR', discountPercent: 20, unpriced: [] });
    expect(target?.stillBilled.items.join(' ')).toContain(
      "the nodes' OS disks only if the pool's scale set keeps its instances after the stop",
    );
    expect(report.prices).toEqual([
      expect.objectContaining({
        priced: 'Standard_D4s_v5',
        location: 'westeurope',
        hourly: 0.207,
        currency: 'EUR',
      }),
    ]);
    expect(report.total.saved.amount).toBeCloseTo(target?.saved.amount ?? NaN, 2);
    expect(report.schedules.map((group) => group.schedule)).toEqual(['long', 'office']);
    expect(report.subscriptions.map((group) => group.subscriptionId)).toEqual([SUBSCRIPTION]);
    // The rest of November from 09:00 Friday: the schedule's down hours, on the 4 nodes seen before the stop.
    expect(report.forecastPeriod).toEqual({
      from: '2026-11-27T09:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
    });
    expect(target?.forecast?.hours).toBeGreaterThan(48);
    expect(target?.forecast?.amount).toBeCloseTo((target?.forecast?.nodeHours ?? 0) * 0.207 * 0.8, 1);
  });

  it('prices the forecast of a target never stopped on its profile now, and claims no savings for it', async () => {
    const report = (await app.http('GET', 'savings')).body as SavingsReport;
    const never = report.targets.find((candidate) => candidate.target === 'dev-user2');
    expect(never?.footprint).toMatchObject({
      location: 'westeurope',
      nodes: [{ vmSize: 'Standard_D4s_v5', count: 2 }],
      observed: 'now',
    });
    expect(never?.stopped).toEqual([]);
    expect(never?.saved).toMatchObject({ hours: 0, amount: 0 });
    expect(never?.forecast?.hours).toBeGreaterThan(24);
    expect(never?.forecast?.unpriced).toEqual([]);
    expect(never?.forecast?.amount).toBeCloseTo((never?.forecast?.nodeHours ?? 0) * 0.207 * 0.8, 1);
  });

  it('narrows the report to one target for its page, and answers 404 for a name it does not know', async () => {
    const report = (await app.http('GET', 'savings?target=dev-user1')).body as SavingsReport;
    expect(report.targets.map((target) => target.target)).toEqual(['dev-user1']);
    expect(report.total.targets).toBe(1);
    const unknown = await app.http('GET', 'savings?target=nobody');
    expect(unknown.status).toBe(404);
    expect(JSON.stringify(unknown.body)).toContain('nobody');
  });

  it('asks the price list once per size and region, however many reports', async () => {
    const before = prices.requests.length;
    await app.http('GET', 'savings');
    await app.http('GET', 'savings?from=2026-11-26');
    expect(prices.requests.length).toBe(before);
  });

  it('answers a bad from or to with problem details naming the field, the value and what is valid', async () => {
    const bad = await app.http('GET', 'savings?from=2026-02-30');
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toBe('application/problem+json');
    expect(bad.body).toMatchObject({
      status: 400,
      errors: [{ field: 'from', value: '2026-02-30' }],
    });
    const backwards = await app.http('GET', 'savings?from=2026-11-10&to=2026-11-01');
    expect(backwards.status).toBe(400);
    expect(backwards.body).toMatchObject({ errors: [{ field: 'to', value: '2026-11-01' }] });
    expect(JSON.stringify(backwards.body)).toContain('must be after from');
    const words = await app.http('GET', 'savings?to=yesterday');
    expect(words.status).toBe(400);
    expect(JSON.stringify(words.body)).toContain('2026-11-01');
  });

  it('refuses a from in the future with problem details naming it, its value and what is valid', async () => {
    // Now is Friday 2026-11-27 09:00 UTC.
    for (const from of ['2026-11-28', '2026-11-27T10:00:00Z']) {
      const future = await app.http('GET', `savings?from=${encodeURIComponent(from)}`);
      expect(future.status).toBe(400);
      expect(future.headers['content-type']).toBe('application/problem+json');
      expect(future.body).toMatchObject({
        status: 400,
        errors: [
          {
            field: 'from',
            value: from,
            message: expect.stringMatching(/^is in the future; .*2026-11-27 or earlier/),
          },
        ],
      });
    }
    expect((await app.http('GET', 'savings?from=2026-11-27')).status).toBe(200);
  });

  it('adds no forecast to a period that is over (last month)', async () => {
    const report = (await app.http('GET', 'savings?from=2026-10-01&to=2026-11-01')).body as SavingsReport;
    expect(report.forecastPeriod).toBeUndefined();
    expect(report.targets.map((target) => target.forecast)).toEqual([undefined, undefined]);
    expect(report.total.forecast).toMatchObject({ hours: 0, amount: 0 });
  });

  it('is in the OpenAPI document with its report schema', () => {
    expect(OPEN_API_DOCUMENT.paths['/savings']?.['get']?.operationId).toBe('savings');
    expect(Object.keys(OPEN_API_DOCUMENT.components.schemas)).toContain('SavingsReport');
  });
});
