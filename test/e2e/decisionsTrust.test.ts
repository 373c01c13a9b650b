import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useServices } from '../../shared/compositionRoot.js';
import { startApp, SUBSCRIPTION, type AppHarness } from '../helpers/appHarness.js';
import { appServicePrincipal } from '../helpers/appServicePrincipal.js';
import { poolId, registerCatalog } from '../helpers/catalogRows.js';

// Issue 10, as a new user tried it (docs/decisions.md follows these tests).
// Thursday 2026-11-26 11:00 in Berlin: the office schedule says running.
let app: AppHarness;

beforeAll(async () => {
  app = await startApp(
    { OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0', WEBSITE_AUTH_ENABLED: 'true' },
    {},
    '2026-11-26T10:00:00Z',
  );
  app.arm.state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg',
    name: 'dev',
    pools: [
      { name: 'system', mode: 'System' },
      { name: 'build' },
      { name: 'web' },
      { name: 'batch' },
      { name: 'notes' },
      { name: 'tokyo' },
    ],
  });
  await registerCatalog(
    app.services.storage,
    { office: { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Europe/Berlin' } },
    {
      'build-agents': { resourceId: poolId(SUBSCRIPTION, 'dev', 'build'), schedule: 'office' },
      web: { resourceId: poolId(SUBSCRIPTION, 'dev', 'web'), schedule: 'office' },
      batch: { resourceId: poolId(SUBSCRIPTION, 'dev', 'batch'), schedule: 'office' },
      notes: { resourceId: poolId(SUBSCRIPTION, 'dev', 'notes'), schedule: 'office' },
      // Typed in the portal: the API refuses to register a System pool on its own (item 8).
      'dev-system-portal': { resourceId: poolId(SUBSCRIPTION, 'dev', 'system'), schedule: 'office' },
    },
  );
  await app.tick();
});
afterAll(async () => app.stop());

const cluster = () => app.arm.state.cluster(SUBSCRIPTION, 'rg', 'dev');
const pool = (name: string) => app.arm.state.pool(cluster(), name);

async function stopByHand(name: string): Promise<void> {
  app.arm.state.changePoolPower(cluster(), pool(name), 'Stopped');
  app.clock.now += 2 * 60_000;
  await app.tick();
  expect(pool(name).powerState).toBe('Stopped');
}

type Answer = {
  decision?: { action: string; reason: string; refused: boolean };
  outcome: { enqueued: boolean; message: string };
  replaced?: { kind: string; reason?: string; createdBy?: string };
  target: { override?: { kind: string; from: string; until: string } };
};

describe('1. start now means now', () => {
  it('starts a pool stopped by hand in office hours: 202, enqueued, and it runs', async () => {
    await stopByHand('build');
    const response = await app.http('POST', 'targets/build-agents/start', {
      body: { duration: 'PT2H' },
      headers: { 'x-ms-client-principal': appServicePrincipal('alice@example.com', ['OffHours.Operator']) },
    });
    expect(response.status).toBe(202);
    const answer = response.body as Answer;
    expect(answer.decision).toMatchObject({ action: 'start' });
    expect(answer.outcome.enqueued).toBe(true);
    expect(await app.drain()).toEqual([]);
    expect(pool('build').provisioningState).toBe('Starting');
  });

  it('answers 200 and says why when nothing will happen: an operation in flight, already running', async () => {
    const inFlight = await app.http('POST', 'targets/build-agents/start', { body: { duration: 'PT1H' } });
    expect(inFlight.status).toBe(200);
    expect((inFlight.body as Answer).outcome).toMatchObject({ enqueued: false });
    expect((inFlight.body as Answer).outcome.message).toMatch(/starting|not finished/);
    app.clock.now += 2 * 60_000;
    await app.tick();
    expect(pool('build').powerState).toBe('Running');
    const already = await app.http('POST', 'targets/build-agents/start', { body: { duration: 'PT1H' } });
    expect(already.status).toBe(200);
    expect((already.body as Answer).outcome).toMatchObject({ enqueued: false });
    expect((already.body as Answer).outcome.message).toMatch(/already running/);
  });

  it('refuses to stop a System pool on its own, and says so', async () => {
    const response = await app.http('POST', 'targets/dev-system-portal/stop', { body: {} });
    expect(response.status).toBe(200);
    const answer = response.body as Answer;
    expect(answer.outcome.enqueued).toBe(false);
    expect(answer.outcome.message).toContain('refused to stop');
    expect(pool('system').powerState).toBe('Running');
  });

  it('keeps the edge rule for the schedule: a pool stopped by hand after the start is not fought', async () => {
    await stopByHand('build');
    app.clock.now += 10 * 60_000;
    await app.tick();
    expect(pool('build').powerState).toBe('Stopped');
  });
});

describe('2. replacing an override names the one replaced', () => {
  it('answers and audits the skip-next-stop that a start replaced, with its reason', async () => {
    const skip = await app.http('POST', 'targets/web/override', {
      body: { kind: 'skip-next-stop', reason: 'release night' },
      headers: { 'x-ms-client-principal': appServicePrincipal('bob@example.com', ['OffHours.Operator']) },
    });
    expect(skip.status).toBe(200);
    expect((skip.body as Answer).replaced).toBeUndefined();
    const start = await app.http('POST', 'targets/web/start', {
      body: { duration: 'PT2H' },
      headers: { 'x-ms-client-principal': appServicePrincipal('alice@example.com', ['OffHours.Operator']) },
    });
    expect((start.body as Answer).replaced).toMatchObject({
      kind: 'skip-next-stop',
      createdBy: 'bob@example.com',
      reason: 'release night',
    });
    const audit = await app.http('GET', 'audit?target=web&limit=1');
    const [entry] = (audit.body as { entries: { action: string; result: string }[] }).entries;
    expect(entry?.action).toBe('override');
    expect(entry?.result).toContain('replaced skip-next-stop by bob@example.com');
    expect(entry?.result).toContain('release night');
  });
});

describe('9. skip overrides have no duration', () => {
  it.each([
    [{ kind: 'skip-next-stop', duration: 'PT1H' }, 'duration'],
    [{ kind: 'skip-next-start', until: '2026-11-27T10:00:00Z' }, 'until'],
  ])('refuses %j with 400 naming the field, and writes nothing', async (body, field) => {
    const before = await app.services.storage.overrides.get('batch');
    const response = await app.http('POST', 'targets/batch/override', { body });
    expect(response.status).toBe(400);
    const problem = response.body as { errors: { field: string; message: string }[] };
    expect(problem.errors.map((error) => error.field)).toEqual([field]);
    expect(problem.errors[0]?.message).toContain('ends by itself');
    expect(await app.services.storage.overrides.get('batch')).toEqual(before);
  });

  it('on a Friday, says which stop is skipped and that the target stays up until Monday', async () => {
    const friday = await startApp({}, {}, '2026-11-27T10:00:00Z');
    try {
      friday.arm.state.addCluster({
        subscriptionId: SUBSCRIPTION,
        resourceGroup: 'rg',
        name: 'dev',
        pools: [{ name: 'user1' }],
      });
      await registerCatalog(
        friday.services.storage,
        { office: { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Europe/Berlin' } },
        { 'dev-user1': { resourceId: poolId(SUBSCRIPTION, 'dev', 'user1'), schedule: 'office' } },
      );
      const response = await friday.http('POST', 'targets/dev-user1/override', {
        body: { kind: 'skip-next-stop' },
      });
      expect(response.status).toBe(200);
      const answer = response.body as Answer & { summary: string };
      expect(answer.target.override).toMatchObject({
        from: '2026-11-27T19:00:00.000Z',
        until: '2026-11-30T07:00:00.000Z',
      });
      expect(answer.summary).toBe(
        'skip-next-stop: the stop at 2026-11-27T19:00:00.000Z (Fri 2026-11-27 20:00 Europe/Berlin) is skipped; the target stays up until the next start at 2026-11-30T07:00:00.000Z (Mon 2026-11-30 08:00 Europe/Berlin)',
      );
    } finally {
      await friday.stop();
      useServices(app.services);
    }
  });
});

describe('7. completions carry the person who asked', () => {
  it('the audit entry of a stop finishing names the person who asked for it', async () => {
    const response = await app.http('POST', 'targets/batch/stop', {
      body: { duration: 'PT1H' },
      headers: { 'x-ms-client-principal': appServicePrincipal('carol@example.com', ['OffHours.Operator']) },
    });
    expect(response.status).toBe(202);
    expect(await app.drain()).toEqual([]);
    app.clock.now += 2 * 60_000;
    await app.tick();
    const audit = await app.http('GET', 'audit?target=batch&limit=3');
    const entries = (audit.body as { entries: { action: string; actor: string; result: string }[] }).entries;
    const completion = entries.find((entry) => entry.result.startsWith('succeeded'));
    expect(completion).toMatchObject({ action: 'stop', actor: 'carol@example.com' });
  });
});

describe('6. nothing the API writes is refused by the reader', () => {
  it('refuses a reason with a newline (400, field reason) and writes nothing', async () => {
    const response = await app.http('POST', 'targets/notes/stop', { body: { reason: 'release\nnight' } });
    expect(response.status).toBe(400);
    expect((response.body as { errors: { field: string }[] }).errors.map((error) => error.field)).toEqual([
      'reason',
    ]);
    expect(await app.services.storage.overrides.etagOf('notes')).toBeUndefined();
  });

  it('refuses a target description with a newline (400, field description) and registers nothing', async () => {
    const response = await app.http('PUT', 'targets/described', {
      body: { resourceId: poolId(SUBSCRIPTION, 'dev', 'described'), schedule: 'office', description: 'a\nb' },
    });
    expect(response.status).toBe(400);
    expect((response.body as { errors: { field: string }[] }).errors.map((error) => error.field)).toEqual([
      'description',
    ]);
    expect(await app.services.storage.targets.get('described')).toBeUndefined();
  });

  it('a row the reader refuses, typed by hand, does not lock the target: it can be replaced and removed', async () => {
    const { rows } = app.services.storage.overrides;
    await rows.insert({
      partitionKey: 'override',
      rowKey: 'notes',
      Kind: 'keep-running',
      Effect: 'running',
      From: '2026-11-26T10:00:00Z',
      Until: '2026-11-26T23:00:00Z',
      CreatedAt: '2026-11-26T10:00:00Z',
      Reason: 'typed\nby hand',
    });
    const replaced = await app.http('POST', 'targets/notes/override', {
      body: { kind: 'keep-running', duration: 'PT1H', reason: 'on one line' },
    });
    expect(replaced.status).toBe(200);
    expect((await app.services.storage.overrides.get('notes'))?.override.reason).toBe('on one line');
    await rows.upsert({
      partitionKey: 'override',
      rowKey: 'notes',
      Kind: 'keep-up',
      Effect: 'running',
      From: '2026-11-26T10:00:00Z',
      Until: '2026-11-26T23:00:00Z',
      CreatedAt: '2026-11-26T10:00:00Z',
    });
    expect((await app.http('DELETE', 'targets/notes/override')).status).toBe(200);
    expect(await app.services.storage.overrides.etagOf('notes')).toBeUndefined();
  });

  it('property: any request the API accepts is read back, unchanged and without a problem', async () => {
    const printable = fc.string({ unit: 'grapheme', maxLength: 40 });
    const request = fc.record(
      {
        kind: fc.constantFrom('keep-running', 'keep-stopped', 'skip-next-stop', 'skip-next-start'),
        minutes: fc.integer({ min: 1, max: 14 * 24 * 60 }),
        reason: fc.oneof(printable, fc.string({ unit: 'binary', maxLength: 1200 })),
        actor: fc.stringMatching(/^[ -~]{0,300}$/),
      },
      { requiredKeys: ['kind', 'minutes'] },
    );
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(request, async ({ kind, minutes, reason, actor }) => {
        const body = {
          kind,
          ...(kind.startsWith('keep-') ? { duration: `PT${minutes}M` } : {}),
          ...(reason !== undefined ? { reason } : {}),
        };
        const response = await app.http('POST', 'targets/notes/override', {
          body,
          headers: actor?.trim()
            ? { 'x-ms-client-principal': appServicePrincipal(actor, ['OffHours.Operator']) }
            : {},
        });
        // A refusal names the reason, the only field random input can get wrong here.
        if (response.status === 400) {
          const { errors } = response.body as { errors: { field: string }[] };
          expect(errors.map((error) => error.field)).toEqual(['reason']);
          return;
        }
        accepted++;
        expect(response.status).toBe(200);
        const loaded = await app.services.storage.overrides.load(app.clock.now);
        expect(loaded.problems).toEqual([]);
        const record = loaded.records.find((candidate) => candidate.targetName === 'notes');
        const shown = (response.body as { target: { override: Record<string, string> } }).target.override;
        expect(record?.override.kind).toBe(kind);
        expect(record?.override.reason).toBe(shown['reason']);
        expect(record?.override.createdBy).toBe(shown['createdBy']);
      }),
      { numRuns: 40 },
    );
    expect(accepted).toBeGreaterThan(10);
  });
});

describe('4. names that differ only in case', () => {
  it('schedule rows differing only in case are both reported, neither is used, and their targets are held', async () => {
    const { rows } = app.services.storage.schedules;
    await rows.insert({ partitionKey: 'schedule', rowKey: 'tokyo-office', Uptime: 'always' });
    await app.services.storage.targets.rows.insert({
      partitionKey: 'target',
      rowKey: 'tokyo-pool',
      ResourceId: poolId(SUBSCRIPTION, 'dev', 'tokyo'),
      Schedule: 'tokyo-office',
    });
    await app.tick();
    await rows.insert({ partitionKey: 'schedule', rowKey: 'Tokyo-Office', Uptime: 'never' });
    app.clock.now += 5 * 60_000;
    await app.tick();
    expect(await app.drain()).toEqual([]);
    expect(pool('tokyo').powerState).toBe('Running');
    expect(pool('tokyo').provisioningState).toBe('Succeeded');
    const target = (await app.http('GET', 'targets/tokyo-pool')).body as { problems: string[] };
    expect(target.problems.join('\n')).toContain('differ only in case');
    const schedules = await app.services.storage.schedules.load();
    expect(schedules.records.map((schedule) => schedule.name)).not.toContain('tokyo-office');
    expect(schedules.problems.map((problem) => problem.rowKey).sort()).toEqual(
      expect.arrayContaining(['Tokyo-Office', 'tokyo-office']),
    );
  });

  it('the API refuses a schedule or a target whose name differs only in case (409), and writes nothing', async () => {
    const schedule = await app.http('PUT', 'schedules/OFFICE', { body: { uptime: 'never' } });
    expect(schedule.status).toBe(409);
    expect((schedule.body as { detail: string }).detail).toContain('"office"');
    expect(await app.services.storage.schedules.get('OFFICE')).toBeUndefined();
    const target = await app.http('PUT', 'targets/WEB', {
      body: { resourceId: poolId(SUBSCRIPTION, 'dev', 'web'), schedule: 'office', enabled: false },
    });
    expect(target.status).toBe(409);
    expect(await app.services.storage.targets.get('WEB')).toBeUndefined();
    expect(((await app.http('GET', 'targets/web')).body as { enabled: boolean }).enabled).toBe(true);
  });
});
