import '../dev/quietTestMode.js';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pLimit from 'p-limit';
import { buildPage } from '../dev/buildPage.js';
import { FakeArm } from '../dev/fakeArm/FakeArm.js';
import { fakeArmCredential } from '../dev/fakeArm/fakeArmCredential.js';
import { FUNCTIONS } from '../dev/functionRegistry.js';
import { LocalRunner } from '../dev/LocalRunner.js';
import { startAzurite } from '../dev/startAzurite.js';
import { openTableStorage } from '../shared/azure/openTableStorage.js';
import { StorageActionQueue } from '../shared/azure/StorageActionQueue.js';
import { createServices, useServices } from '../shared/compositionRoot.js';
import { loadConfig } from '../shared/config.js';
import { parseResourceId } from '../shared/domain/ResourceId.js';
import { launchChromium } from '../test/helpers/browser.js';

const CLUSTERS = 100;
const POOLS = 10;
const RUNS = 5;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const ms = (value: number) => `${value.toFixed(0)} ms`;

/**
 * Issue figure for the status page: with 1,000 targets, the time from navigation to a usable page
 * (the first rows on screen, with search and filter working), to the whole fleet loaded (every
 * page of GET /api/targets), and for a search to narrow the table. Real Chromium against the local
 * runner on Azurite and the fake ARM; the median of several loads.
 */
export async function runStatusPageBenchmark(): Promise<string> {
  const azurite = await startAzurite();
  const clock = { now: Date.parse('2026-11-26T12:00:00Z') };
  const arm = await FakeArm.start({ operationDurationMs: 60_000, clock: () => clock.now });
  let runner: LocalRunner | undefined;
  const browser = await launchChromium();
  try {
    const caFile = join(await mkdtemp(join(tmpdir(), 'offhours-bench-')), 'ca.pem');
    await writeFile(caFile, arm.ca);
    const storage = await openTableStorage({ connectionString: azurite.connectionString });
    const queue = await StorageActionQueue.open(
      { connectionString: azurite.connectionString },
      'offhours-actions',
    );
    const config = loadConfig({
      AzureWebJobsStorage: azurite.connectionString,
      OFFHOURS_ARM_ENDPOINT: arm.url,
      OFFHOURS_ARM_CA_FILE: caFile,
      OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0',
    });
    const services = await createServices(config, {
      now: () => clock.now,
      credential: fakeArmCredential,
      storage,
      queue,
      log: () => undefined,
    });
    useServices(services);
    await storage.schedules.create({
      name: 'office',
      definition: { uptime: 'Mon-Fri 08:00-20:00 Europe/Berlin' },
    });
    const subscriptionId = '00000000-0000-0000-0000-000000000001';
    const rows = [];
    for (let c = 0; c < CLUSTERS; c++) {
      arm.state.addCluster({
        subscriptionId,
        resourceGroup: 'rg',
        name: `c${c}`,
        pools: [
          { name: 'system', mode: 'System' },
          ...Array.from({ length: POOLS }, (_, p) => ({ name: `p${p}` })),
        ],
      });
      for (let p = 0; p < POOLS; p++) {
        const parsed = parseResourceId(
          `/subscriptions/${subscriptionId}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c${c}/agentPools/p${p}`,
        );
        if (parsed.ok)
          rows.push({
            name: `team${String(c).padStart(3, '0')}-pool${p}`,
            resourceId: parsed.resourceId,
            scheduleName: 'office',
            enabled: true,
            allowAksManagedScaleSet: false,
          });
      }
    }
    const limit = pLimit(32);
    await Promise.all(rows.map((row) => limit(() => storage.targets.create(row))));
    await services.reconciler.tick();
    clock.now += 5 * 60_000;
    await services.reconciler.tick();

    await buildPage();
    runner = new LocalRunner({
      functions: FUNCTIONS.filter((definition) => definition.trigger === 'http'),
      connectionString: azurite.connectionString,
      tick: '0 0 0 1 1 *',
      port: 0,
      log: () => undefined,
    });
    const url = `http://127.0.0.1:${await runner.start()}/api/ui`;
    const usable: number[] = [];
    const complete: number[] = [];
    const searched: number[] = [];
    const breakdown: string[] = [];
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const start = performance.now();
      await page.goto(url);
      await page.locator('tbody tr').first().waitFor();
      usable.push(performance.now() - start);
      const timing = (await page.evaluate(
        "JSON.stringify({ dom: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd, api: performance.getEntriesByType('resource').filter((entry) => entry.name.includes('limit=50')).map((entry) => [entry.startTime, entry.responseEnd])[0] })",
      )) as string;
      breakdown.push(timing);
      await page.getByText(`${rows.length} targets:`).waitFor();
      complete.push(performance.now() - start);
      const searchStart = performance.now();
      await page.getByLabel('Search').fill('team042');
      await page.waitForFunction("document.querySelectorAll('tbody tr').length === 10");
      searched.push(performance.now() - searchStart);
      await context.close();
    }
    const api = url.replace(/ui$/, 'targets');
    const firstPage: number[] = [];
    const unpaged: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      let start = performance.now();
      await fetch(`${api}?limit=50`).then((response) => response.json());
      firstPage.push(performance.now() - start);
      start = performance.now();
      await fetch(api).then((response) => response.json());
      unpaged.push(performance.now() - start);
    }
    return [
      `Status page (Chromium, local runner on Azurite; ${rows.length.toLocaleString('en')} targets; median of ${RUNS} loads)`,
      '',
      `time to a usable page (the first rows on screen, search and filter working): ${ms(median(usable))}`,
      `whole fleet loaded (a first page of 50, then the rest in pages of 1,000): ${ms(median(complete))}`,
      `search narrowing 1,000 rows to 10: ${ms(median(searched))}`,
      `GET /api/targets?limit=50 (the first page): ${ms(median(firstPage))}; GET /api/targets unpaged: ${ms(median(unpaged))}`,
      `in the browser (DOMContentLoaded; first page request start and end, ms): ${breakdown.join(' ')}`,
      '',
    ].join('\n');
  } finally {
    await browser.close();
    await runner?.stop();
    await arm.stop();
    await azurite.stop();
  }
}

if (process.argv[1]?.endsWith('statusPageBenchmark.js'))
  process.stdout.write(`${await runStatusPageBenchmark()}\n`);
