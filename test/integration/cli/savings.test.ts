import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CliDependencies } from '../../../cli/CliDependencies.js';
import { runCli } from '../../../cli/runCli.js';
import { fakeArmCredential } from '../../../dev/fakeArm/fakeArmCredential.js';
import { FakeRetailPrices } from '../../../dev/fakeRetailPrices/FakeRetailPrices.js';
import type { SavingsReport } from '../../../shared/app/savings/SavingsReport.js';
import { openTableStorage } from '../../../shared/azure/openTableStorage.js';
import { startApp, SUBSCRIPTION as APP_SUBSCRIPTION, type AppHarness } from '../../helpers/appHarness.js';
import { poolId, registerCatalog } from '../../helpers/catalogRows.js';
import { uniquePrefix } from '../../helpers/storageBackends.js';

const SUBSCRIPTION = '00000000-0000-0000-0000-000000000001';
const HOUR = 3_600_000;
const prefix = uniquePrefix();
let prices: FakeRetailPrices;
// The CLI reads the real clock: the history is placed relative to it, and the period is given explicitly.
const now = Date.now();
const from = new Date(now - 3 * 24 * HOUR).toISOString();
const to = new Date(now - HOUR).toISOString();

beforeAll(async () => {
  prices = await FakeRetailPrices.start({ pageSize: 2 });
  const storage = await openTableStorage(
    { connectionString: inject('storageConnectionString') },
    { tablePrefix: prefix },
  );
  await registerCatalog(
    storage,
    { office: { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Asia/Tokyo' } },
    { 'dev-user1': { resourceId: poolId(SUBSCRIPTION, 'dev', 'user1'), schedule: 'office' } },
  );
  const stopAt = now - 2 * 24 * HOUR;
  const entry = {
    targetName: 'dev-user1',
    resourceId: poolId(SUBSCRIPTION, 'dev', 'user1'),
    actor: 'schedule',
  };
  await storage.audit.append({
    ...entry,
    at: stopAt,
    action: 'stop',
    reason: 'the schedule says stopped',
    result: 'begun: stop begun',
    footprint: { location: 'japaneast', nodes: [{ vmSize: 'Standard_D4s_v5', count: 3 }] },
  });
  await storage.audit.append({
    ...entry,
    at: stopAt + 0.1 * HOUR,
    action: 'stop',
    reason: 'following',
    result: 'succeeded: stop succeeded',
  });
  await storage.audit.append({
    ...entry,
    at: stopAt + 10.1 * HOUR,
    action: 'start',
    reason: 'the schedule says running',
    result: 'begun: start begun',
  });
});
afterAll(async () => prices.stop());

async function run(
  args: string[],
  environment: Record<string, string>,
  dependencies: CliDependencies = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    ['savings', ...args],
    { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) },
    { AzureWebJobsStorage: inject('storageConnectionString'), ...environment },
    dependencies,
  );
  return { code, stdout, stderr };
}

function cli(...args: string[]) {
  return run([...args, '--table-prefix', prefix], {
    OFFHOURS_RETAIL_PRICES_URL: prices.url,
    OFFHOURS_DISCOUNT_PERCENT: '20',
  });
}

/** A price list that cannot be read: nothing listens at its address. */
async function closedUrl(): Promise<string> {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  return `http://127.0.0.1:${port}/api/retail/prices`;
}

describe('aks-offhours savings (Azurite and the Retail Prices fake)', () => {
  it('prints a table with the discount beside every amount, and what keeps billing', async () => {
    const { code, stdout, stderr } = await cli('--from', from, '--to', to);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // 3 nodes × 10 h × USD 0.25 = 7.50 at list price, 6.00 less 20%.
    expect(stdout).toMatch(
      /dev-user1 +node pool +office +3 × Standard_D4s_v5 in japaneast +10\.0 h +USD 6\.00 \(20% off list\)/,
    );
    expect(stdout).toContain('Total: 10.0 h stopped (30.0 h of nodes), saved USD 6.00 (20% off list)');
    expect(stdout).toContain('  office: 1 target(s), saved USD 6.00 (20% off list)');
    expect(stdout).toContain(`  ${SUBSCRIPTION}: 1 target(s), saved USD 6.00 (20% off list)`);
    expect(stdout).toContain(
      "dev-user1: the nodes' OS disks only if the pool's scale set keeps its instances",
    );
    // Its cluster is in no Azure this CLI can read: what stays while stopped is unknown, not USD 0.00.
    expect(stdout).toMatch(/saved USD 6\.00 \(20% off list\), still billed while stopped unknown \(/);
    expect(stdout).toContain(
      'Standard_D4s_v5 in japaneast: USD 0.2500 an hour (Virtual Machines Dsv5 Series, D4s v5, since 2025-04-01)',
    );
  });

  it('prints the same report as JSON', async () => {
    const { code, stdout } = await cli('--from', from, '--to', to, '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as SavingsReport;
    expect(report.targets[0]?.saved).toEqual({
      hours: 10,
      nodeHours: 30,
      coveredNodeHours: 0,
      listAmount: 7.5,
      amount: 6,
      currency: 'USD',
      discountPercent: 20,
      unpriced: [],
      variable: false,
    });
  });

  it('prints one CSV line per target', async () => {
    const { code, stdout } = await cli('--from', from, '--to', to, '--csv');
    expect(code).toBe(0);
    const lines = stdout.split('\r\n');
    expect(lines[0]).toBe(
      'target,kind,schedule,subscriptionId,location,nodes,hoursStopped,nodeHours,listAmount,discountPercent,amount,currency,forecastHours,forecastAmount,unpriced,stillBilled',
    );
    expect(lines[1]).toMatch(
      new RegExp(
        `^dev-user1,nodepool,office,${SUBSCRIPTION},japaneast,3 x Standard_D4s_v5,10,30,7\\.50,20,6\\.00,USD,`,
      ),
    );
    expect(lines[1]).toContain(
      "users report that a stop deletes them (https://github.com/Azure/AKS/issues/2810); the cluster's control plane, which keeps running",
    );
    expect(lines).toHaveLength(3);
  });

  it('refuses a bad period with the option, the value and what is valid (exit 2)', async () => {
    expect(await cli('--from', '2026-13-01')).toMatchObject({ code: 2, stdout: '' });
    expect((await cli('--from', '2026-13-01')).stderr).toMatch(/^--from "2026-13-01": /);
    expect((await cli('--last-month', '--from', '2026-11-01')).stderr).toContain(
      '--last-month cannot be used with --from or --to',
    );
    expect((await cli('--json', '--csv')).code).toBe(2);
  });

  it('prints unknown, not USD 0.00, for hours it cannot price, and says why', async () => {
    const { code, stdout } = await run(['--from', from, '--to', to, '--table-prefix', prefix], {
      OFFHOURS_RETAIL_PRICES_URL: await closedUrl(),
    });
    expect(code).toBe(0);
    expect(stdout).not.toContain('0.00');
    expect(stdout).toMatch(
      /dev-user1 +node pool +office +3 × Standard_D4s_v5 in japaneast +10\.0 h +unknown \(no price for Standard_D4s_v5\)/,
    );
    expect(stdout).toContain(
      'Total: 10.0 h stopped (30.0 h of nodes), saved unknown (no price for Standard_D4s_v5)',
    );
    expect(stdout).toContain(
      '  no price: Standard_D4s_v5 in japaneast: the Retail Prices API did not answer',
    );
    const csv = await run(['--from', from, '--to', to, '--table-prefix', prefix, '--csv'], {
      OFFHOURS_RETAIL_PRICES_URL: await closedUrl(),
    });
    // The amounts' cells are empty, not 0.00; the unpriced column says why.
    expect(csv.stdout.split('\r\n')[1]).toMatch(
      /,japaneast,3 x Standard_D4s_v5,10,30,,0,,USD,,,Standard_D4s_v5,/,
    );
  });

  it('refuses a --from in the future with the option, the value and what is valid (exit 2)', async () => {
    const tomorrow = new Date(Date.now() + 24 * HOUR).toISOString().slice(0, 10);
    const today = new Date().toISOString().slice(0, 10);
    const { code, stdout, stderr } = await cli('--from', tomorrow);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toMatch(new RegExp(`^--from "${tomorrow}": is in the future; .*${today} or earlier`));
  });

  it('--last-month reports last month only, without the forecast of this month', async () => {
    const json = JSON.parse((await cli('--last-month', '--json')).stdout) as SavingsReport;
    expect(json.forecastPeriod).toBeUndefined();
    expect(json.targets.map((target) => target.forecast)).toEqual([undefined]);
    expect(json.total.forecast).toMatchObject({ hours: 0, amount: 0 });
    const text = (await cli('--last-month')).stdout;
    expect(text).not.toMatch(/rest of (the )?month/);
  });
});

describe('aks-offhours savings and GET /api/savings agree (Azurite, the fake ARM, the Retail Prices fake)', () => {
  let app: AppHarness;
  let fleetPrices: FakeRetailPrices;

  beforeAll(async () => {
    fleetPrices = await FakeRetailPrices.start();
    // Thursday 2026-11-26 10:00 UTC; the pool has never been stopped: only its profile is known.
    app = await startApp(
      { OFFHOURS_RETAIL_PRICES_URL: fleetPrices.url, OFFHOURS_DISCOUNT_PERCENT: '20' },
      {},
      '2026-11-26T10:00:00Z',
    );
    app.arm.state.addCluster({
      subscriptionId: APP_SUBSCRIPTION,
      resourceGroup: 'rg',
      name: 'dev',
      location: 'westeurope',
      pools: [
        { name: 'system', mode: 'System' },
        { name: 'user1', count: 3 },
      ],
    });
    await registerCatalog(
      app.services.storage,
      { office: { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Europe/Berlin' } },
      { 'dev-user1': { resourceId: poolId(APP_SUBSCRIPTION, 'dev', 'user1'), schedule: 'office' } },
    );
  });
  afterAll(async () => {
    await app.stop();
    await fleetPrices.stop();
  });

  function appCli(...args: string[]) {
    const { config } = app.services;
    return run(
      [...args, '--table-prefix', config.tablePrefix],
      {
        OFFHOURS_RETAIL_PRICES_URL: fleetPrices.url,
        OFFHOURS_DISCOUNT_PERCENT: '20',
        OFFHOURS_ARM_ENDPOINT: config.armEndpoint ?? '',
        OFFHOURS_ARM_CA_FILE: config.armCaFile ?? '',
      },
      { credential: fakeArmCredential, now: () => app.clock.now },
    );
  }

  it('forecasts a target never stopped at the figure of the API, priced on its profile now', async () => {
    const api = (await app.http('GET', 'savings')).body as SavingsReport;
    const apiForecast = api.targets.find((target) => target.target === 'dev-user1')?.forecast;
    expect(apiForecast?.amount).toBeGreaterThan(0);
    const { code, stdout } = await appCli('--json');
    expect(code).toBe(0);
    const cliReport = JSON.parse(stdout) as SavingsReport;
    expect(cliReport.targets.find((target) => target.target === 'dev-user1')?.forecast).toEqual(apiForecast);
    expect(cliReport.total).toEqual(api.total);
    const text = (await appCli()).stdout;
    expect(text).toMatch(
      new RegExp(`dev-user1 .* USD ${apiForecast?.amount.toFixed(2)} \\(20% off list\\)$`, 'm'),
    );
  });

  it('says unknown for that forecast when Azure cannot be read, not USD 0.00', async () => {
    const signedOut = {
      getToken: async () => {
        throw new Error('no identity');
      },
    };
    const { config } = app.services;
    const { code, stdout } = await run(
      ['--table-prefix', config.tablePrefix],
      {
        OFFHOURS_RETAIL_PRICES_URL: fleetPrices.url,
        OFFHOURS_ARM_ENDPOINT: config.armEndpoint ?? '',
        OFFHOURS_ARM_CA_FILE: config.armCaFile ?? '',
      },
      { credential: signedOut, now: () => app.clock.now },
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/dev-user1 .* unknown \(size not observed\)/);
    expect(stdout).not.toMatch(/rest of the month.*USD 0\.00/);
  });
});
