import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AKS_TIER_USD,
  FakeRetailPrices,
  LINUX_USD,
  SPOT_SHARE,
  windowsUsd,
} from '../../../dev/fakeRetailPrices/FakeRetailPrices.js';
import { InMemoryRowTable } from '../../../dev/InMemoryRowTable.js';
import { CachedPriceCatalog } from '../../../shared/app/savings/CachedPriceCatalog.js';
import { SavingsService } from '../../../shared/app/savings/SavingsService.js';
import { tableStorageOn, type TableStorage } from '../../../shared/app/storage/TableStorage.js';
import { RetailPricesCatalog } from '../../../shared/azure/RetailPricesCatalog.js';
import type { Commitments } from '../../../shared/domain/Commitments.js';
import type { ComputeFootprint } from '../../../shared/domain/ComputeFootprint.js';
import { registerCatalog } from '../../helpers/catalogRows.js';

/*
 * The money a week of stops saved, per case of issue 26, against the price Microsoft's rules give
 * (computed here from the fake's price tables, not by the code under test): 5 weekdays up 08:00-20:00
 * UTC, stopped the rest (108 h from Monday 08:00 to the next Monday 08:00... counted Mon 20:00 to
 * Sat 00:00 here: four nights of 12 h and Friday evening, 52 h).
 */
const SUBSCRIPTION = '00000000-0000-0000-0000-000000000026';
const HOUR = 3_600_000;
const MONDAY = Date.parse('2026-11-02T00:00:00Z');
const NOW = Date.parse('2026-11-07T00:00:00Z');
const D4_WEU = LINUX_USD['Standard_D4s_v5']?.['westeurope'] ?? NaN;
const D2_WEU = LINUX_USD['Standard_D2s_v3']?.['westeurope'] ?? NaN;
/** Mon-Thu 20:00 to 08:00 (4 × 12 h) and Friday 20:00 to Saturday 00:00 (4 h). */
const STOPPED_HOURS = 52;
const CLUSTER = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/dev`;

let prices: FakeRetailPrices;
beforeAll(async () => {
  prices = await FakeRetailPrices.start();
});
afterAll(async () => prices.stop());

async function weekSaved(
  kind: 'nodepool' | 'cluster',
  footprint: ComputeFootprint,
  commitments?: Commitments,
): Promise<{ report: Awaited<ReturnType<SavingsService['report']>>; storage: TableStorage }> {
  const tables = new Map<string, InMemoryRowTable>();
  const storage = tableStorageOn((name) => {
    let table = tables.get(name);
    if (!table) tables.set(name, (table = new InMemoryRowTable(name)));
    return table;
  });
  const resourceId = kind === 'cluster' ? CLUSTER : `${CLUSTER}/agentPools/user1`;
  await registerCatalog(
    storage,
    { office: { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'UTC' } },
    { target: { resourceId, schedule: 'office' } },
  );
  const entry = { targetName: 'target', resourceId, actor: 'schedule' };
  for (let day = 0; day < 5; day++) {
    const stopAt = MONDAY + day * 24 * HOUR + 20 * HOUR;
    await storage.audit.append({
      ...entry,
      at: stopAt,
      action: 'stop',
      reason: 'the schedule says stopped',
      result: 'begun: done at once',
      footprint,
    });
    if (day < 4)
      await storage.audit.append({
        ...entry,
        at: stopAt + 12 * HOUR,
        action: 'start',
        reason: 'the schedule says running',
        result: 'begun: start begun',
      });
  }
  const now = () => NOW;
  const service = new SavingsService({
    storage,
    prices: new CachedPriceCatalog(
      new RetailPricesCatalog({ currency: 'USD', baseUrl: prices.url, now }),
      now,
    ),
    now,
    discountPercent: 0,
    ...(commitments ? { commitments } : {}),
  });
  return { report: await service.report({ from: MONDAY, to: NOW }), storage };
}

const nodes = (group: Partial<ComputeFootprint['nodes'][number]> = {}, tier?: 'Standard' | 'Premium') => ({
  location: 'westeurope',
  nodes: [{ vmSize: 'Standard_D4s_v5', count: 3, ...group }],
  ...(tier ? { tier } : {}),
});

const saved = async (...args: Parameters<typeof weekSaved>) =>
  (await weekSaved(...args)).report.targets[0]?.saved;

describe('a week of stops, priced on the meter that bills each node (issue 26)', () => {
  it('prices a Linux pay-as-you-go pool at the Linux rate', async () => {
    expect(await saved('nodepool', nodes())).toMatchObject({
      hours: STOPPED_HOURS,
      nodeHours: 3 * STOPPED_HOURS,
      amount: round(3 * STOPPED_HOURS * D4_WEU),
      variable: false,
    });
  });

  it('prices a Windows pool without Hybrid Benefit on the Windows meter (it was priced at Linux, about 49 % low)', async () => {
    expect((await saved('nodepool', nodes({ os: 'Windows' })))?.amount).toBe(
      round(3 * STOPPED_HOURS * windowsUsd('Standard_D4s_v5', D4_WEU)),
    );
  });

  it('prices Windows under Hybrid Benefit at the Linux rate', async () => {
    expect((await saved('nodepool', nodes({ os: 'Windows', licence: 'Windows_Server' })))?.amount).toBe(
      round(3 * STOPPED_HOURS * D4_WEU),
    );
  });

  it('prices a Spot pool on the Spot meter, marked as varying (it was priced at pay-as-you-go, 5-10 × high)', async () => {
    expect(await saved('nodepool', nodes({ priority: 'Spot' }))).toMatchObject({
      amount: round(3 * STOPPED_HOURS * D4_WEU * SPOT_SHARE),
      variable: true,
    });
  });

  it('saves nothing on nodes a reservation covers, and the excess over it in full', async () => {
    const reservation = (count: number) => ({
      reservations: [{ vmSize: 'Standard_D4s_v5', location: 'westeurope', count }],
      savingsPlanHourly: 0,
    });
    expect(await saved('nodepool', nodes(), reservation(3))).toMatchObject({
      amount: 0,
      coveredNodeHours: 3 * STOPPED_HOURS,
    });
    expect((await saved('nodepool', nodes(), reservation(2)))?.amount).toBe(round(STOPPED_HOURS * D4_WEU));
    // A reservation of another region or size covers nothing here.
    const elsewhere = {
      reservations: [{ vmSize: 'Standard_D4s_v5', location: 'eastus', count: 3 }],
      savingsPlanHourly: 0,
    };
    expect((await saved('nodepool', nodes(), elsewhere))?.coveredNodeHours).toBe(0);
  });

  it('saves only the licence of Windows nodes a reservation covers (it pays the compute)', async () => {
    const reserved = {
      reservations: [{ vmSize: 'Standard_D4s_v5', location: 'westeurope', count: 3 }],
      savingsPlanHourly: 0,
    };
    expect((await saved('nodepool', nodes({ os: 'Windows' }), reserved))?.amount).toBe(
      round(3 * STOPPED_HOURS * (windowsUsd('Standard_D4s_v5', D4_WEU) - D4_WEU)),
    );
  });

  it("saves nothing within the savings plan's hourly commitment, and what is beyond it", async () => {
    const plan = (hourly: number) => ({ reservations: [], savingsPlanHourly: hourly });
    expect((await saved('nodepool', nodes(), plan(3 * D4_WEU)))?.amount).toBe(0);
    expect((await saved('nodepool', nodes(), plan(D4_WEU)))?.amount).toBe(round(2 * STOPPED_HOURS * D4_WEU));
    // Spot nodes are covered by neither.
    expect((await saved('nodepool', nodes({ priority: 'Spot' }), plan(10)))?.coveredNodeHours).toBe(0);
  });

  it('saves nothing for a pool the autoscaler had taken to 0 before the stop', async () => {
    // Before: the stop without nodes kept the last non-zero count, and priced it.
    const { report } = await weekSaved('nodepool', { location: 'westeurope', nodes: [] });
    expect(report.targets[0]?.saved).toMatchObject({
      hours: STOPPED_HOURS,
      nodeHours: 0,
      amount: 0,
      unpriced: [],
    });
    expect(report.targets[0]?.stopped[0]?.nodes).toBe('no nodes in westeurope');
  });

  it("counts a stopped cluster's tier fee as saved, and a stopped pool's as still billed", async () => {
    const cluster = {
      location: 'westeurope',
      nodes: [
        { vmSize: 'Standard_D2s_v3', count: 1 },
        { vmSize: 'Standard_D4s_v5', count: 3 },
      ],
      tier: 'Standard' as const,
    };
    expect((await saved('cluster', cluster))?.amount).toBe(
      round(STOPPED_HOURS * (D2_WEU + 3 * D4_WEU + (AKS_TIER_USD['Standard'] ?? NaN))),
    );
    const { report } = await weekSaved('nodepool', nodes({}, 'Premium'));
    expect(report.targets[0]?.saved.amount).toBe(round(3 * STOPPED_HOURS * D4_WEU));
    expect(report.targets[0]?.stillBilled.whileStopped).toEqual({
      amount: round(STOPPED_HOURS * (AKS_TIER_USD['Premium'] ?? NaN)),
      currency: 'USD',
      items: ["the cluster's Premium tier fee"],
      unpriced: [],
    });
    expect(report.prices.map((price) => price.priced)).toContain('AKS Premium tier');
  });
});

function round(amount: number): number {
  return Math.round(amount * 100) / 100;
}
