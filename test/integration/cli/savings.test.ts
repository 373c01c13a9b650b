import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../../cli/runCli.js';
import { FakeRetailPrices } from '../../../dev/fakeRetailPrices/FakeRetailPrices.js';
import type { SavingsReport } from '../../../shared/app/savings/SavingsReport.js';
import { openTableStorage } from '../../../shared/azure/openTableStorage.js';
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

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    ['savings', ...args, '--table-prefix', prefix],
    { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) },
    {
      AzureWebJobsStorage: inject('storageConnectionString'),
      OFFHOURS_RETAIL_PRICES_URL: prices.url,
      OFFHOURS_DISCOUNT_PERCENT: '20',
    },
  );
  return { code, stdout, stderr };
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
    expect(stdout).toContain("dev-user1: the nodes' managed OS disks (not priced here)");
    expect(stdout).toContain(
      'Standard_D4s_v5 in japaneast: USD 0.2500 an hour (Virtual Machines Dsv5 Series, D4s v5)',
    );
  });

  it('prints the same report as JSON', async () => {
    const { code, stdout } = await cli('--from', from, '--to', to, '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as SavingsReport;
    expect(report.targets[0]?.saved).toEqual({
      hours: 10,
      nodeHours: 30,
      listAmount: 7.5,
      amount: 6,
      currency: 'USD',
      discountPercent: 20,
      unpriced: [],
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
      "\"the nodes' managed OS disks (not priced here); the cluster's control plane",
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
});
