import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeArm } from '../../../dev/fakeArm/FakeArm.js';
import { fakeArmCredential } from '../../../dev/fakeArm/fakeArmCredential.js';
import { FakeRetailPrices } from '../../../dev/fakeRetailPrices/FakeRetailPrices.js';
import { InMemoryActionQueue } from '../../../dev/InMemoryActionQueue.js';
import { InMemoryRowTable } from '../../../dev/InMemoryRowTable.js';
import type { SavingsReport } from '../../../shared/app/savings/SavingsReport.js';
import { tableStorageOn } from '../../../shared/app/storage/TableStorage.js';
import { createServices } from '../../../shared/compositionRoot.js';
import { loadConfig } from '../../../shared/config.js';
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
  const caFile = join(await mkdtemp(join(tmpdir(), 'offhours-forecast-')), 'ca.pem');
  await writeFile(caFile, arm.ca);
  const tables = new Map<string, InMemoryRowTable>();
  const storage = tableStorageOn((name) => {
    let table = tables.get(name);
    if (!table) tables.set(name, (table = new InMemoryRowTable(name)));
    return table;
  });
  const queue = new InMemoryActionQueue();
  const services = await createServices(
    loadConfig({
      AzureWebJobsStorage: 'UseDevelopmentStorage=true',
      OFFHOURS_ARM_ENDPOINT: arm.url,
      OFFHOURS_ARM_CA_FILE: caFile,
      OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0',
      OFFHOURS_RETAIL_PRICES_URL: prices.url,
      OFFHOURS_CURRENCY: 'USD',
    }),
    { log: () => undefined, now: () => clock.now, credential: fakeArmCredential, storage, queue },
  );
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
