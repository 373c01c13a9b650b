import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, SUBSCRIPTION, type AppHarness } from '../helpers/appHarness.js';
import { poolId, registerCatalog } from '../helpers/catalogRows.js';

// Issue 24, item 1: what an action would do is answered by the same rules and code as doing it.
let app: AppHarness;

/** The whole app at `start`, with two pools on an office (Mon-Fri, German holidays) and a Mon-Sat schedule, seen by one tick. */
async function startWorld(start: string): Promise<AppHarness> {
  const world = await startApp({ OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0' }, {}, start);
  world.arm.state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg',
    name: 'dev',
    pools: [{ name: 'system', mode: 'System' }, { name: 'office' }, { name: 'monsat' }],
  });
  await registerCatalog(
    world.services.storage,
    {
      office: { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Europe/Berlin', holidays: 'DE' },
      monsat: { uptime: 'Mon-Sat 08:00-20:00', timeZone: 'Europe/Berlin' },
    },
    {
      office: { resourceId: poolId(SUBSCRIPTION, 'dev', 'office'), schedule: 'office' },
      monsat: { resourceId: poolId(SUBSCRIPTION, 'dev', 'monsat'), schedule: 'monsat' },
    },
  );
  await world.tick();
  return world;
}

interface Preview {
  words: string;
  changeWords: string;
  change: string;
  override?: { kind: string; effect: string; from: string; until: string };
  skipped?: { at: string; hours: number; tonight: boolean; label: string; words: string };
  warnings: { code: string; words: string }[];
  keepRunning?: { suggested: { until: string }; choices: { label: string; until: string }[] };
}

interface Answer {
  words?: string;
  decision?: { action: string };
  outcome: { enqueued: boolean };
  target: { override?: { kind: string; effect: string; from: string; until: string } };
}

const week = (from: string) => fc.integer({ min: Date.parse(from), max: Date.parse(from) + 7 * 86_400_000 });
/** Weeks with a DST change each way, Christmas holidays, and an ordinary week (Berlin). */
const instants = fc.oneof(
  week('2026-10-21T00:00:00Z'),
  week('2026-12-20T00:00:00Z'),
  week('2027-03-24T00:00:00Z'),
  week('2026-11-30T00:00:00Z'),
);
const actions = fc.constantFrom(
  'start',
  'stop',
  'keep-running',
  'keep-stopped',
  'skip-next-stop',
  'skip-next-start',
  'remove',
);
const existing = fc.option(
  fc.record({
    kind: fc.constantFrom('keep-running', 'keep-stopped', 'skip-next-stop', 'skip-next-start'),
    minutes: fc.integer({ min: 30, max: 3 * 24 * 60 }),
  }),
);

async function clearOverride(name: string): Promise<void> {
  const etag = await app.services.storage.overrides.etagOf(name);
  if (etag) await app.services.storage.overrides.delete(name, etag);
}

/** The request that does what the preview previewed. */
function act(name: string, action: string, until: string | undefined) {
  const body = until ? { until } : {};
  if (action === 'start' || action === 'stop') return app.http('POST', `targets/${name}/${action}`, { body });
  if (action === 'remove') return app.http('DELETE', `targets/${name}/override`);
  return app.http('POST', `targets/${name}/override`, { body: { kind: action, ...body } });
}

/** Previews the action, does it, and checks that what was done is what the preview said. */
async function checkPreviewAgainstAction(
  now: number,
  name: string,
  action: string,
  minutes: number | null,
  before: { kind: string; minutes: number } | null,
): Promise<void> {
  app.clock.now = now;
  if (before) {
    const body = before.kind.startsWith('keep-')
      ? { until: new Date(now + before.minutes * 60_000).toISOString() }
      : {};
    const set = await app.http('POST', `targets/${name}/override`, {
      body: { kind: before.kind, ...body },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
  }
  const holds = action !== 'remove' && !action.startsWith('skip-');
  const until = holds && minutes !== null ? new Date(now + minutes * 60_000).toISOString() : undefined;
  const query = `action=${action}${until ? `&until=${encodeURIComponent(until)}` : ''}`;
  const previewed = await app.http('GET', `targets/${name}/preview?${query}`);
  if (action === 'keep-stopped' && !until) {
    expect(previewed.status).toBe(400);
    expect((await act(name, action, until)).status).toBe(400);
    return;
  }
  if (action === 'remove' && !before) {
    expect(previewed.status).toBe(404);
    expect((await act(name, action, until)).status).toBe(404);
    return;
  }
  expect(previewed.status, JSON.stringify(previewed.body)).toBe(200);
  const preview = previewed.body as Preview;
  // Keep running without an end previews the suggested one: confirming sends it.
  const sent = action === 'keep-running' && !until ? preview.keepRunning?.suggested.until : until;
  const done = await act(name, action, sent);
  expect(done.status).toBeLessThan(300);
  const answer = done.body as Answer;
  expect(preview.change).toBe(answer.decision?.action ?? 'none');
  if (action === 'remove') {
    expect(answer.target.override).toBeUndefined();
    return;
  }
  expect(answer.target.override).toMatchObject(preview.override ?? {});
  expect(preview.words).toBe(`${answer.words} ${preview.changeWords}`);
  // People's words: no ISO 8601 time, no internal names.
  expect(preview.words).not.toMatch(/\d{4}-\d{2}-\d{2}|T\d{2}:\d{2}|keep-running|keep-stopped|desired/);
}

describe('GET /api/targets/{name}/preview', () => {
  it('property: over weeks with DST changes and holidays, with and without an override, the preview is what the action then does', async () => {
    await fc.assert(
      fc.asyncProperty(
        instants,
        fc.constantFrom('office', 'monsat'),
        actions,
        fc.option(fc.integer({ min: 15, max: 5 * 24 * 60 })),
        existing,
        async (now, name, action, minutes, before) => {
          // A world of its own per instant: the clock only moves forward, as it does in Azure.
          app = await startWorld(new Date(now - 10 * 60_000).toISOString());
          try {
            await checkPreviewAgainstAction(now, name, action, minutes, before);
          } finally {
            await app.stop();
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 240_000);
});

describe('GET /api/targets/{name}/preview, at given instants', () => {
  beforeAll(async () => {
    app = await startWorld('2026-12-03T10:00:00Z');
  });
  afterAll(async () => app.stop());

  it('on a Saturday, says there is no stop tonight, which stop it skips instead, and how long the target stays up', async () => {
    app.clock.now = Date.parse('2026-12-05T10:00:00Z');
    await clearOverride('office');
    const response = await app.http('GET', 'targets/office/preview?action=skip-next-stop');
    expect(response.status).toBe(200);
    const preview = response.body as Preview;
    expect(preview.skipped).toMatchObject({ at: '2026-12-07T19:00:00.000Z', tonight: false, hours: 36 });
    expect(preview.warnings.map((warning) => warning.code)).toEqual(['no-stop-tonight', 'long']);
    expect(preview.words).toContain(
      'There is no scheduled stop this evening; the next one is skipped instead. Skip Monday’s 20:00 stop: up until Tuesday 08:00, 12 h longer. From now office stays stopped until Monday 08:00 (45 h), then it is started. That keeps it up 36 h in a row, more than a day.',
    );
    expect(preview.skipped?.label).toBe('Skip Monday’s 20:00 stop');
  });

  it('on a Mon-Sat schedule, a Saturday skip says the pool stays up 52 h', async () => {
    app.clock.now = Date.parse('2026-12-05T15:00:00Z');
    await clearOverride('monsat');
    const preview = (await app.http('GET', 'targets/monsat/preview?action=skip-next-stop')).body as Preview;
    expect(preview.skipped).toMatchObject({ at: '2026-12-05T19:00:00.000Z', tonight: true, hours: 52 });
    expect(preview.words).toContain(
      'Skip tonight’s 20:00 stop: up until Monday 08:00, 36 h longer. From now monsat runs until Monday 20:00 (52 h), then it is stopped. That keeps it up 52 h in a row, more than a day.',
    );
  });

  it('start now on a Saturday says what the API then does: up until Saturday 20:00 on a Mon-Sat schedule', async () => {
    app.clock.now = Date.parse('2026-12-05T10:00:00Z');
    await clearOverride('monsat');
    await app.http('POST', 'targets/monsat/override', { body: { kind: 'skip-next-stop' } });
    const preview = (await app.http('GET', 'targets/monsat/preview?action=start')).body as Preview;
    expect(preview.override?.until).toBe('2026-12-05T19:00:00.000Z');
    expect(preview.words).toContain('Start monsat now and keep it running until today 20:00.');
    expect(preview.warnings.map((warning) => warning.code)).toContain('shortens-override');
    const answer = (await app.http('POST', 'targets/monsat/start', { body: {} })).body as Answer;
    expect(answer.target.override?.until).toBe('2026-12-05T19:00:00.000Z');
  });

  it('keep running until: suggests the stop plus 2 h (22:00 here) and offers +1 h, +2 h, until 22:00 and the next up time', async () => {
    app.clock.now = Date.parse('2026-12-03T10:00:00Z');
    await clearOverride('office');
    const preview = (await app.http('GET', 'targets/office/preview?action=keep-running')).body as Preview;
    expect(preview.keepRunning?.suggested.until).toBe('2026-12-03T21:00:00.000Z');
    expect(preview.keepRunning?.choices.map(({ label, until }) => [label, until])).toEqual([
      ['+1 h', '2026-12-03T20:00:00.000Z'],
      ['+2 h', '2026-12-03T21:00:00.000Z'],
      ['until 22:00', '2026-12-03T21:00:00.000Z'],
      ['until the next up time', '2026-12-04T07:00:00.000Z'],
    ]);
    const nothing = (
      await app.http('GET', 'targets/office/preview?action=keep-running&until=2026-12-03T12:00:00Z')
    ).body as Preview;
    expect(nothing.warnings.map((warning) => warning.code)).toEqual(['changes-nothing']);
  });

  it('refuses an unknown action with 400 naming the field, and changes nothing', async () => {
    const before = await app.services.storage.overrides.get('office');
    const response = await app.http('GET', 'targets/office/preview?action=reboot');
    expect(response.status).toBe(400);
    const problem = response.body as { errors: { field: string; message: string }[] };
    expect(problem.errors[0]).toMatchObject({ field: 'action' });
    expect(problem.errors[0]?.message).toContain('start, stop, keep-running');
    expect(await app.services.storage.overrides.get('office')).toEqual(before);
  });
});
