import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { applyCatalogImport } from '../../../shared/app/catalog/applyCatalogImport.js';
import { parseCatalogFile } from '../../../shared/app/catalog/CatalogFile.js';
import { planCatalogImport } from '../../../shared/app/catalog/planCatalogImport.js';
import { openTableStorage } from '../../../shared/azure/openTableStorage.js';
import { runCli } from '../../../cli/runCli.js';
import { uniquePrefix } from '../../helpers/storageBackends.js';

const POOLS =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-dev/providers/Microsoft.ContainerService/managedClusters/dev/agentPools';
const CATALOG = `schedules:
  office-tokyo:
    uptime: Mon-Fri 08:00-20:00
    timeZone: Asia/Tokyo
    holidays: JP
    description: Tokyo office hours
  weekend-batch:
    downtime: Mon-Fri 00:00-24:00 UTC
    enforce: true
targets:
  dev-user1:
    resourceId: ${POOLS}/user1
    schedule: office-tokyo
  dev-batch:
    resourceId: ${POOLS}/batch
    schedule: weekend-batch
    enabled: false
`;

async function fileWith(text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'offhours-')), 'catalog.yaml');
  await writeFile(path, text, 'utf8');
  return path;
}

function cliAgainst(prefix: string) {
  const environment = { AzureWebJobsStorage: inject('storageConnectionString') };
  return async (...args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(
      [...args, '--table-prefix', prefix],
      { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) },
      environment,
    );
    return { code, stdout, stderr };
  };
}

describe('aks-offhours import and export (Azurite)', () => {
  it('imports, is idempotent, exports the same catalog, and round-trips', async () => {
    const cli = cliAgainst(uniquePrefix());
    const file = await fileWith(CATALOG);
    expect(await cli('import', file)).toEqual({
      code: 0,
      stdout: [
        '+ schedule office-tokyo',
        '+ schedule weekend-batch',
        '+ target dev-user1',
        '+ target dev-batch',
        '4 change(s) applied, 0 unchanged, 0 conflict(s)',
        '',
      ].join('\n'),
      stderr: '',
    });
    expect((await cli('import', file)).stdout).toBe('0 change(s) applied, 4 unchanged, 0 conflict(s)\n');
    const exported = await cli('export');
    expect(exported).toMatchObject({ code: 0, stderr: '' });
    expect(parseCatalogFile(exported.stdout, 'export')).toEqual(parseCatalogFile(CATALOG, 'catalog'));
    expect((await cli('import', await fileWith(exported.stdout))).stdout).toBe(
      '0 change(s) applied, 4 unchanged, 0 conflict(s)\n',
    );
  });

  it('--dry-run shows the difference column by column and writes nothing', async () => {
    const cli = cliAgainst(uniquePrefix());
    await cli('import', await fileWith(CATALOG));
    const edited = await fileWith(
      CATALOG.replace('Mon-Fri 08:00-20:00', 'Mon-Fri 07:30-19:00').replace('    enabled: false\n', ''),
    );
    expect(await cli('import', edited, '--dry-run')).toEqual({
      code: 0,
      stdout: [
        '~ schedule office-tokyo: Uptime "Mon-Fri 08:00-20:00" → "Mon-Fri 07:30-19:00"',
        '~ target dev-batch: Enabled "false" → "true"',
        'dry run: 2 change(s), 2 unchanged; nothing written',
        '',
      ].join('\n'),
      stderr: '',
    });
    expect((await cli('import', edited, '--dry-run')).stdout).toContain('dry run: 2 change(s)');
  });

  it('--prune deletes what the file no longer has', async () => {
    const cli = cliAgainst(uniquePrefix());
    await cli('import', await fileWith(CATALOG));
    const smaller = CATALOG.slice(0, CATALOG.indexOf('  dev-batch:'));
    expect((await cli('import', await fileWith(smaller), '--prune')).stdout).toBe(
      '- target dev-batch\n1 change(s) applied, 3 unchanged, 0 conflict(s)\n',
    );
  });

  it('refuses an invalid file as a whole, naming every mistake by its path in one pass, and writes nothing', async () => {
    const cli = cliAgainst(uniquePrefix());
    const broken = CATALOG.replace('Mon-Fri 08:00-20:00', 'Mon-Fri 08:00-25:00')
      .replace(
        `${POOLS}/batch`,
        '/subscriptions/x/resourceGroups/y/providers/Microsoft.Storage/storageAccounts/z',
      )
      .replace('schedule: office-tokyo', 'schedule: office-osaka')
      .replace('enforce: true', 'enforce: true\n    colour: blue\n    timezone: UTC');
    const result = await cli('import', await fileWith(broken));
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n').slice(1, -1)).toEqual([
      '  schedules.weekend-batch.colour: is not a field here; the fields are uptime, downtime, timeZone, holidays, enforce, startLead, maintenance, description, notify',
      '  schedules.weekend-batch.timezone: is not a field here; did you mean timeZone?',
      '  schedules.office-tokyo: Uptime item 1 "Mon-Fri 08:00-25:00" at position 15: "25:00" has hour 25; hours go from 00 to 23; the latest end is 24:00',
      '  targets.dev-user1.schedule: there is no schedule named "office-osaka" in the file or in storage',
      expect.stringMatching(
        /^ {2}targets\.dev-batch\.resourceId: ".*" is a Microsoft\.Storage\/storageAccounts resource; a target is an AKS node pool/,
      ),
    ]);
    expect((await cli('export')).stdout).toBe('schedules: {}\ntargets: {}\n');
  });

  it('never overwrites a row edited in the portal between reading and writing', async () => {
    const prefix = uniquePrefix();
    const storage = await openTableStorage(
      { connectionString: inject('storageConnectionString') },
      { tablePrefix: prefix },
    );
    await cliAgainst(prefix)('import', await fileWith(CATALOG));
    const plan = await planCatalogImport(
      parseCatalogFile(CATALOG.replace('Tokyo office hours', 'from git'), 'catalog'),
      storage,
      'catalog',
      false,
    );
    await storage.schedules.update('office-tokyo', (current) => ({
      ...current,
      description: 'edited in the portal',
    }));
    const outcome = await applyCatalogImport(plan.changes, storage, {
      actor: 'test',
      via: 'import of catalog',
      now: () => 0,
    });
    expect(outcome.applied).toEqual([]);
    expect(outcome.conflicts.map((conflict) => conflict.reason)).toEqual([
      '~ schedule office-tokyo: Description "Tokyo office hours" → "from git" not applied: the row was changed by someone else since it was read; run the import again to see the difference',
    ]);
    expect((await storage.schedules.get('office-tokyo'))?.description).toBe('edited in the portal');
  });

  it('leaves the audit entries the API leaves for the same changes, naming who imported which file', async () => {
    const prefix = uniquePrefix();
    const storage = await openTableStorage(
      { connectionString: inject('storageConnectionString') },
      { tablePrefix: prefix },
    );
    const cli = cliAgainst(prefix);
    const file = await fileWith(CATALOG);
    expect((await cli('import', file)).code).toBe(0);
    expect((await cli('import', file, '--prune')).code).toBe(0);
    await writeFile(file, CATALOG.replace(/ {2}dev-batch:[\s\S]*$/, ''), 'utf8');
    expect((await cli('import', file, '--prune')).code).toBe(0);
    const { entries } = await storage.audit.page({ limit: 20 });
    const entry = (action: string, name: string) =>
      entries.find((candidate) => candidate.action === action && candidate.reason.endsWith(` ${name}`));
    expect(entry('schedule-created', 'office-tokyo')).toMatchObject({
      actor: `cli (${userInfo().username})`,
      reason: 'import of catalog.yaml: schedule office-tokyo',
      result: JSON.stringify({
        uptime: 'Mon-Fri 08:00-20:00',
        timeZone: 'Asia/Tokyo',
        holidays: 'JP',
        enforce: false,
      }),
    });
    expect(entry('target-registered', 'dev-batch')).toMatchObject({
      targetName: 'dev-batch',
      resourceId: `${POOLS}/batch`,
      reason: 'import of catalog.yaml: target dev-batch',
      result: 'schedule weekend-batch, enabled false',
    });
    expect(entry('target-unregistered', 'dev-batch')).toMatchObject({
      targetName: 'dev-batch',
      result: 'deleted',
    });
    // Nothing changed, nothing audited: two imports of the same file leave one entry per change.
    expect(entries.filter((candidate) => candidate.action === 'target-registered')).toHaveLength(2);
  });

  it("keeps a person's own columns on the rows it updates", async () => {
    const prefix = uniquePrefix();
    const storage = await openTableStorage(
      { connectionString: inject('storageConnectionString') },
      { tablePrefix: prefix },
    );
    const cli = cliAgainst(prefix);
    await cli('import', await fileWith(CATALOG));
    const row = await storage.schedules.rows.get('schedule', 'office-tokyo');
    await storage.schedules.rows.replace({ ...row!, Owner: 'team-a' }, row?.etag ?? '');
    const result = await cli('import', await fileWith(CATALOG.replace('Tokyo office hours', 'from git')));
    expect(result.stdout).toBe(
      '~ schedule office-tokyo: Description "Tokyo office hours" → "from git"\n1 change(s) applied, 3 unchanged, 0 conflict(s)\n',
    );
    expect(await storage.schedules.rows.get('schedule', 'office-tokyo')).toMatchObject({
      Description: 'from git',
      Owner: 'team-a',
    });
  });

  it('says how to give storage when none is set', async () => {
    let stderr = '';
    const code = await runCli(
      ['export'],
      { stdout: () => undefined, stderr: (text) => (stderr += text) },
      {},
    );
    expect(code).toBe(2);
    expect(stderr).toBe(
      'no storage given: pass --connection, or set AzureWebJobsStorage (a connection string, or UseDevelopmentStorage=true for Azurite) or AzureWebJobsStorage__accountName\n',
    );
  });
});
