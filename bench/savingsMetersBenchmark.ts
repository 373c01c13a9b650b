import { performance } from 'node:perf_hooks';
import { FakeArm } from '../dev/fakeArm/FakeArm.js';
import { clusterId, type ClusterSpec, type PoolSpec } from '../dev/fakeArm/FakeArmState.js';
import {
  AKS_TIER_USD,
  FakeRetailPrices,
  LINUX_USD,
  SPOT_SHARE,
  windowsUsd,
} from '../dev/fakeRetailPrices/FakeRetailPrices.js';
import { parseResourceId } from '../shared/domain/ResourceId.js';
import { servicesOnFakeArm } from './servicesOnFakeArm.js';

/*
 * Issue 26's table redone on the fake world: a typical dev cluster (3 × Standard_D4s_v5 user nodes in
 * westeurope, up Mon-Fri 08:00-20:00 UTC) run for a week by the app itself (the reconciler's ticks,
 * the executor, the fake ARM's operations), one case at a time. "shown" is what the savings report
 * says the week's stops saved; "documented" is the node-hours the fake ARM itself had stopped (read
 * from its state each simulated minute, not from the audit trail) times the price Microsoft's rules
 * give the case (its meter, its commitments, its tier), computed here from the fake price list's
 * tables, not by the code under test. Printed, never asserted (BENCHMARKS.md).
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const TICK_MS = 5 * MINUTE_MS;
/** Monday 2 November 2026, 00:00 UTC, for a week. */
const WEEK_START = Date.parse('2026-11-02T00:00:00Z');
const WEEK_END = WEEK_START + 7 * 24 * HOUR_MS;
const SUBSCRIPTION = '00000000-0000-0000-0000-000000000026';
const LOCATION = 'westeurope';
const D4 = LINUX_USD['Standard_D4s_v5']?.[LOCATION] ?? NaN;
const D2 = LINUX_USD['Standard_D2s_v3']?.[LOCATION] ?? NaN;
const USER_NODES = 3;

interface SavingsCase {
  name: string;
  /** What is registered: the user pool, or the whole cluster. */
  target: 'pool' | 'cluster';
  user: Partial<PoolSpec>;
  cluster?: Pick<ClusterSpec, 'tier' | 'windowsLicenseType'>;
  settings?: Record<string, string>;
  /** USD an hour the stop saves by Microsoft's rules, for this case. */
  documentedHourly: number;
}

const CASES: SavingsCase[] = [
  { name: 'Linux pay-as-you-go pool', target: 'pool', user: {}, documentedHourly: USER_NODES * D4 },
  {
    name: 'Windows pool, no Hybrid Benefit',
    target: 'pool',
    user: { osType: 'Windows' },
    documentedHourly: USER_NODES * windowsUsd('Standard_D4s_v5', D4),
  },
  {
    name: 'Windows pool, Hybrid Benefit',
    target: 'pool',
    user: { osType: 'Windows' },
    cluster: { windowsLicenseType: 'Windows_Server' },
    documentedHourly: USER_NODES * D4,
  },
  {
    name: 'Spot pool',
    target: 'pool',
    user: { scaleSetPriority: 'Spot' },
    documentedHourly: USER_NODES * D4 * SPOT_SHARE,
  },
  {
    name: 'pool covered by a reservation (×3)',
    target: 'pool',
    user: {},
    settings: { OFFHOURS_RESERVATIONS: `Standard_D4s_v5@${LOCATION}×3` },
    documentedHourly: 0,
  },
  {
    name: 'pool within a savings plan',
    target: 'pool',
    user: {},
    settings: { OFFHOURS_SAVINGS_PLAN_HOURLY: (USER_NODES * D4).toFixed(2) },
    documentedHourly: 0,
  },
  {
    name: 'pool autoscaled to 0 before the stop',
    target: 'pool',
    user: { count: 0, autoscale: { minCount: 0, maxCount: 3 } },
    documentedHourly: 0,
  },
  {
    name: 'whole cluster stopped, Free tier',
    target: 'cluster',
    user: {},
    cluster: { tier: 'Free' },
    documentedHourly: D2 + USER_NODES * D4,
  },
  {
    name: 'whole cluster stopped, Standard tier',
    target: 'cluster',
    user: {},
    cluster: { tier: 'Standard' },
    documentedHourly: D2 + USER_NODES * D4 + (AKS_TIER_USD['Standard'] ?? NaN),
  },
];

/**
 * The app ticks every 5 minutes; far from the schedule's edges (08:00 and 20:00 UTC) and with no
 * operation under way nothing can happen, so the simulation ticks hourly there, which keeps a week
 * of minutes quick without delaying what a tick would see.
 */
function isTickDue(now: number, changing: boolean): boolean {
  if ((now - WEEK_START) % TICK_MS !== 0) return false;
  const hour = new Date(now).getUTCHours();
  const nearEdge = (hour >= 6 && hour < 10) || (hour >= 19 && hour < 22);
  return nearEdge || changing || now % HOUR_MS === 0;
}

export interface SavingsCaseFigures {
  name: string;
  stoppedHours: number;
  shown: number;
  documented: number;
  /** (shown − documented) / documented, or the difference in USD when documented is 0. */
  deviation: string;
}

async function runCase(testCase: SavingsCase, prices: FakeRetailPrices): Promise<SavingsCaseFigures> {
  const clock = { now: WEEK_START };
  const arm = await FakeArm.start({ clock: () => clock.now, operationDurationMs: 5 * MINUTE_MS });
  try {
    const cluster = arm.state.addCluster({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: 'rg',
      name: 'dev',
      location: LOCATION,
      ...testCase.cluster,
      pools: [
        { name: 'system', mode: 'System', count: 1, vmSize: 'Standard_D2s_v3' },
        { name: 'user1', count: USER_NODES, ...testCase.user },
      ],
    });
    const { services, storage, queue } = await servicesOnFakeArm(arm, () => clock.now, {
      OFFHOURS_TICK: '0 */5 * * * *',
      OFFHOURS_RETAIL_PRICES_URL: prices.url,
      ...testCase.settings,
    });
    await storage.schedules.create({
      name: 'office',
      definition: { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'UTC' },
    });
    const id = testCase.target === 'cluster' ? clusterId(cluster) : `${clusterId(cluster)}/agentPools/user1`;
    const parsed = parseResourceId(id);
    if (!parsed.ok) throw new Error(parsed.message);
    await storage.targets.create({
      name: 'dev',
      resourceId: parsed.resourceId,
      scheduleName: 'office',
      enabled: true,
      allowAksManagedScaleSet: false,
    });
    const pool = cluster.pools.get('user1');
    const stopped = () =>
      testCase.target === 'cluster'
        ? cluster.powerState === 'Stopped' && !cluster.pending
        : pool?.powerState === 'Stopped' && !pool.pending;
    let stoppedMinutes = 0;
    let changedAt = -Infinity;
    for (; clock.now < WEEK_END; clock.now += MINUTE_MS) {
      arm.state.settle();
      if (stopped()) stoppedMinutes++;
      // Until a tick after an operation ends, the app has yet to see it end: keep the 5-minute ticks.
      if (cluster.pending !== undefined || [...cluster.pools.values()].some((each) => each.pending))
        changedAt = clock.now;
      if (!isTickDue(clock.now, clock.now - changedAt <= 2 * TICK_MS)) continue;
      await services.reconciler.tick();
      for (const request of queue.takeAll()) await services.executor.execute(request);
    }
    const report = await services.savings.report({ from: WEEK_START, to: WEEK_END });
    const stoppedHours = stoppedMinutes / 60;
    const shown = report.targets[0]?.saved.amount ?? NaN;
    const documented = Math.round(stoppedHours * testCase.documentedHourly * 100) / 100;
    const deviation =
      documented === 0
        ? `${shown >= 0 ? '+' : ''}${shown.toFixed(2)} USD`
        : `${(((shown - documented) / documented) * 100).toFixed(2)} %`;
    return { name: testCase.name, stoppedHours, shown, documented, deviation };
  } finally {
    await arm.stop();
  }
}

export async function savingsMetersBenchmark(): Promise<SavingsCaseFigures[]> {
  const prices = await FakeRetailPrices.start();
  try {
    const figures: SavingsCaseFigures[] = [];
    for (const testCase of CASES) figures.push(await runCase(testCase, prices));
    return figures;
  } finally {
    await prices.stop();
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const figures = await savingsMetersBenchmark();
  console.log('Savings per case (issue 26), one simulated week, USD, shown vs documented:');
  console.log(
    `${'case'.padEnd(40)}  ${'stopped h'.padStart(9)}  ${'shown'.padStart(8)}  ${'documented'.padStart(10)}  deviation`,
  );
  for (const row of figures)
    console.log(
      `${row.name.padEnd(40)}  ${row.stoppedHours.toFixed(2).padStart(9)}  ${row.shown.toFixed(2).padStart(8)}  ${row.documented.toFixed(2).padStart(10)}  ${row.deviation}`,
    );
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

if (process.argv[1]?.endsWith('savingsMetersBenchmark.js')) await main();
