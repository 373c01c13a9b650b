import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, SUBSCRIPTION, type AppHarness } from '../helpers/appHarness.js';
import { poolId, registerCatalog } from '../helpers/catalogRows.js';

let app: AppHarness;

beforeAll(async () => {
  app = await startApp({ OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0' }, {}, '2026-11-26T12:00:00Z');
  app.arm.state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg',
    name: 'dev',
    pools: [{ name: 'system', mode: 'System' }, { name: 'user1' }],
  });
  await registerCatalog(
    app.services.storage,
    { office: { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Europe/Berlin' } },
    { 'dev-user1': { resourceId: poolId(SUBSCRIPTION, 'dev', 'user1'), schedule: 'office' } },
  );
  await app.tick();
});
afterAll(async () => app.stop());

/** Everything a request could change: the rows people and the app keep, and the writes Azure saw. */
async function snapshot(): Promise<string> {
  const { storage } = app.services;
  const tables = await Promise.all([
    storage.schedules.rows.list(),
    storage.targets.rows.list(),
    storage.overrides.rows.list(),
    storage.operations.rows.list(),
  ]);
  return JSON.stringify({
    tables,
    writes: app.arm.count('PUT') + app.arm.count('POST', /\/(start|stop|deallocate)$/),
  });
}

const segment = fc.oneof(
  fc.constantFrom(
    'dev-user1',
    'office',
    'prod',
    '..',
    '%',
    '%2F',
    '%E0%A4%A',
    'tag:x/y',
    '',
    ' ',
    'ünïcødé',
    "o'brien",
    "' or 1 eq 1",
  ),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
);
const path = fc.oneof(
  fc.tuple(fc.constantFrom('targets', 'schedules'), segment).map(([root, name]) => `${root}/${name}`),
  fc
    .tuple(segment, fc.constantFrom('override', 'start', 'stop', 'preview', 'frobnicate'))
    .map(([name, action]) => `${action === 'preview' ? 'schedules' : 'targets'}/${name}/${action}`),
  fc
    .tuple(
      fc.constantFrom('audit', 'schedules/office/preview'),
      fc.dictionary(fc.constantFrom('target', 'since', 'limit', 'from', 'to'), fc.string({ maxLength: 30 }), {
        maxKeys: 3,
      }),
    )
    .map(([route, query]) => `${route}?${new URLSearchParams(query).toString()}`),
  fc.constantFrom('targets', 'schedules', 'health', 'openapi.json', 'audit'),
);
const fieldValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    'PT1H',
    'P30D',
    '2026-11-26T22:00:00Z',
    'keep-running',
    'skip-next-stop',
    'Mon-Fri 08:00-20:00 UTC',
    'JST',
  ),
  fc.jsonValue({ maxDepth: 2 }),
);
const body = fc.oneof(
  fc
    .dictionary(
      fc.constantFrom(
        'kind',
        'until',
        'duration',
        'reason',
        'uptime',
        'downtime',
        'timeZone',
        'holidays',
        'enforce',
        'description',
        'extra',
      ),
      fieldValue,
      { maxKeys: 4 },
    )
    .map((value) => JSON.stringify(value)),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 60 }),
  // The same key twice: JSON.parse would keep the last without a word.
  fc
    .tuple(fc.constantFrom('uptime', 'kind', 'enforce', 'resourceId'), fieldValue, fieldValue)
    .map(([key, first, second]) => `{"${key}":${JSON.stringify(first)},"${key}":${JSON.stringify(second)}}`),
);
const headers = fc.dictionary(
  fc.constantFrom(
    'if-match',
    'if-none-match',
    'x-ms-client-principal',
    'x-ms-client-principal-name',
    'content-type',
  ),
  fc.oneof(
    fc.constant('*'),
    fc.constantFrom('text/plain', 'application/json; charset=utf-8', 'application/x-www-form-urlencoded'),
    fc.string({ maxLength: 30 }),
  ),
  { maxKeys: 3 },
);

describe('HTTP fuzzing', () => {
  it('never answers 5xx, and a 4xx changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
        path,
        body,
        headers,
        async (method, route, text, extra) => {
          const before = await snapshot();
          const response = await app.http(method, route, { body: text, headers: extra });
          expect(response.status, `${method} ${route} ${text}`).toBeLessThan(500);
          if (response.status >= 400) {
            expect(await snapshot(), `${method} ${route} ${text} → ${response.status}`).toBe(before);
            if (response.status !== 404 && response.status !== 405)
              expect((response.body as { detail?: string }).detail).toBeTruthy();
          }
        },
      ),
      { numRuns: 300 },
    );
  }, 120_000);
});
