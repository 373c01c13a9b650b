import { performance } from 'node:perf_hooks';
import { FakeArm } from '../dev/fakeArm/FakeArm.js';
import { clusterId } from '../dev/fakeArm/FakeArmState.js';
import type { FakeCluster, MaintenanceConfigurationProperties } from '../dev/fakeArm/FakeFleetModel.js';
import { nodeImageVersionAt, WEEKLY_NODE_IMAGES } from '../dev/fakeArm/nodeImageVersionAt.js';
import { kubernetesSupportStatus } from '../shared/domain/maintenance/kubernetesSupport.js';
import { maintenanceWindowsBetween } from '../shared/domain/maintenance/maintenanceWindowsBetween.js';
import type { MaintenanceConfiguration } from '../shared/domain/maintenance/MaintenanceConfiguration.js';
import type { MaintenanceWindow } from '../shared/domain/maintenance/MaintenanceWindow.js';
import { parseResourceId } from '../shared/domain/ResourceId.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../shared/domain/time.js';
import { servicesOnFakeArm } from './servicesOnFakeArm.js';

/** Monday 7 December 2026, 00:00 UTC: twelve weeks from here, across Christmas, New Year and a Japanese holiday. */
const SIM_START = Date.parse('2026-12-07T00:00:00Z');
const WEEKS = 12;
const CLUSTERS = 60;
const TICK_MS = 15 * MINUTE_MS;
/** Each cluster runs 3 nodes of this size (its System pool), priced as the fake Retail Prices API prices it. */
const NODES = 3;
const NODE_PRICE_PER_HOUR = 0.23; // Standard_D4s_v5, westeurope, Linux pay-as-you-go (dev/fakeRetailPrices)
const LOCATION = 'westeurope';
/** The region's versions through the twelve weeks: 1.34 (end of life 30 November 2026) is still listed. */
const REGION_VERSIONS = [
  { version: '1.34', patchVersions: ['1.34.1', '1.34.3'] },
  { version: '1.35', patchVersions: ['1.35.0', '1.35.2'], isDefault: true },
  { version: '1.36', patchVersions: ['1.36.0'], isPreview: true },
];

const SCHEDULES = [
  { name: 'berlin', uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Europe/Berlin', holidays: 'DE' },
  { name: 'newyork', uptime: 'Mon-Fri 08:00-18:00', timeZone: 'America/New_York', holidays: 'US' },
  { name: 'tokyo', uptime: 'Mon-Fri 09:00-19:00', timeZone: 'Asia/Tokyo', holidays: 'JP' },
  { name: 'sydney', uptime: 'Mon-Fri 07:00-19:00', timeZone: 'Australia/Sydney' },
];

/** The windows people choose: most on Sunday night (the portal's suggestion), some on a weekday. */
const NODE_OS_WINDOWS: MaintenanceConfigurationProperties[] = [
  {
    maintenanceWindow: {
      schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Sunday' } },
      durationHours: 4,
      utcOffset: '+00:00',
      startTime: '01:00',
    },
  },
  {
    maintenanceWindow: {
      schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Wednesday' } },
      durationHours: 4,
      utcOffset: '+01:00',
      startTime: '02:00',
    },
  },
  {
    maintenanceWindow: {
      schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Tuesday' } },
      durationHours: 4,
      utcOffset: '+01:00',
      startTime: '12:00',
    },
  },
];
const AUTO_UPGRADE_WINDOW: MaintenanceConfigurationProperties = {
  maintenanceWindow: {
    schedule: { relativeMonthly: { intervalMonths: 1, weekIndex: 'First', dayOfWeek: 'Sunday' } },
    durationHours: 6,
    utcOffset: '+00:00',
    startTime: '00:00',
  },
};

export interface MaintenanceFigures {
  policy: 'warn' | 'wake';
  windows: number;
  attended: number;
  began: number;
  completed: number;
  preempted: number;
  deferred: number;
  /** Days each cluster's oldest node image is behind the newest released, at the end. */
  imageAgeDaysMean: number;
  imageAgeDaysMax: number;
  outOfSupport: number;
  clusterHoursUp: number;
  ticks: number;
  seconds: number;
}

interface SimCluster {
  name: string;
  cluster: FakeCluster;
  windows: MaintenanceWindow[];
  /** Ticks inside each window at which the cluster was not running. */
  missedAt: Set<number>;
}

async function simulate(policy: 'warn' | 'wake', weeks: number): Promise<MaintenanceFigures> {
  const started = performance.now();
  const end = SIM_START + weeks * 7 * DAY_MS;
  const clock = { now: SIM_START };
  const arm = await FakeArm.start({
    clock: () => clock.now,
    operationDurationMs: 5 * MINUTE_MS,
    maintenance: { automatic: true, unscheduled: 'never' },
  });
  try {
    arm.state.setKubernetesVersions(LOCATION, REGION_VERSIONS);
    const { services, storage, queue } = await servicesOnFakeArm(arm, () => clock.now, {
      OFFHOURS_TICK: '0 */15 * * * *',
    });
    for (const schedule of SCHEDULES)
      await storage.schedules.create({
        name: schedule.name,
        definition: { ...schedule, maintenance: policy },
      });
    const clusters = await seedClusters(arm, storage, end);
    let ticks = 0;
    let upTicks = 0;
    for (; clock.now < end; clock.now += TICK_MS) {
      arm.state.settle();
      for (const sim of clusters) {
        const running = sim.cluster.powerState === 'Running' && !sim.cluster.pending;
        if (running) upTicks++;
        if (!running && sim.windows.some((window) => window.opens <= clock.now && clock.now < window.closes))
          sim.missedAt.add(clock.now);
      }
      await services.reconciler.tick();
      for (const request of queue.takeAll()) await services.executor.execute(request);
      ticks++;
    }
    arm.state.settle();
    return figuresOf(policy, arm, clusters, end, {
      ticks,
      clusterHoursUp: (upTicks * TICK_MS) / HOUR_MS,
      seconds: (performance.now() - started) / 1000,
    });
  } finally {
    await arm.stop();
  }
}

async function seedClusters(
  arm: FakeArm,
  storage: Awaited<ReturnType<typeof servicesOnFakeArm>>['storage'],
  end: number,
): Promise<SimCluster[]> {
  const olderImage = nodeImageVersionAt(WEEKLY_NODE_IMAGES, SIM_START - 7 * DAY_MS);
  const clusters: SimCluster[] = [];
  for (let index = 0; index < CLUSTERS; index++) {
    const name = `dev${String(index).padStart(2, '0')}`;
    // Three in five on Sunday night, one on a Wednesday night, one at Tuesday noon.
    const nodeOs = NODE_OS_WINDOWS[index % 5 < 3 ? 0 : index % 5 === 3 ? 1 : 2] ?? {};
    const configurations: Record<string, MaintenanceConfigurationProperties> = {
      aksManagedNodeOSUpgradeSchedule: nodeOs,
      aksManagedAutoUpgradeSchedule: AUTO_UPGRADE_WINDOW,
    };
    const cluster = arm.state.addCluster({
      subscriptionId: '00000000-0000-0000-0000-000000000001',
      resourceGroup: 'rg-dev',
      name,
      location: LOCATION,
      kubernetesVersion: '1.34.1',
      upgradeChannel: 'rapid',
      nodeOSUpgradeChannel: 'NodeImage',
      pools: [{ name: 'system', mode: 'System', count: NODES, nodeImageVersion: olderImage }],
      maintenanceConfigurations: configurations,
    });
    const parsed = parseResourceId(clusterId(cluster));
    if (!parsed.ok) throw new Error(parsed.message);
    const schedule = SCHEDULES[index % SCHEDULES.length]?.name ?? 'berlin';
    await storage.targets.create({
      name,
      resourceId: parsed.resourceId,
      scheduleName: schedule,
      enabled: true,
      allowAksManagedScaleSet: false,
    });
    const windows = maintenanceWindowsBetween(
      Object.entries(configurations).map(
        ([configurationName, properties]) =>
          ({ name: configurationName, ...properties }) as unknown as MaintenanceConfiguration,
      ),
      SIM_START,
      end,
    ).filter((window) => window.opens >= SIM_START && window.closes <= end);
    clusters.push({ name, cluster, windows, missedAt: new Set() });
  }
  return clusters;
}

function figuresOf(
  policy: 'warn' | 'wake',
  arm: FakeArm,
  clusters: readonly SimCluster[],
  end: number,
  run: { ticks: number; clusterHoursUp: number; seconds: number },
): MaintenanceFigures {
  const log = arm.state.maintenanceLog;
  const count = (event: string) => log.filter((entry) => entry.event === event).length;
  let windows = 0;
  let attended = 0;
  for (const sim of clusters)
    for (const window of sim.windows) {
      windows++;
      const missed = [...sim.missedAt].some((at) => at >= window.opens && at < window.closes);
      if (!missed) attended++;
    }
  const latest = arm.state.latestNodeImageVersion();
  const ages = clusters.map((sim) => {
    const oldest = [...sim.cluster.pools.values()].map((pool) => pool.nodeImageVersion).sort()[0] ?? latest;
    return Math.max(0, (imageDate(latest) - imageDate(oldest)) / DAY_MS);
  });
  const outOfSupport = clusters.filter(
    (sim) =>
      kubernetesSupportStatus(sim.cluster.currentKubernetesVersion, end, {
        supportedMinors: REGION_VERSIONS.filter((minor) => !minor.isPreview).map((minor) => minor.version),
      }).status === 'unsupported',
  ).length;
  return {
    policy,
    windows,
    attended,
    began: count('began'),
    completed: count('completed'),
    preempted: count('preempted'),
    deferred: count('deferred'),
    imageAgeDaysMean: ages.reduce((sum, age) => sum + age, 0) / ages.length,
    imageAgeDaysMax: Math.max(...ages),
    outOfSupport,
    ...run,
  };
}

/** `AKSUbuntu-2204gen2containerd-202612.07.0` → 7 December 2026. */
function imageDate(version: string): number {
  const match = /(\d{4})(\d{2})\.(\d{2})\.\d+$/.exec(version);
  return match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : 0;
}

/** Issue 23's figure: twelve simulated weeks of 60 clusters with `warn` (today's behaviour) and `wake`. */
export async function runMaintenanceBenchmark(weeks = WEEKS): Promise<string> {
  const warn = await simulate('warn', weeks);
  const wake = await simulate('wake', weeks);
  const extraHours = wake.clusterHoursUp - warn.clusterHoursUp;
  const row = (label: string, pick: (figures: MaintenanceFigures) => string) =>
    `| ${label} | ${pick(warn)} | ${pick(wake)} |`;
  const percent = (part: number, whole: number) => `${((100 * part) / Math.max(1, whole)).toFixed(1)} %`;
  return [
    `Maintenance over ${weeks} simulated weeks: ${CLUSTERS} clusters, a tick every ${TICK_MS / MINUTE_MS} min`,
    '',
    '| | warn (today) | wake |',
    '|---|---|---|',
    row('windows attended', (f) => `${f.attended} of ${f.windows} (${percent(f.attended, f.windows)})`),
    row('AKS maintenance begun / completed', (f) => `${f.began} / ${f.completed}`),
    row('maintenance operations preempted', (f) => String(f.preempted)),
    row('windows AKS deferred (cluster stopped or busy)', (f) => String(f.deferred)),
    row(
      'node image behind the newest at the end, days (mean / max)',
      (f) => `${f.imageAgeDaysMean.toFixed(1)} / ${f.imageAgeDaysMax.toFixed(0)}`,
    ),
    row('clusters out of Kubernetes support at the end', (f) => String(f.outOfSupport)),
    row('cluster-hours up', (f) => f.clusterHoursUp.toFixed(0)),
    row('ticks; seconds to simulate', (f) => `${f.ticks}; ${f.seconds.toFixed(0)}`),
    '',
    `Extra hours up for maintenance with wake: ${extraHours.toFixed(0)} cluster-hours (${(extraHours / CLUSTERS / weeks).toFixed(1)} a cluster a week), ${(extraHours * NODES).toFixed(0)} node-hours: USD ${(extraHours * NODES * NODE_PRICE_PER_HOUR).toFixed(2)} of savings given up at USD ${NODE_PRICE_PER_HOUR}/node-hour (Standard_D4s_v5, ${LOCATION}, the fake Retail Prices API's price), ${percent(extraHours, warn.clusterHoursUp)} more hours up than warn.`,
  ].join('\n');
}

// Run by itself (npm run bench:maintenance), or by bench/runBenchmarks.ts with every other figure.
if (process.argv[1]?.endsWith('maintenanceBenchmark.js'))
  process.stdout.write(`${await runMaintenanceBenchmark(Number(process.argv[2] ?? WEEKS))}\n`);
