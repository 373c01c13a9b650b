import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_TYPES, type ProblemCode, problemTypeOf } from '../../shared/app/problems/PROBLEM_TYPES.js';
import { FUNCTIONS } from '../../dev/functionRegistry.js';
import { OPEN_API_DOCUMENT } from '../../shared/http/openApiDocument.js';
import { startApp, SUBSCRIPTION, type AppHarness } from '../helpers/appHarness.js';
import { appServicePrincipal } from '../helpers/appServicePrincipal.js';
import { poolId, registerCatalog } from '../helpers/catalogRows.js';

type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; value?: unknown; message: string }[];
};
let app: AppHarness;

// Thursday 2026-11-26 21:00 in Berlin: the office schedule says stopped.
beforeAll(async () => {
  app = await startApp(
    { OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0', WEBSITE_AUTH_ENABLED: 'true' },
    {},
    '2026-11-26T20:00:00Z',
  );
  app.arm.state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg',
    name: 'dev',
    pools: [{ name: 'system', mode: 'System' }, { name: 'user1' }, { name: 'user2' }, { name: 'user3' }],
  });
  await registerCatalog(
    app.services.storage,
    { office: { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Europe/Berlin' }, spare: { uptime: 'always' } },
    {
      'dev-user1': { resourceId: poolId(SUBSCRIPTION, 'dev', 'user1'), schedule: 'office' },
      'dev-user2': { resourceId: poolId(SUBSCRIPTION, 'dev', 'user2'), schedule: 'office' },
      'dev-user3': { resourceId: poolId(SUBSCRIPTION, 'dev', 'user3'), schedule: 'office', enabled: false },
    },
  );
  await app.tick();
  await app.drain();
  // The stops begun by the first tick finish; the next tick sees them done.
  app.clock.now += 5 * 60_000;
  await app.tick();
});
afterAll(async () => app.stop());

const pool = (name: string) => app.arm.state.pool(app.arm.state.cluster(SUBSCRIPTION, 'rg', 'dev'), name);

function expectProblem(
  response: { status: number; body: unknown; headers: Record<string, string> },
  code: ProblemCode,
  fields: string[] = [],
): Problem {
  const { status } = PROBLEM_TYPES[code];
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toBe('application/problem+json');
  const problem = response.body as Problem;
  expect(problem).toMatchObject({ type: problemTypeOf(code), status });
  expect((problem.errors ?? []).map((error) => error.field)).toEqual(fields);
  return problem;
}

describe('targets', () => {
  it('lists targets with desired and observed state and next transition', async () => {
    const response = await app.http('GET', 'targets');
    expect(response.status).toBe(200);
    const targets = (
      response.body as {
        targets: { name: string; desired?: string; enabled?: boolean; nextTransition?: string }[];
      }
    ).targets;
    expect(targets.map((target) => [target.name, target.desired, target.enabled])).toEqual([
      ['dev-user1', 'stopped', true],
      ['dev-user2', 'stopped', true],
      ['dev-user3', undefined, false],
    ]);
    expect(targets[0]?.nextTransition).toBe('2026-11-27T07:00:00.000Z');
  });

  it('answers 404 for a target that is not registered', async () => {
    expect(expectProblem(await app.http('GET', 'targets/prod-user1'), 'not-found').detail).toBe(
      'there is no registered target named "prod-user1"; GET /api/targets lists them',
    );
  });
});

describe('registering targets', () => {
  it('registers, replaces only with If-Match, refuses bad input by field, and unregisters', async () => {
    const created = await app.http('PUT', 'targets/dev-user4', {
      body: {
        resourceId: poolId(SUBSCRIPTION, 'dev', 'user4'),
        schedule: 'office',
        description: 'added through the API',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'dev-user4',
      kind: 'nodepool',
      schedule: 'office',
      enabled: true,
      source: 'row',
    });
    const etag = created.headers['etag'] ?? '';
    expect(etag).toBeTruthy();
    expectProblem(
      await app.http('PUT', 'targets/dev-user4', {
        body: { resourceId: poolId(SUBSCRIPTION, 'dev', 'user4'), schedule: 'office', enabled: false },
      }),
      'if-match-required',
    );
    expectProblem(
      await app.http('PUT', 'targets/dev-user4', {
        body: { resourceId: poolId(SUBSCRIPTION, 'dev', 'user4'), schedule: 'office', enabled: false },
        headers: { 'if-match': 'W/"old"' },
      }),
      'changed-since-read',
    );
    const replaced = await app.http('PUT', 'targets/dev-user4', {
      body: { resourceId: poolId(SUBSCRIPTION, 'dev', 'user4'), schedule: 'office', enabled: false },
      headers: { 'if-match': etag },
    });
    expect(replaced).toMatchObject({ status: 200, body: { enabled: false } });
    expectProblem(await app.http('DELETE', 'targets/dev-user4'), 'if-match-required');
    expect(
      (
        await app.http('DELETE', 'targets/dev-user4', {
          headers: { 'if-match': replaced.headers['etag'] ?? '' },
        })
      ).status,
    ).toBe(204);
    expectProblem(await app.http('GET', 'targets/dev-user4'), 'not-found');
  });

  it.each([
    [
      'a resource of the wrong type',
      {
        resourceId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/data',
        schedule: 'office',
      },
      ['resourceId'],
    ],
    [
      'an unknown schedule',
      { resourceId: poolId(SUBSCRIPTION, 'dev', 'user9'), schedule: 'ofice' },
      ['schedule'],
    ],
    ['a missing schedule', { resourceId: poolId(SUBSCRIPTION, 'dev', 'user9') }, ['schedule']],
    [
      'an unknown field',
      { resourceId: poolId(SUBSCRIPTION, 'dev', 'user9'), schedule: 'office', owner: 'me' },
      ['body'],
    ],
  ])('refuses %s with 400, and registers nothing', async (_name, body, fields) => {
    expectProblem(await app.http('PUT', 'targets/dev-user9', { body }), 'invalid-request', fields);
    expect(await app.services.storage.targets.get('dev-user9')).toBeUndefined();
  });

  it('refuses to register a resource twice (409) and a name that looks like a tag target (400)', async () => {
    expect(
      expectProblem(
        await app.http('PUT', 'targets/again', {
          body: { resourceId: poolId(SUBSCRIPTION, 'dev', 'user1'), schedule: 'office' },
        }),
        'already-registered',
      ).detail,
    ).toContain('is already registered as "dev-user1"');
    expectProblem(
      await app.http('PUT', `targets/${encodeURIComponent('tag:x')}`, {
        body: { resourceId: poolId(SUBSCRIPTION, 'dev', 'user9'), schedule: 'office' },
      }),
      'invalid-request',
      ['name'],
    );
  });
});

describe('overrides', () => {
  it('keep-running starts the target at once, records who asked, and its ETag guards the next change', async () => {
    expect(pool('user1').powerState).toBe('Stopped');
    const response = await app.http('POST', 'targets/dev-user1/override', {
      body: { kind: 'keep-running', duration: 'PT2H', reason: 'release testing' },
      headers: { 'x-ms-client-principal': appServicePrincipal('alice@example.com', ['OffHours.Operator']) },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      decision: { action: 'start', desired: 'running' },
      target: {
        override: { kind: 'keep-running', until: '2026-11-26T22:05:00.000Z', createdBy: 'alice@example.com' },
      },
    });
    expect(await app.drain()).toEqual([]);
    expect(pool('user1').provisioningState).toBe('Starting');
    const audit = await app.http('GET', 'audit?target=dev-user1&limit=5');
    expect(
      (audit.body as { entries: { actor: string; action: string }[] }).entries.map((entry) => [
        entry.action,
        entry.actor,
      ]),
    ).toEqual([
      ['start', 'alice@example.com'],
      ['override', 'alice@example.com'],
      ['stop', 'schedule'],
      ['stop', 'schedule'],
    ]);
    const etag = response.headers['etag'];
    expect(etag).toBeTruthy();
    expectProblem(
      await app.http('DELETE', 'targets/dev-user1/override', { headers: { 'if-match': 'W/"stale"' } }),
      'changed-since-read',
    );
    const removed = await app.http('DELETE', 'targets/dev-user1/override', {
      headers: { 'if-match': etag ?? '' },
    });
    expect(removed.status).toBe(200);
    expectProblem(await app.http('DELETE', 'targets/dev-user1/override'), 'not-found');
  });

  it.each([
    ['an unknown kind', { kind: 'keep-up', duration: 'PT1H' }, ['kind']],
    ['no end for keep-running', { kind: 'keep-running' }, []],
    ['until without an offset', { kind: 'keep-running', until: '2026-11-26T23:00:00' }, ['until']],
    ['until in the past', { kind: 'keep-running', until: '2026-11-26T19:00:00Z' }, ['until']],
    [
      'both until and duration',
      { kind: 'keep-running', until: '2026-11-26T23:00:00Z', duration: 'PT1H' },
      ['duration'],
    ],
    ['a duration that is not ISO 8601', { kind: 'keep-running', duration: '2 hours' }, ['duration']],
    ['more than 14 days', { kind: 'keep-running', duration: 'P30D' }, ['duration']],
    ['an unknown field', { kind: 'keep-running', duration: 'PT1H', colour: 'blue' }, ['body']],
    [
      'a reason longer than 1000 characters',
      { kind: 'keep-running', duration: 'PT1H', reason: 'x'.repeat(1001) },
      ['reason'],
    ],
  ])('refuses %s with 400 naming the field, and changes nothing', async (_name, body, fields) => {
    const before = await app.services.storage.overrides.get('dev-user2');
    const response = await app.http('POST', 'targets/dev-user2/override', { body });
    const problem = expectProblem(response, 'invalid-request', fields.length > 0 ? fields : ['until']);
    expect(problem.detail.length).toBeGreaterThan(10);
    expect(await app.services.storage.overrides.get('dev-user2')).toEqual(before);
  });

  it('refuses a body that is not JSON', async () => {
    expect(
      expectProblem(
        await app.http('POST', 'targets/dev-user2/override', { body: '{kind: keep-running' }),
        'invalid-request',
        ['body'],
      ).errors?.[0]?.message,
    ).toBe('must be a JSON object');
  });

  it('refuses an override of an unknown target (404) and of a disabled one (409)', async () => {
    expectProblem(
      await app.http('POST', 'targets/prod-user1/override', { body: { kind: 'skip-next-stop' } }),
      'not-found',
    );
    expectProblem(
      await app.http('POST', 'targets/dev-user3/override', { body: { kind: 'skip-next-stop' } }),
      'target-disabled',
    );
  });

  it('skip-next-start keeps the target down through the next working day', async () => {
    const response = await app.http('POST', 'targets/dev-user2/override', {
      body: { kind: 'skip-next-start', reason: 'team offsite' },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      target: {
        override: {
          kind: 'skip-next-start',
          from: '2026-11-27T07:00:00.000Z',
          until: '2026-11-27T19:00:00.000Z',
        },
      },
      decision: { action: 'none' },
    });
    await app.http('DELETE', 'targets/dev-user2/override');
  });

  it('start and stop now act at once and hold until the schedule next changes', async () => {
    const response = await app.http('POST', 'targets/dev-user2/start', { body: {} });
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({
      decision: { action: 'start' },
      target: { override: { kind: 'keep-running', until: '2026-11-27T07:00:00.000Z' } },
    });
    expectProblem(
      await app.http('POST', 'targets/dev-user2/stop', { body: { duration: 'soon' } }),
      'invalid-request',
      ['duration'],
    );
    expect((await app.http('POST', 'targets/dev-user2/frobnicate', { body: {} })).status).toBe(404);
    await app.http('DELETE', 'targets/dev-user2/override');
  });

  // The host's regex route constraint ignores case, so every spelling reaches the handler.
  it.each([
    ['start', 'keep-running'],
    ['Start', 'keep-running'],
    ['START', 'keep-running'],
    ['sTaRt', 'keep-running'],
    ['stop', 'keep-stopped'],
    ['Stop', 'keep-stopped'],
    ['STOP', 'keep-stopped'],
    ['sToP', 'keep-stopped'],
  ])('POST targets/{name}/%s means what it says (%s)', async (action, kind) => {
    const response = await app.http('POST', `targets/dev-user2/${action}`, { body: {} });
    expect(response.status).toBeLessThan(300);
    expect(response.body).toMatchObject({ target: { override: { kind } } });
    await app.http('DELETE', 'targets/dev-user2/override');
  });
});

describe('schedules', () => {
  it('creates, reads with an ETag, replaces only with If-Match, and deletes only when unused', async () => {
    const created = await app.http('PUT', 'schedules/night-shift', {
      body: { uptime: 'Mon-Fri 22:00-06:00', timeZone: 'Asia/Tokyo', description: 'batch' },
    });
    expect(created.status).toBe(201);
    const read = await app.http('GET', 'schedules/night-shift');
    expect(read.body).toMatchObject({
      name: 'night-shift',
      uptime: 'Mon-Fri 22:00-06:00',
      timeZone: 'Asia/Tokyo',
      enforce: false,
      problems: [],
    });
    const etag = read.headers['etag'] ?? '';
    expectProblem(
      await app.http('PUT', 'schedules/night-shift', { body: { uptime: 'always' } }),
      'if-match-required',
    );
    expectProblem(
      await app.http('PUT', 'schedules/night-shift', {
        body: { uptime: 'always' },
        headers: { 'if-match': 'W/"old"' },
      }),
      'changed-since-read',
    );
    expectProblem(
      await app.http('PUT', 'schedules/night-shift', {
        body: { uptime: 'always' },
        headers: { 'if-none-match': '*' },
      }),
      'already-exists',
    );
    const replaced = await app.http('PUT', 'schedules/night-shift', {
      body: { uptime: 'Mon-Fri 21:00-07:00', timeZone: 'Asia/Tokyo' },
      headers: { 'if-match': etag },
    });
    expect(replaced.status).toBe(200);
    expectProblem(await app.http('DELETE', 'schedules/night-shift'), 'if-match-required');
    expectProblem(
      await app.http('DELETE', 'schedules/night-shift', { headers: { 'if-match': etag } }),
      'changed-since-read',
    );
    expect(
      (
        await app.http('DELETE', 'schedules/night-shift', {
          headers: { 'if-match': replaced.headers['etag'] ?? '' },
        })
      ).status,
    ).toBe(204);
    expectProblem(await app.http('GET', 'schedules/night-shift'), 'not-found');
  });

  it('refuses an invalid spec with every problem by field, and writes nothing', async () => {
    const problem = expectProblem(
      await app.http('PUT', 'schedules/broken', { body: { uptime: 'Mon-Fry 08:00-25:00', timeZone: 'JST' } }),
      'invalid-request',
      ['timeZone', 'uptime', 'uptime'],
    );
    expect(problem.errors?.map((error) => error.message)).toEqual([
      'TimeZone: "JST" is an abbreviation; use an IANA zone such as Asia/Tokyo',
      'Uptime item 1 "Mon-Fry 08:00-25:00" at position 5: "Fry" is not a weekday name; use Mon, Tue, Wed, Thu, Fri, Sat or Sun',
      'Uptime item 1 "Mon-Fry 08:00-25:00" at position 15: "25:00" has hour 25; hours go from 00 to 23; the latest end is 24:00',
    ]);
    const second = expectProblem(
      await app.http('PUT', 'schedules/broken', { body: { uptime: 'Mon-Fry 08:00-25:00 UTC' } }),
      'invalid-request',
      ['uptime', 'uptime'],
    );
    expect(second.errors?.map((error) => error.value)).toEqual([
      'Mon-Fry 08:00-25:00 UTC',
      'Mon-Fry 08:00-25:00 UTC',
    ]);
    expectProblem(
      await app.http('PUT', 'schedules/broken', { body: { uptime: 'always', enforce: 'yes' } }),
      'invalid-request',
      ['enforce'],
    );
    expectProblem(await app.http('GET', 'schedules/broken'), 'not-found');
  });

  it('refuses to delete a schedule that targets use', async () => {
    const read = await app.http('GET', 'schedules/office');
    expect(
      expectProblem(
        await app.http('DELETE', 'schedules/office', { headers: { 'if-match': read.headers['etag'] ?? '' } }),
        'schedule-in-use',
      ).detail,
    ).toBe(
      'schedule "office" is used by dev-user1, dev-user2, dev-user3; move them to another schedule first',
    );
  });

  it('previews a schedule, and refuses a bad range', async () => {
    const preview = await app.http('GET', 'schedules/office/preview?from=2026-11-23&to=2026-11-30');
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      zone: 'Europe/Berlin',
      hoursTotal: 168,
      hoursUp: 60,
      hoursSaved: 108,
    });
    expectProblem(await app.http('GET', 'schedules/office/preview?from=yesterday'), 'invalid-request', [
      'from',
    ]);
    expectProblem(
      await app.http('GET', 'schedules/office/preview?from=2026-01-01&to=2028-01-01'),
      'invalid-request',
      ['to'],
    );
    expectProblem(await app.http('GET', 'schedules/nothing/preview'), 'not-found');
  });

  it('lists schedules', async () => {
    const response = await app.http('GET', 'schedules');
    expect(
      (response.body as { schedules: { name: string }[] }).schedules.map((schedule) => schedule.name),
    ).toEqual(['office', 'spare']);
  });
});

describe('audit, health and the OpenAPI document', () => {
  it('validates the audit query', async () => {
    expectProblem(await app.http('GET', 'audit?since=yesterday'), 'invalid-request', ['since']);
    expectProblem(await app.http('GET', 'audit?limit=0'), 'invalid-request', ['limit']);
    expect((await app.http('GET', 'audit?since=2026-11-26T00:00:00Z&limit=2')).status).toBe(200);
  });

  it('reports health', async () => {
    expect(await app.http('GET', 'health')).toMatchObject({
      status: 200,
      body: { status: 'ok', storage: 'reachable', dryRun: false },
    });
  });

  it('describes every HTTP route and method in OpenAPI 3.1', async () => {
    const response = await app.http('GET', 'openapi.json');
    expect(response.body).toEqual(OPEN_API_DOCUMENT);
    expect(OPEN_API_DOCUMENT.openapi).toBe('3.1.0');
    const documented = Object.entries(OPEN_API_DOCUMENT.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const served = FUNCTIONS.flatMap((definition) =>
      definition.trigger === 'http'
        ? (definition.options.methods ?? []).flatMap((method) => {
            const route = `/${definition.options.route ?? ''}`.replace(
              '{action:regex(^(start|stop)$)}',
              '{action}',
            );
            return route.includes('{action}')
              ? ['start', 'stop'].map((action) => `${method} ${route.replace('{action}', action)}`)
              : [`${method} ${route}`];
          })
        : [],
    );
    expect(documented.sort()).toEqual(served.sort());
  });
});
