import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_TYPES, type ProblemCode, problemTypeOf } from '../../shared/app/problems/PROBLEM_TYPES.js';
import { startApp, SUBSCRIPTION, type AppHarness } from '../helpers/appHarness.js';
import { poolId, registerCatalog } from '../helpers/catalogRows.js';

/** Inputs as people send or type them: every one works or is refused clearly, and a refusal changes nothing. */
type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; value?: unknown; message: string }[];
};
type Response = { status: number; body: unknown; headers: Record<string, string> };
type ScheduleView = { name: string; problems: string[]; warnings?: string[]; etag?: string };

let app: AppHarness;

// Thursday 2026-11-26 21:00 in Berlin: the office schedule says stopped.
beforeAll(async () => {
  app = await startApp({ OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0' }, {}, '2026-11-26T20:00:00Z');
  app.arm.state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg',
    name: 'dev',
    pools: [{ name: 'system', mode: 'System' }, { name: 'user1' }, { name: 'lower' }, { name: 'typo' }],
  });
  await registerCatalog(
    app.services.storage,
    { office: { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Europe/Berlin' } },
    { 'dev-user1': { resourceId: poolId(SUBSCRIPTION, 'dev', 'user1'), schedule: 'office' } },
  );
});
afterAll(async () => app.stop());

const pool = (name: string) => app.arm.state.pool(app.arm.state.cluster(SUBSCRIPTION, 'rg', 'dev'), name);

function expectProblem(response: Response, code: ProblemCode, fields: string[] = []): Problem {
  const { status } = PROBLEM_TYPES[code];
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toBe('application/problem+json');
  const problem = response.body as Problem;
  expect(problem).toMatchObject({ type: problemTypeOf(code), status });
  expect(problem.detail).toBeTruthy();
  expect((problem.errors ?? []).map((error) => error.field)).toEqual(fields);
  return problem;
}

async function schedules(): Promise<ScheduleView[]> {
  return ((await app.http('GET', 'schedules')).body as { schedules: ScheduleView[] }).schedules;
}

async function scheduleRowKeys(): Promise<string[]> {
  return (await app.services.storage.schedules.rows.list()).map((row) => row.rowKey).sort();
}

describe('portal rows as the API shows them', () => {
  it('lists schedules whose RowKey is blank or too long, with their problems', async () => {
    const rows = app.services.storage.schedules.rows;
    await rows.insert({ partitionKey: 'schedule', rowKey: 'n'.repeat(101), Uptime: 'always' });
    await rows.insert({ partitionKey: 'schedule', rowKey: '', Uptime: 'always' });
    const listed = await schedules();
    expect(listed.find((view) => view.name === 'n'.repeat(101))?.problems).toEqual([
      "RowKey: the RowKey is the schedule's name and must have 1 to 100 characters",
    ]);
    expect(listed.find((view) => view.name === '')?.problems).toEqual([
      "RowKey: the RowKey is the schedule's name and must have 1 to 100 characters",
    ]);
    await rows.delete('schedule', 'n'.repeat(101));
    await rows.delete('schedule', '');
  });

  it('reaches a schedule named 50%off by that name, and PUT changes that row instead of adding one', async () => {
    await app.services.storage.schedules.rows.insert({
      partitionKey: 'schedule',
      rowKey: '50%off',
      Uptime: 'always',
    });
    expect((await schedules()).map((view) => view.name)).toContain('50%off');
    const read = await app.http('GET', 'schedules/50%25off');
    expect(read).toMatchObject({ status: 200, body: { name: '50%off', uptime: 'always' } });
    expectProblem(
      await app.http('PUT', 'schedules/50%25off', { body: { uptime: 'never' } }),
      'if-match-required',
    );
    const written = await app.http('PUT', 'schedules/50%25off', {
      body: { uptime: 'never' },
      headers: { 'if-match': read.headers['etag'] ?? '' },
    });
    expect(written).toMatchObject({ status: 200, body: { name: '50%off', uptime: 'never' } });
    expect((await scheduleRowKeys()).filter((key) => key.startsWith('50'))).toEqual(['50%off']);
  });

  it('shows a RowKey pct%41 as pct%41, not pctA', async () => {
    await app.services.storage.schedules.rows.insert({
      partitionKey: 'schedule',
      rowKey: 'pct%41',
      Uptime: 'always',
    });
    const names = (await schedules()).map((view) => view.name);
    expect(names).toContain('pct%41');
    expect(names).not.toContain('pctA');
    expect((await app.http('GET', 'schedules/pct%2541')).status).toBe(200);
    expectProblem(await app.http('GET', 'schedules/pctA'), 'not-found');
  });

  it('lists unusable Targets rows and warnings beside the targets, and acts on none of them', async () => {
    const rows = app.services.storage.targets.rows;
    await rows.insert({
      partitionKey: 'target',
      rowKey: 'dev-typo',
      ResourceId: poolId(SUBSCRIPTION, 'dev', 'typo'),
      Schedule: 'office',
      Enable: false,
    });
    await rows.insert({
      partitionKey: 'target',
      rowKey: 'dev-lower',
      resourceid: poolId(SUBSCRIPTION, 'dev', 'lower'),
      schedule: 'office',
      enabled: false,
      Owner: 'team-a',
    });
    await app.tick();
    await app.drain();
    expect(pool('typo').powerState).toBe('Running');
    expect(pool('lower').powerState).toBe('Running');
    expect(pool('user1').powerState).not.toBe('Running');
    const listed = (await app.http('GET', 'targets')).body as {
      targets: { name: string; enabled?: boolean }[];
      unusableRows: { name: string; problems: string[] }[];
      rowWarnings: { name: string; problems: string[] }[];
    };
    expect(listed.unusableRows).toEqual([
      {
        name: 'dev-typo',
        partitionKey: 'target',
        rowKey: 'dev-typo',
        problems: [
          'Targets row "target"/"dev-typo" column Enable value "false": Enable is not a column the app reads; did you mean Enabled? The row is not used until the column is renamed',
        ],
      },
    ]);
    expect(listed.rowWarnings.map((row) => row.name)).toEqual(['dev-lower']);
    expect(listed.targets.find((target) => target.name === 'dev-lower')?.enabled).toBe(false);
  });
});

describe("a person's own columns", () => {
  it('stay on the row when the API replaces a schedule or a target registration', async () => {
    const { storage } = app.services;
    await storage.schedules.rows.insert({
      partitionKey: 'schedule',
      rowKey: 'owned',
      Uptime: 'always',
      Owner: 'team-a',
    });
    const schedule = await app.http('GET', 'schedules/owned');
    expect(
      (
        await app.http('PUT', 'schedules/owned', {
          body: { uptime: 'never' },
          headers: { 'if-match': schedule.headers['etag'] ?? '' },
        })
      ).status,
    ).toBe(200);
    expect(await storage.schedules.rows.get('schedule', 'owned')).toMatchObject({
      Uptime: 'never',
      Owner: 'team-a',
    });
    const target = await app.http('GET', 'targets/dev-lower');
    expect(
      (
        await app.http('PUT', 'targets/dev-lower', {
          body: { resourceId: poolId(SUBSCRIPTION, 'dev', 'lower'), schedule: 'office', enabled: false },
          headers: { 'if-match': (target.body as { etag?: string }).etag ?? '' },
        })
      ).status,
    ).toBe(200);
    expect(await storage.targets.rows.get('target', 'dev-lower')).toMatchObject({
      Enabled: false,
      Owner: 'team-a',
    });
  });
});

describe('request bodies', () => {
  it('answers 415 to a body that is not JSON by its Content-Type, and writes nothing', async () => {
    const before = await scheduleRowKeys();
    const problem = expectProblem(
      await app.http('PUT', 'schedules/plain', {
        body: '{"uptime":"always"}',
        headers: { 'content-type': 'text/plain' },
      }),
      'unsupported-media-type',
    );
    expect(problem.detail).toBe(
      'the body must be JSON, sent with Content-Type: application/json, not text/plain',
    );
    expect(await scheduleRowKeys()).toEqual(before);
  });

  it('answers 400 to a key given twice, naming it', async () => {
    const problem = expectProblem(
      await app.http('PUT', 'schedules/twice', { body: '{"uptime":"always","uptime":"never"}' }),
      'invalid-request',
      ['uptime'],
    );
    expect(problem.errors?.[0]?.message).toBe(
      'is given twice; give each field once, so that none is silently ignored',
    );
    expectProblem(await app.http('GET', 'schedules/twice'), 'not-found');
  });

  it('answers 413 to a body over 64 KiB', async () => {
    const problem = expectProblem(
      await app.http('PUT', 'schedules/huge', { body: { description: 'x'.repeat(70_000) } }),
      'content-too-large',
    );
    expect(problem.title).toBe('Content Too Large');
    expectProblem(await app.http('GET', 'schedules/huge'), 'not-found');
  });

  it('words type mistakes and unknown fields plainly, with a suggestion', async () => {
    const problem = expectProblem(
      await app.http('PUT', 'schedules/wording', { body: { uptime: {}, enforce: 'yes', timezone: 'UTC' } }),
      'invalid-request',
      ['uptime', 'enforce', 'timezone'],
    );
    expect(problem.errors?.map((error) => error.message)).toEqual([
      'must be text, not an object',
      'must be true or false, not text',
      'is not a field here; did you mean timeZone?',
    ]);
  });
});

describe('names and resource IDs', () => {
  it('refuses control characters in schedule names', async () => {
    const problem = expectProblem(
      await app.http('PUT', 'schedules/a%07b', { body: { uptime: 'always' } }),
      'invalid-request',
      ['name'],
    );
    expect(problem.errors?.[0]?.message).toBe(
      'a schedule name cannot contain control characters (U+0007 at position 2)',
    );
  });

  it('refuses a schedule name that its row would read back as another name', async () => {
    expectProblem(
      await app.http('PUT', 'schedules/a%252Fb', { body: { uptime: 'always' } }),
      'invalid-request',
      ['name'],
    );
  });

  it.each([
    [
      'a subscription that is not a GUID',
      '/subscriptions/prod/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/dev',
      'the subscription "prod" is not a subscription ID (a GUID such as 00000000-0000-0000-0000-000000000000)',
    ],
    [
      'a resource group of ..',
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/../providers/Microsoft.ContainerService/managedClusters/dev`,
      'the resource group ".." is not a valid name (1 to 90 letters, digits, and _ ( ) . -, not ending in a period)',
    ],
    [
      'a name with a query',
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/dev?api-version=1`,
      'the name "dev?api-version=1" is not a valid resource name (letters, digits, and _ ( ) . -; no spaces, no "..", no / ? # % & =)',
    ],
    [
      'a pool of ..',
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/dev/agentPools/..`,
      'the name ".." is not a valid resource name (letters, digits, and _ ( ) . -; no spaces, no "..", no / ? # % & =)',
    ],
  ])('refuses %s in a resource ID', async (_case, resourceId, reason) => {
    const problem = expectProblem(
      await app.http('PUT', 'targets/checked', { body: { resourceId, schedule: 'office' } }),
      'invalid-request',
      ['resourceId'],
    );
    expect(problem.errors?.[0]?.message).toBe(`"${resourceId}" is not a valid resource ID: ${reason}`);
  });
});

describe('If-Match: *', () => {
  it('matches any existing schedule, for PUT and DELETE, and no missing one', async () => {
    await app.http('PUT', 'schedules/star', { body: { uptime: 'always' } });
    const replaced = await app.http('PUT', 'schedules/star', {
      body: { uptime: 'never' },
      headers: { 'if-match': '*' },
    });
    expect(replaced).toMatchObject({ status: 200, body: { uptime: 'never' } });
    expect((await app.http('DELETE', 'schedules/star', { headers: { 'if-match': '*' } })).status).toBe(204);
    expectProblem(
      await app.http('PUT', 'schedules/star', { body: { uptime: 'never' }, headers: { 'if-match': '*' } }),
      'changed-since-read',
    );
  });

  it('matches any existing override, for POST and DELETE, and no missing one', async () => {
    const keep = { kind: 'keep-running', duration: 'PT1H', reason: 'if-match star' };
    expectProblem(
      await app.http('POST', 'targets/dev-user1/override', { body: keep, headers: { 'if-match': '*' } }),
      'changed-since-read',
    );
    expect((await app.http('POST', 'targets/dev-user1/override', { body: keep })).status).toBe(200);
    const replaced = await app.http('POST', 'targets/dev-user1/override', {
      body: { ...keep, duration: 'PT2H' },
      headers: { 'if-match': '*' },
    });
    expect(replaced.status).toBe(200);
    const removed = await app.http('DELETE', 'targets/dev-user1/override', { headers: { 'if-match': '*' } });
    expect(removed.status).toBe(200);
    expect(await app.services.storage.overrides.get('dev-user1')).toBeUndefined();
  });
});

describe('schedule previews', () => {
  it('refuses a date the calendar lacks, as the CLI does', async () => {
    const problem = expectProblem(
      await app.http('GET', 'schedules/office/preview?from=2026-02-30'),
      'invalid-request',
      ['from'],
    );
    expect(problem.errors?.[0]?.message).toBe(
      'from "2026-02-30" is not a date in the calendar (2026-02 has no day 30); write YYYY-MM-DD',
    );
  });

  it("reads a date as midnight in the schedule's zone, as the CLI does", async () => {
    const preview = await app.http('GET', 'schedules/office/preview?from=2026-11-23&to=2026-11-24');
    expect(preview.body).toMatchObject({ from: '2026-11-22T23:00:00.000Z', to: '2026-11-23T23:00:00.000Z' });
  });

  it('refuses hour 24 in an instant', async () => {
    expectProblem(
      await app.http('GET', 'schedules/office/preview?from=2026-11-23T24:00:00Z'),
      'invalid-request',
      ['from'],
    );
  });
});
