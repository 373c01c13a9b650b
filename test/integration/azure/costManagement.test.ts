import { AKS_TIER_USD, SPOT_SHARE, windowsUsd } from '../../../dev/fakeRetailPrices/FakeRetailPrices.js';
import { request } from 'node:https';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeArm } from '../../../dev/fakeArm/FakeArm.js';
import { FakeBill } from '../../../dev/fakeArm/FakeBill.js';
import { fakeArmCredential } from '../../../dev/fakeArm/fakeArmCredential.js';
import { ActualCostUnavailableError } from '../../../shared/app/billing/ActualCostUnavailableError.js';
import { CostManagementQuery } from '../../../shared/azure/CostManagementQuery.js';
import { RG, SUBSCRIPTION } from '../../helpers/fakeAzure.js';

/*
 * Issue 26, item 6: the fake's bill (from its own power history and list prices), its Cost
 * Management Query API as Microsoft documents it, and our adapter on it through the real pipeline.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MONDAY = Date.parse('2026-11-02T00:00:00Z');
const QUERY_PATH = `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.CostManagement/query?api-version=2025-03-01`;
/** The fake Retail Prices' Linux pay-as-you-go D4s v5 in japaneast, USD per hour. */
const D4S_JAPANEAST = 0.25;

let arm: FakeArm;
let clock: { now: number };
let throttleNow: number;

async function startArm(options: Parameters<typeof FakeArm.start>[0] = {}, billed = true): Promise<void> {
  clock = { now: MONDAY };
  throttleNow = 0;
  arm = await FakeArm.start({
    operationDurationMs: 0,
    clock: () => clock.now,
    throttleClock: () => throttleNow,
    ...(billed ? { billing: {} } : {}),
    ...options,
  });
}

beforeEach(async () => startArm());
afterEach(async () => arm.stop());

function addCluster(pools: { name: string; count: number; mode?: 'System' | 'User' }[], name = 'dev') {
  return arm.state.addCluster({ subscriptionId: SUBSCRIPTION, resourceGroup: RG, name, pools });
}

/** A raw POST to the fake, as any client could send it (the CA of its self-signed certificate trusted). */
function post(
  path: string,
  body: unknown,
  token = 'Bearer fake',
): Promise<{ status: number; headers: Record<string, string>; body: unknown }> {
  const url = new URL(path, arm.url);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      { method: 'POST', ca: arm.ca, headers: { authorization: token, 'content-type': 'application/json' } },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers as Record<string, string>,
            body: text ? JSON.parse(text) : undefined,
          });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(JSON.stringify(body));
  });
}

const dailyByResource = (from: string, to: string) => ({
  type: 'ActualCost',
  timeframe: 'Custom',
  timePeriod: { from, to },
  dataset: {
    granularity: 'Daily',
    aggregation: { totalCost: { name: 'Cost', function: 'Sum' } },
    grouping: [{ type: 'Dimension', name: 'ResourceId' }],
  },
});

describe("the fake's bill, from its own power history and list prices", () => {
  it('bills a pool on its scale set from the start request until the deallocation completes, 0 while stopped', async () => {
    arm.stop();
    await startArm({ operationDurationMs: 30 * 60_000 });
    const cluster = addCluster([
      { name: 'system', count: 1, mode: 'System' },
      { name: 'user1', count: 3 },
    ]);
    const pool = arm.state.pool(cluster, 'user1');
    clock.now = MONDAY + 18 * HOUR;
    arm.state.changePoolPower(cluster, pool, 'Stopped');
    arm.state.changed();
    clock.now = MONDAY + 32 * HOUR; // Tuesday 08:00
    arm.state.settle();
    arm.state.changePoolPower(cluster, pool, 'Running');
    arm.state.changed();
    clock.now = MONDAY + 3 * DAY;
    const poolId = `${cluster.nodeResourceGroup}`;
    expect(poolId).toMatch(/^MC_/);
    const id = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/dev/agentPools/user1`;
    // Monday: 18 h running and the half hour of deallocation; Tuesday: from 08:00 on.
    expect(arm.bill.costOf([id], MONDAY, MONDAY + DAY)).toBeCloseTo(3 * 18.5 * D4S_JAPANEAST, 6);
    expect(arm.bill.costOf([id], MONDAY + DAY, MONDAY + 2 * DAY)).toBeCloseTo(3 * 16 * D4S_JAPANEAST, 6);
    expect(arm.bill.costHadItRun([id], MONDAY, MONDAY + 2 * DAY)).toBeCloseTo(3 * 48 * D4S_JAPANEAST, 6);
    const rows = arm.bill.rows(MONDAY, MONDAY + DAY);
    expect(rows.map((row) => row.resourceId)).toContain(FakeBill.poolScaleSetId(cluster, pool).toLowerCase());
  });

  it('prices each node on the meter that bills it: Windows, Spot, reservations at 0, the tier fee while running', async () => {
    const cluster = addCluster([
      { name: 'system', count: 1, mode: 'System' },
      { name: 'linux', count: 2 },
      { name: 'win', count: 2 },
      { name: 'spot', count: 2 },
    ]);
    const id = (pool: string) =>
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/dev${pool ? `/agentPools/${pool}` : ''}`;
    arm.bill.setFacts(id('win'), { os: 'Windows' });
    arm.bill.setFacts(id('spot'), { priority: 'Spot' });
    arm.bill.setFacts(id(''), { tier: 'Standard' });
    const day = (pool: string) => arm.bill.costOf([id(pool)], MONDAY, MONDAY + DAY);
    expect(day('linux')).toBeCloseTo(2 * 24 * 0.25, 6);
    // The fake price list's own rules: Windows adds a licence per vCPU, Spot is a share of Linux.
    const windows = windowsUsd('Standard_D4s_v5', 0.25);
    const spot = 0.25 * SPOT_SHARE;
    expect(windows).toBeGreaterThan(0.25);
    expect(day('win')).toBeCloseTo(2 * 24 * windows, 6);
    expect(day('spot')).toBeCloseTo(2 * 24 * spot, 6);
    // The whole cluster: its four pools' nodes and 24 hours of the Standard tier's fee.
    expect(day('')).toBeCloseTo(
      24 * (3 * 0.25 + 2 * windows + 2 * spot + (AKS_TIER_USD['Standard'] ?? 0)),
      6,
    );
    arm.bill.addReservation({
      subscriptionId: SUBSCRIPTION,
      vmSize: 'Standard_D4s_v5',
      location: 'japaneast',
      quantity: 2,
    });
    // Two nodes an hour are covered: the system pool's (first by ID) and one of the Linux pool's.
    expect(arm.bill.costOf([id('system'), id('linux')], MONDAY, MONDAY + DAY)).toBeCloseTo(24 * 0.25, 6);
    void cluster;
  });

  it('a pool the autoscaler took to 0 costs nothing, and stopping it then saves nothing', async () => {
    const cluster = addCluster([
      { name: 'system', count: 1, mode: 'System' },
      { name: 'batch', count: 2 },
    ]);
    const pool = arm.state.pool(cluster, 'batch');
    clock.now = MONDAY + 6 * HOUR;
    arm.state.updatePoolScale(cluster, pool, { count: 0 });
    clock.now = MONDAY + 18 * HOUR;
    arm.state.changePoolPower(cluster, pool, 'Stopped');
    arm.state.changed();
    clock.now = MONDAY + DAY;
    const id = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/dev/agentPools/batch`;
    expect(arm.bill.costOf([id], MONDAY, MONDAY + DAY)).toBeCloseTo(2 * 6 * 0.25, 6);
    expect(arm.bill.costHadItRun([id], MONDAY, MONDAY + DAY)).toBeCloseTo(2 * 6 * 0.25, 6);
  });
});

describe("the fake's Cost Management Query API", () => {
  it('answers columns and rows in the documented order, UsageDate a number, ResourceIds in lower case', async () => {
    addCluster([
      { name: 'system', count: 1, mode: 'System' },
      { name: 'user1', count: 2 },
    ]);
    arm.bill.setFacts(
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/dev`,
      { tier: 'Standard' },
    );
    clock.now = MONDAY + 2 * DAY;
    const answer = await post(QUERY_PATH, dailyByResource('2026-11-02T00:00:00Z', '2026-11-03T23:59:59Z'));
    expect(answer.status).toBe(200);
    const { properties } = answer.body as {
      properties: { columns: { name: string }[]; rows: unknown[][]; nextLink: unknown };
    };
    expect(properties.columns.map((column) => column.name)).toEqual([
      'Cost',
      'ResourceId',
      'UsageDate',
      'Currency',
    ]);
    expect(properties.nextLink).toBeNull();
    expect(properties.rows.map((row) => row[2])).toEqual([
      20261102, 20261102, 20261102, 20261103, 20261103, 20261103,
    ]);
    for (const row of properties.rows) expect(row[1]).toBe(String(row[1]).toLowerCase());
    expect(properties.rows.some((row) => /managedclusters\/dev$/.test(String(row[1])))).toBe(true);
    expect(answer.headers['x-ms-ratelimit-microsoft.costmanagement-qpu-consumed']).toBe('1');
    expect(answer.headers['x-ms-ratelimit-microsoft.costmanagement-qpu-remaining']).toBe(
      'QueriesPer10Sec:11,QueriesPerMin:59,QueriesPerHour:599',
    );
  });

  it('pages with nextLink (an absolute link with an older api-version, POSTed with the same body)', async () => {
    await arm.stop();
    await startArm({ billing: { pageSize: 2 } });
    addCluster([
      { name: 'system', count: 1, mode: 'System' },
      { name: 'user1', count: 2 },
    ]);
    clock.now = MONDAY + 2 * DAY;
    const body = dailyByResource('2026-11-02T00:00:00Z', '2026-11-03T23:59:59Z');
    const rows: unknown[][] = [];
    let path: string | undefined = QUERY_PATH;
    let pages = 0;
    while (path) {
      const answer = await post(path, body);
      expect(answer.status).toBe(200);
      const properties = (answer.body as { properties: { rows: unknown[][]; nextLink: string | null } })
        .properties;
      rows.push(...properties.rows);
      if (properties.nextLink) {
        expect(properties.nextLink.startsWith(arm.url)).toBe(true);
        expect(properties.nextLink).toContain('api-version=2021-10-01');
      }
      path = properties.nextLink
        ? new URL(properties.nextLink).pathname + new URL(properties.nextLink).search
        : undefined;
      pages++;
    }
    expect(pages).toBe(2);
    expect(rows).toHaveLength(4);
  });

  it('refuses a body it cannot read with 400 naming what is wrong, and answers 204 where nothing was used', async () => {
    const bad = await post(QUERY_PATH, {
      type: 'ActualCost',
      timeframe: 'Custom',
      dataset: { granularity: 'Daily' },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/timePeriod is required/);
    const grouping = await post(QUERY_PATH, {
      ...dailyByResource('2026-11-02T00:00:00Z', '2026-11-02T23:59:59Z'),
      dataset: { granularity: 'Daily', grouping: [{ type: 'Dimension', name: 'PoolName' }] },
    });
    expect(grouping.status).toBe(400);
    expect(JSON.stringify(grouping.body)).toMatch(/PoolName/);
    const empty = await post(QUERY_PATH, dailyByResource('2026-11-02T00:00:00Z', '2026-11-02T23:59:59Z'));
    expect(empty.status).toBe(204);
  });

  it('throttles on query processing units per tenant: 429 with the qpu-retry-after header and no Retry-After', async () => {
    const body = dailyByResource('2026-11-02T00:00:00Z', '2026-11-02T23:59:59Z');
    for (let query = 0; query < 12; query++) expect((await post(QUERY_PATH, body)).status).toBe(204);
    const throttled = await post(QUERY_PATH, body);
    expect(throttled.status).toBe(429);
    expect(throttled.headers['x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after']).toBe('10');
    expect(throttled.headers['retry-after']).toBeUndefined();
    throttleNow += 10_000;
    expect((await post(QUERY_PATH, body)).status).toBe(204);
  });
});

describe('CostManagementQuery (the adapter) on the fake through the real pipeline', () => {
  const adapter = (sleeps: number[] = [], maxWaitMs?: number) =>
    new CostManagementQuery({
      credential: fakeArmCredential,
      endpoint: arm.url,
      ca: arm.ca,
      retryDelayInMs: 5,
      ...(maxWaitMs !== undefined ? { maxWaitMs } : {}),
      sleep: async (ms) => {
        sleeps.push(ms);
        throttleNow += ms;
      },
    });

  it('reads every page, finds the columns by name, and turns UsageDate into the day', async () => {
    await arm.stop();
    await startArm({ billing: { pageSize: 1 } });
    addCluster([
      { name: 'system', count: 1, mode: 'System' },
      { name: 'user1', count: 2 },
    ]);
    clock.now = MONDAY + 3 * DAY;
    const rows = await adapter().dailyCosts(SUBSCRIPTION, MONDAY, MONDAY + 2 * DAY);
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((row) => row.day))).toEqual(new Set([MONDAY, MONDAY + DAY]));
    const pool = rows.filter((row) => /aks-user1-\d{8}-vmss$/.test(row.resourceId));
    expect(pool.map((row) => row.cost)).toEqual([12, 12]);
    expect(pool.every((row) => row.meterCategory === 'Virtual Machines' && row.currency === 'USD')).toBe(
      true,
    );
    expect(arm.costManagement.counts.queries).toBe(4);
  });

  it('waits as long as the QPU, entity or tenant header asks, then asks again', async () => {
    addCluster([{ name: 'system', count: 1, mode: 'System' }]);
    clock.now = MONDAY + DAY;
    const sleeps: number[] = [];
    for (let query = 0; query < 12; query++) await adapter().dailyCosts(SUBSCRIPTION, MONDAY, MONDAY + DAY);
    arm.injectFault({
      method: 'POST',
      path: /CostManagement\/query/,
      status: 429,
      code: '429',
      headers: {
        'x-ms-ratelimit-microsoft.costmanagement-entity-retry-after': '3',
        'x-ms-ratelimit-microsoft.costmanagement-tenant-retry-after': '7',
      },
    });
    const rows = await adapter(sleeps).dailyCosts(SUBSCRIPTION, MONDAY, MONDAY + DAY);
    // The tenant's 7 s (the longest of the fault's), then the QPU window's 10 s from the first query.
    expect(sleeps).toEqual([7000, 3000]);
    expect(rows).toHaveLength(1);
  });

  it('gives up with the reason when the wait is longer than it may sleep', async () => {
    arm.injectFault({
      method: 'POST',
      path: /CostManagement\/query/,
      status: 429,
      code: '429',
      headers: { 'x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after': '600' },
    });
    await expect(adapter([], 30_000).dailyCosts(SUBSCRIPTION, MONDAY, MONDAY + DAY)).rejects.toThrow(
      /throttling this app \(asked to wait 600 s\)/,
    );
  });

  it('a plain Retry-After longer than it may wait is not slept by the SDK either', async () => {
    arm.injectFault({ method: 'POST', path: /CostManagement\/query/, status: 429, retryAfterMs: 1_200_000 });
    // Slept, it would be 20 minutes: past the test's timeout.
    await expect(adapter([], 30_000).dailyCosts(SUBSCRIPTION, MONDAY, MONDAY + DAY)).rejects.toThrow(
      /throttling this app \(asked to wait 1200 s\)/,
    );
  });

  it('without Cost Management Reader (a fake without billing): unavailable, saying so', async () => {
    await arm.stop();
    await startArm({}, false);
    const failure = await adapter()
      .dailyCosts(SUBSCRIPTION, MONDAY, MONDAY + DAY)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ActualCostUnavailableError);
    expect((failure as Error).message).toMatch(
      /no Cost Management Reader on subscription .*403 AuthorizationFailed/,
    );
  });

  it('asks a month at a time', async () => {
    await adapter().dailyCosts(SUBSCRIPTION, MONDAY, MONDAY + 40 * DAY);
    expect(arm.count('POST', /CostManagement\/query/)).toBe(2);
  });
});
