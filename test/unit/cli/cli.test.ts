import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AggregateAuthenticationError, CredentialUnavailableError } from '@azure/identity';
import { describe, expect, inject, it } from 'vitest';
import { runCli } from '../../../cli/runCli.js';
import { StorageUnreachableError } from '../../../cli/StorageUnreachableError.js';
import { uniquePrefix } from '../../helpers/storageBackends.js';

const run = promisify(execFile);
/** The built CLI, as `npx aks-offhours` runs it (npm test builds first). */
const CLI = fileURLToPath(new URL('../../../dist/cli/main.js', import.meta.url));

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

/** The same CLI in-process, for the many cases where a process start adds nothing. */
async function cliInProcess(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

describe('aks-offhours (the built executable)', () => {
  it('eval prints true inside the schedule and exits 0', async () => {
    expect(await cli('eval', '--at', '2026-11-26T09:00:00+09:00', 'Mon-Fri 08:00-20:00 Asia/Tokyo')).toEqual({
      code: 0,
      stdout: 'true\n',
      stderr: '',
    });
  });

  it('eval prints false outside it and exits 0', async () => {
    expect(await cli('eval', '--at', '2026-11-26T21:00:00+09:00', 'Mon-Fri 08:00-20:00 Asia/Tokyo')).toEqual({
      code: 0,
      stdout: 'false\n',
      stderr: '',
    });
  });

  it('eval on an invalid spec prints the error on stderr and exits 2', async () => {
    expect(await cli('eval', '--at', '2026-11-26T09:00:00+09:00', 'Mon-Fri 08:00-20:00 JST')).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'Uptime item 1 "Mon-Fri 08:00-20:00 JST" at position 21: "JST" is an abbreviation; use an IANA zone such as Asia/Tokyo\n',
    });
  });

  it('validate prints ok', async () => {
    expect(await cli('validate', 'Mon-Fri 08:00-20:00 Europe/Berlin')).toEqual({
      code: 0,
      stdout: 'ok\n',
      stderr: '',
    });
  });

  it('preview --json gives machine-readable windows and totals', async () => {
    const { code, stdout } = await cli(
      'preview',
      'Mon-Fri 08:00-20:00',
      '--tz',
      'Asia/Tokyo',
      '--holidays',
      'JP',
      '--from',
      '2026-11-20',
      '--to',
      '2026-11-25',
      '--json',
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      spec: 'Mon-Fri 08:00-20:00',
      form: 'uptime',
      zone: 'Asia/Tokyo',
      from: '2026-11-20T00:00:00+09:00',
      to: '2026-11-25T00:00:00+09:00',
      windows: [
        { state: 'down', from: '2026-11-20T00:00:00+09:00', to: '2026-11-20T08:00:00+09:00', hours: 8 },
        { state: 'up', from: '2026-11-20T08:00:00+09:00', to: '2026-11-20T20:00:00+09:00', hours: 12 },
        { state: 'down', from: '2026-11-20T20:00:00+09:00', to: '2026-11-24T08:00:00+09:00', hours: 84 },
        { state: 'up', from: '2026-11-24T08:00:00+09:00', to: '2026-11-24T20:00:00+09:00', hours: 12 },
        { state: 'down', from: '2026-11-24T20:00:00+09:00', to: '2026-11-25T00:00:00+09:00', hours: 4 },
      ],
      holidays: [{ date: '2026-11-23', name: 'Labor Thanksgiving Day (JP)' }],
      hoursTotal: 120,
      hoursUp: 24,
      hoursSaved: 96,
      savedPercent: 80,
    });
  });

  it('--version prints the version of package.json', async () => {
    const { version } = JSON.parse(
      await readFile(fileURLToPath(new URL('../../../package.json', import.meta.url)), 'utf8'),
    ) as { version: string };
    expect(await cli('--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('--help describes each command', async () => {
    for (const command of ['eval', 'preview', 'validate']) {
      const { code, stdout } = await cli(command, '--help');
      expect(code).toBe(0);
      expect(stdout).toContain(`Usage: aks-offhours ${command} [options] <spec>`);
    }
  });
});

describe('aks-offhours (in process)', () => {
  it('preview --start-lead shows when each start begins to be ready at the up time, and why', async () => {
    const { code, stdout } = await cliInProcess(
      'preview',
      'Mon-Fri 08:00-20:00 Europe/Berlin',
      '--from',
      '2026-11-27',
      '--to',
      '2026-11-28',
      '--start-lead',
      '20m',
    );
    expect(code).toBe(0);
    expect(stdout).toContain(
      "Starts begun ahead:\n  Fri 27 Nov 2026 07:40 +01:00  starting 07:40 to be ready by 08:00 (Europe/Berlin): the schedule's StartLead is 20m\n",
    );
  });

  it('preview prints the windows and the hours saved', async () => {
    const { code, stdout } = await cliInProcess(
      'preview',
      'Sun 01:00-02:00 America/New_York',
      '--from',
      '2026-11-01',
      '--to',
      '2026-11-02',
    );
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'Uptime "Sun 01:00-02:00 America/New_York", times in America/New_York',
        '',
        '  down  Sun 1 Nov 2026 00:00 -04:00 → Sun 1 Nov 2026 01:00 -04:00      1.0 h',
        '  up    Sun 1 Nov 2026 01:00 -04:00 → Sun 1 Nov 2026 02:00 -05:00      2.0 h',
        '  down  Sun 1 Nov 2026 02:00 -05:00 → Mon 2 Nov 2026 00:00 -05:00     22.0 h',
        '',
        'Hours up: 2.0 of 25.0',
        'Hours saved: 23.0 (92% of always-on)',
        '',
      ].join('\n'),
    );
  });

  it('validate lists every problem on stderr and exits 2', async () => {
    const { code, stdout, stderr } = await cliInProcess(
      'validate',
      'Mon-Fry 08:00-25:00, Sat 10:00-12:00',
      '--tz',
      'Europe/Berlin',
    );
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr.trim().split('\n')).toEqual([
      'Uptime item 1 "Mon-Fry 08:00-25:00" at position 5: "Fry" is not a weekday name; use Mon, Tue, Wed, Thu, Fri, Sat or Sun',
      'Uptime item 1 "Mon-Fry 08:00-25:00" at position 15: "25:00" has hour 25; hours go from 00 to 23; the latest end is 24:00',
    ]);
  });

  it('--downtime reads the spec as the time targets are down', async () => {
    expect(
      (await cliInProcess('eval', '--downtime', '--at', '2026-11-28T12:00:00Z', 'Sat-Sun 00:00-24:00 UTC'))
        .stdout,
    ).toBe('false\n');
  });

  it('--holidays closes public holidays', async () => {
    expect(
      (
        await cliInProcess(
          'eval',
          '--holidays',
          'JP',
          '--at',
          '2026-11-23T10:00:00+09:00',
          'Mon-Fri 08:00-20:00 Asia/Tokyo',
        )
      ).stdout,
    ).toBe('false\n');
  });

  it.each([
    [
      ['eval', '--at', '2026-11-26T09:00:00', 'always'],
      '--at "2026-11-26T09:00:00" is not an ISO 8601 instant with an offset; write it as 2026-11-26T09:00:00+09:00 or 2026-11-26T00:00:00Z',
    ],
    [
      ['eval', '--at', 'tomorrow', 'always'],
      '--at "tomorrow" is not an ISO 8601 instant with an offset; write it as 2026-11-26T09:00:00+09:00 or 2026-11-26T00:00:00Z',
    ],
    [
      ['preview', 'always', '--from', '2026-02-30', '--to', '2026-03-02'],
      '--from "2026-02-30" is not a date in the calendar (2026-02 has no day 30); write YYYY-MM-DD',
    ],
    [
      ['preview', 'always', '--from', '2026-03-02', '--to', '2026-03-01'],
      '--to "2026-03-01" must be after --from "2026-03-02"',
    ],
    [
      ['preview', 'always', '--start-lead', 'soon'],
      '--start-lead "soon" is not a start lead; write auto (learn from past starts, the default), off, or a duration from 1m to 12h such as 15m, 1h or 1h30m',
    ],
  ])('rejects bad options %j with exit 2', async (args, message) => {
    expect(await cliInProcess(...args)).toEqual({ code: 2, stdout: '', stderr: `${message}\n` });
  });

  it('plan names the missing setting and changes nothing', async () => {
    expect(await cliInProcess('plan')).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'invalid configuration:\n  AzureWebJobsStorage (not set): set a connection string (UseDevelopmentStorage=true for Azurite), or AzureWebJobsStorage__accountName for identity-based access\n',
    });
  });

  it('plan without an Azure sign-in prints one line saying to run az login, and exits 1', async () => {
    const prefix = uniquePrefix();
    const environment = { AzureWebJobsStorage: inject('storageConnectionString') };
    const file = join(await mkdtemp(join(tmpdir(), 'offhours-')), 'catalog.yaml');
    await writeFile(
      file,
      `schedules:\n  office:\n    uptime: Mon-Fri 08:00-20:00 Asia/Tokyo\ntargets:\n  dev-user1:\n    resourceId: /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-dev/providers/Microsoft.ContainerService/managedClusters/dev/agentPools/user1\n    schedule: office\n`,
      'utf8',
    );
    const quiet = { stdout: () => undefined, stderr: () => undefined };
    expect(await runCli(['import', file, '--table-prefix', prefix], quiet, environment)).toBe(0);
    // What DefaultAzureCredential throws on a machine where nobody ran `az login`.
    const signedOut = {
      getToken: async () => {
        throw new AggregateAuthenticationError(
          [
            new CredentialUnavailableError('EnvironmentCredential is unavailable.'),
            new CredentialUnavailableError(
              "Azure CLI could not be found. Please visit https://aka.ms/azure-cli for installation instructions and then, once installed, authenticate to your Azure account using 'az login'.",
            ),
          ],
          'ChainedTokenCredential authentication failed.',
        );
      },
    };
    let stdout = '';
    let stderr = '';
    const code = await runCli(
      ['plan', '--table-prefix', prefix],
      { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) },
      environment,
      { credential: signedOut },
    );
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(stderr).toBe(
      'plan could not sign in to Azure: no identity was found (run `az login`, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET for a service principal)\n',
    );
  });

  it('export against storage that is not there names the endpoint, not a table, and exits 1', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const connection = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:${port}/devstoreaccount1`;
    expect(await cliInProcess('export', '--connection', connection)).toEqual({
      code: 1,
      stdout: '',
      stderr: `export could not reach the table storage at http://127.0.0.1:${port}/devstoreaccount1 (connect ECONNREFUSED 127.0.0.1:${port}); check the connection string or account name, and that the account allows your network\n`,
    });
  });

  it('says what UseDevelopmentStorage=true means when Azurite is not on its default ports', () => {
    expect(
      new StorageUnreachableError('http://127.0.0.1:10002/devstoreaccount1', true, {
        cause: new Error('could not open table Operations', {
          cause: new Error('connect ECONNREFUSED 127.0.0.1:10002'),
        }),
      }).message,
    ).toBe(
      'could not reach the table storage at http://127.0.0.1:10002/devstoreaccount1 (connect ECONNREFUSED 127.0.0.1:10002); UseDevelopmentStorage=true means Azurite on its default ports (table 10002): start Azurite there, or pass the connection string npm start prints',
    );
  });

  it('role prints the least-privilege custom role for the given scopes, and needs one', async () => {
    const { code, stdout } = await cliInProcess(
      'role',
      '--scope',
      '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-dev',
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      Name: 'AKS Off-Hours Operator',
      AssignableScopes: ['/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-dev'],
    });
    expect((await cliInProcess('role')).code).toBe(2);
    expect((await cliInProcess('role', '--scope', 'rg-dev')).stderr).toContain('not a scope: rg-dev');
  });

  it('rejects a missing --at and an unknown command with exit 2 and usage help', async () => {
    const missing = await cliInProcess('eval', 'always');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--at <instant>' not specified");
    const unknown = await cliInProcess('stop-everything');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'stop-everything'");
  });
});
