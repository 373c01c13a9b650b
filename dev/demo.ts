import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableStorageOn } from '../shared/app/storage/TableStorage.js';
import type { SavingsService } from '../shared/app/savings/SavingsService.js';
import { createServices } from '../shared/compositionRoot.js';
import { loadConfig } from '../shared/config.js';
import { forPeople } from '../shared/domain/forPeople.js';
import { parseResourceId } from '../shared/domain/ResourceId.js';
import { money } from '../cli/savingsText.js';
import { FakeArm } from './fakeArm/FakeArm.js';
import { fakeArmCredential } from './fakeArm/fakeArmCredential.js';
import { InMemoryActionQueue } from './InMemoryActionQueue.js';
import { InMemoryRowTable } from './InMemoryRowTable.js';
import { FakeRetailPrices } from './fakeRetailPrices/FakeRetailPrices.js';

/**
 * `npm run demo`: a time-lapse of one simulated day (Monday 23 November 2026, a public holiday in
 * Japan) for three teams in Berlin, New York and Tokyo, one reconcile tick every 5 simulated minutes.
 * Real services on in-memory tables and the fake ARM; the clock is simulated, so the output is the
 * same on every run.
 */
const SUBSCRIPTION = '00000000-0000-0000-0000-0000000000de';
const DAY_START = Date.parse('2026-11-23T00:00:00Z');
const TICK_MS = 5 * 60_000;
const TEAMS = [
  {
    target: 'berlin-apps',
    cluster: 'berlin',
    schedule: 'berlin-office',
    uptime: 'Mon-Fri 08:00-18:00',
    timeZone: 'Europe/Berlin',
    location: 'germanywestcentral',
    holidays: 'DE-BE',
  },
  {
    target: 'ny-apps',
    cluster: 'newyork',
    schedule: 'ny-office',
    uptime: 'Mon-Fri 09:00-17:00',
    timeZone: 'America/New_York',
    location: 'eastus',
    holidays: 'US-NY',
  },
  {
    target: 'tokyo-apps',
    cluster: 'tokyo',
    schedule: 'tokyo-office',
    uptime: 'Mon-Fri 08:00-20:00',
    timeZone: 'Asia/Tokyo',
    location: 'japaneast',
    holidays: 'JP',
  },
];
const OVERRIDE_AT = Date.parse('2026-11-23T16:30:00Z');

const clock = { now: DAY_START - TICK_MS };
const print = (line: string) => process.stdout.write(`${line}\n`);
const hhmm = (instant: number) => new Date(instant).toISOString().slice(11, 16);

async function main(): Promise<void> {
  const arm = await FakeArm.start({ operationDurationMs: 3 * 60_000, clock: () => clock.now });
  const prices = await FakeRetailPrices.start();
  try {
    const caFile = join(await mkdtemp(join(tmpdir(), 'offhours-demo-')), 'ca.pem');
    await writeFile(caFile, arm.ca);
    const tables = new Map<string, InMemoryRowTable>();
    const storage = tableStorageOn(
      (name) =>
        tables.get(name) ??
        tables.set(name, new InMemoryRowTable(name)).get(name) ??
        new InMemoryRowTable(name),
    );
    const queue = new InMemoryActionQueue();
    const config = loadConfig({
      AzureWebJobsStorage: 'UseDevelopmentStorage=true',
      OFFHOURS_ARM_ENDPOINT: arm.url,
      OFFHOURS_ARM_CA_FILE: caFile,
      OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0',
      OFFHOURS_RETAIL_PRICES_URL: prices.url,
    });
    const services = await createServices(config, {
      now: () => clock.now,
      credential: fakeArmCredential,
      storage,
      queue,
      log: () => undefined,
    });
    for (const team of TEAMS) {
      arm.state.addCluster({
        subscriptionId: SUBSCRIPTION,
        resourceGroup: 'rg-dev',
        name: team.cluster,
        location: team.location,
        pools: [
          { name: 'system', mode: 'System' },
          { name: 'apps', count: 3, autoscale: { minCount: 2, maxCount: 6 } },
        ],
      });
      await storage.schedules.create({
        name: team.schedule,
        definition: { uptime: team.uptime, timeZone: team.timeZone, holidays: team.holidays },
      });
      const parsed = parseResourceId(
        `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-dev/providers/Microsoft.ContainerService/managedClusters/${team.cluster}/agentPools/apps`,
      );
      if (parsed.ok)
        await storage.targets.create({
          name: team.target,
          resourceId: parsed.resourceId,
          scheduleName: team.schedule,
          enabled: true,
          allowAksManagedScaleSet: false,
        });
    }
    print('AKS Off-Hours, a simulated day: Monday 23 November 2026 (UTC), a reconcile tick every 5 minutes');
    print(
      'Berlin Mon-Fri 08:00-18:00, New York Mon-Fri 09:00-17:00, Tokyo Mon-Fri 08:00-20:00; today is a public holiday in Japan.',
    );
    print('');
    const stoppedTicks = new Map(TEAMS.map((team) => [team.target, 0]));
    for (; clock.now < DAY_START + 24 * 3_600_000; clock.now += TICK_MS) {
      if (clock.now === OVERRIDE_AT) {
        await services.targets.setOverride(
          'berlin-apps',
          { kind: 'keep-running', until: '2026-11-23T20:00:00+01:00', reason: 'release testing' },
          'alice@example.com',
        );
        print(
          `${hhmm(clock.now)}  berlin-apps  override  keep running until 20:00 Berlin time, asked by alice@example.com ("release testing")`,
        );
      } else {
        await services.reconciler.tick();
      }
      for (const request of queue.takeAll()) {
        const result = await services.executor.execute(request);
        if (clock.now >= DAY_START)
          print(
            `${hhmm(clock.now)}  ${request.targetName.padEnd(11)}  ${request.action.padEnd(8)}  ${result.result}: ${forPeople(request.reason, 'UTC')}`,
          );
      }
      if (clock.now < DAY_START) continue;
      for (const team of TEAMS) {
        const pool = arm.state.pool(arm.state.cluster(SUBSCRIPTION, 'rg-dev', team.cluster), 'apps');
        if (pool.powerState === 'Stopped')
          stoppedTicks.set(team.target, (stoppedTicks.get(team.target) ?? 0) + 1);
      }
    }
    print('');
    const tokyo = TEAMS[2];
    const holiday = tokyo
      ? await services.schedules.preview(tokyo.schedule, '2026-11-23', '2026-11-24')
      : undefined;
    for (const entry of holiday?.holidays ?? [])
      print(
        `Closed in Tokyo on ${entry.date}: ${entry.name}. tokyo-apps stayed down all of Tokyo's Monday and started on Tuesday morning (23:00 UTC).`,
      );
    let saved = 0;
    for (const team of TEAMS) {
      const hours = ((stoppedTicks.get(team.target) ?? 0) * TICK_MS) / 3_600_000;
      saved += hours;
      print(
        `${team.target.padEnd(11)}  stopped ${hours.toFixed(1).padStart(4)} h of the 24 (${team.timeZone})`,
      );
    }
    print(
      `Hours saved: ${saved.toFixed(1)} of ${TEAMS.length * 24} pool-hours (${Math.round((saved / (TEAMS.length * 24)) * 100)}%).`,
    );
    await printMoney(services.savings);
  } finally {
    await prices.stop();
    await arm.stop();
  }
}

/**
 * Money, from the audit trail (stop succeeded to next start begun) and the nodes seen before each
 * stop, priced with the local fake of the Retail Prices API (made-up prices, see docs/savings.md).
 */
async function printMoney(savings: SavingsService): Promise<void> {
  const report = await savings.report({ from: DAY_START, to: DAY_START + 24 * 3_600_000 });
  print('');
  for (const target of report.targets)
    print(
      `${target.target.padEnd(11)}  saved ${money(target.saved)}: ${target.saved.nodeHours.toFixed(1)} node-hours of ${target.footprint?.description ?? 'nodes not observed'}`,
    );
  print(
    `Money saved: ${money(report.total.saved)}, at pay-as-you-go Linux prices from the local Retail Prices fake; still billed while stopped: the nodes' OS disks and the clusters' control planes (not priced here).`,
  );
}

await main();
