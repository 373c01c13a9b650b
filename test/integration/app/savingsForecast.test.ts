import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servicesOnFakeArm } from '../../../bench/servicesOnFakeArm.js';
import { FakeArm } from '../../../dev/fakeArm/FakeArm.js';
import { FakeRetailPrices } from '../../../dev/fakeRetailPrices/FakeRetailPrices.js';
import type { SavingsReport } from '../../../shared/app/savings/SavingsReport.js';
import { registerCatalog } from '../../helpers/catalogRows.js';

/*
 * Issue 26, the forecast: what the report foresees for the rest of the month against what the same
 * app then saves over it, ticking every 5 minutes on the fake ARM. The schedule has a 20-minute
 * lunch break, shorter than twice the start lead, which the tick keeps up, and every morning's
 * start is begun ahead by the lead: the forecast takes both off.
 */
const SUBSCRIPTION = '00000000-0000-0000-0000-0000000000f0';
const MINUTE = 60_000;
const START = Date.parse('2026-11-24T00:00:00Z');
const FORECAST_AT = Date.parse('2026-11-25T00:00:00Z');
const MONTH_END = Date.parse('2026-12-01T00:00:00Z');

let arm: FakeArm;
let prices: FakeRetailPrices;
let forecast: SavingsReport;
let saved: SavingsReport;

beforeAll(async () => {
  const clock = { now: START };
  arm = await FakeArm.start({ clock: () => clock.now, operationDurationMs: 3 * MINUTE });
  prices = await FakeRetailPrices.start();
  const { services, storage, queue } = await servicesOnFakeArm(arm, () => clock.now, {
    OFFHOURS_RETAIL_PRICES_URL: prices.url,
    OFFHOURS_CURRENCY: 'USD',
  });
  arm.state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg',
    name: 'dev',
    location: 'westeurope',
    pools: [
      { name: 'system', mode: 'System', count: 1 },
      { name: 'user', count: 3 },
    ],
  });
  await registerCatalog(
    storage,
    { office: { uptime: 'Mon-Fri 08:00-12:00 UTC, Mon-Fri 12:20-18:00 UTC', timeZone: 'UTC' } },
    {
      user: {
        resourceId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/dev/agentPools/user`,
        schedule: 'office',
      },
    },
  );
  for (clock.now = START; clock.now < MONTH_END; clock.now += 5 * MINUTE) {
    if (clock.now === FORECAST_AT)
      forecast = await services.savings.report(services.savings.rangeOf(undefined, undefined));
    arm.state.settle();
    await services.reconciler.tick();
    for (const request of queue.takeAll()) await services.executor.execute(request);
  }
  saved = await services.savings.report({ from: FORECAST_AT, to: MONTH_END });
}, 120_000);
afterAll(async () => {
  await arm?.stop();
  await prices?.stop();
});

describe('the forecast against what the month then saves', () => {
  it('takes off the start lead and the short down windows kept up: within 1 % of what was saved', () => {
    const foreseen = forecast.targets[0]?.forecast;
    const counted = saved.targets[0]?.saved;
    expect(forecast.forecastPeriod).toEqual({
      from: '2026-11-25T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
    });
    expect(counted?.amount).toBeGreaterThan(0);
    expect(foreseen?.amount).toBeGreaterThan(0);
    const difference = ((foreseen?.amount ?? 0) - (counted?.amount ?? 0)) / (counted?.amount ?? 1);
    expect(Math.abs(difference), `forecast ${foreseen?.amount}, saved ${counted?.amount}`).toBeLessThan(0.01);
  });
});
