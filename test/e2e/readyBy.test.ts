import { afterEach, describe, expect, it } from 'vitest';
import { startApp, SUBSCRIPTION, type AppHarness } from '../helpers/appHarness.js';
import { appServicePrincipal } from '../helpers/appServicePrincipal.js';
import { poolId, registerCatalog } from '../helpers/catalogRows.js';

const MINUTE = 60_000;
let app: AppHarness | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

/**
 * Friday 2026-11-27, 06:30 in Berlin (UTC+1): the office schedule is up from 08:00. The pool was
 * stopped the evening before; each of its starts takes 10 minutes on the fake ARM.
 */
async function officeMorning(settings: Record<string, string> = {}, startLead?: string): Promise<AppHarness> {
  const harness = await startApp(
    { OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0', WEBSITE_AUTH_ENABLED: 'true', ...settings },
    { operationDurationMs: 10 * MINUTE },
    '2026-11-26T19:00:00Z',
  );
  harness.arm.state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg',
    name: 'dev',
    pools: [{ name: 'system', mode: 'System' }, { name: 'user1' }],
  });
  await registerCatalog(
    harness.services.storage,
    {
      office: {
        uptime: 'Mon-Fri 08:00-20:00',
        timeZone: 'Europe/Berlin',
        ...(startLead !== undefined ? { startLead } : {}),
      },
    },
    { 'dev-user1': { resourceId: poolId(SUBSCRIPTION, 'dev', 'user1'), schedule: 'office' } },
  );
  await harness.tick();
  await harness.drain();
  harness.clock.now += 5 * MINUTE;
  await harness.tick();
  harness.clock.now += 15 * MINUTE;
  await harness.tick();
  expect(pool(harness).powerState).toBe('Stopped');
  harness.clock.now = Date.parse('2026-11-27T06:30:00+01:00');
  return harness;
}

function pool(harness: AppHarness) {
  return harness.arm.state.pool(harness.arm.state.cluster(SUBSCRIPTION, 'rg', 'dev'), 'user1');
}

/** Ticks every five minutes until `until` (inclusive), delivering what each enqueues. */
async function tickUntil(harness: AppHarness, until: string): Promise<void> {
  const end = Date.parse(until);
  while (harness.clock.now <= end) {
    await harness.tick();
    await harness.drain();
    if (harness.clock.now + 5 * MINUTE > end) break;
    harness.clock.now += 5 * MINUTE;
  }
}

describe('ready by the up time', () => {
  it('begins the 08:00 start early enough that the pool is Running and Succeeded at 08:00', async () => {
    app = await officeMorning();
    await tickUntil(app, '2026-11-27T08:00:00+01:00');
    expect(`${pool(app).powerState}/${pool(app).provisioningState}`).toBe('Running/Succeeded');
    const started = app.logs.find((line) => line['event'] === 'decision' && line['action'] === 'start');
    expect(started?.['reason']).toContain(
      'starting 07:45 to be ready by 08:00 (Europe/Berlin): no completed start yet, so the default of 15 min',
    );
  });

  it('with start leads off (OFFHOURS_MAX_START_LEAD_MINUTES 0) the start waits for 08:00', async () => {
    app = await officeMorning({ OFFHOURS_MAX_START_LEAD_MINUTES: '0' });
    await tickUntil(app, '2026-11-27T08:00:00+01:00');
    // AKS shows Running as soon as a start is accepted; the pool is ready when provisioning has Succeeded.
    expect(`${pool(app).powerState}/${pool(app).provisioningState}`).not.toBe('Running/Succeeded');
  });

  it('a schedule with StartLead off starts at 08:00; one with StartLead 30m at 07:30', async () => {
    app = await officeMorning({}, 'off');
    await tickUntil(app, '2026-11-27T07:55:00+01:00');
    expect(app.logs.some((line) => line['event'] === 'decision' && line['action'] === 'start')).toBe(false);
    await app.stop();
    app = await officeMorning({}, '30m');
    await tickUntil(app, '2026-11-27T07:30:00+01:00');
    const started = app.logs.find((line) => line['event'] === 'decision' && line['action'] === 'start');
    expect(started?.['reason']).toContain(
      "starting 07:30 to be ready by 08:00 (Europe/Berlin): the schedule's StartLead is 30m",
    );
  });

  it('learns the start duration from the Operations table and shows the next planned start in the target API', async () => {
    app = await officeMorning();
    await tickUntil(app, '2026-11-27T08:05:00+01:00');
    const state = (await app.services.storage.state.load()).get('dev-user1');
    // Begun at 07:45, seen Succeeded by the 07:55 tick, on a pool of 3 Standard_D4s_v5.
    expect(state?.startHistory).toEqual({
      samples: [{ ms: 10 * MINUTE }],
      marginMs: 0,
      shape: 'standard_d4s_v5x3',
    });
    const operator = {
      'x-ms-client-principal': appServicePrincipal('ops@example.com', ['OffHours.Operator']),
    };
    const response = await app.http('GET', 'targets/dev-user1', { headers: operator });
    expect(response.status).toBe(200);
    expect((response.body as { plannedStart?: unknown }).plannedStart).toEqual({
      readyBy: '2026-11-30T07:00:00.000Z',
      startAt: '2026-11-30T06:45:00.000Z',
      leadMinutes: 15,
      keptUp: false,
      reason:
        'starting 07:45 to be ready by 08:00 (Europe/Berlin): the 95 % bound of the last 1 start is 11 min, but with fewer than 5 starts the default of 15 min is kept',
    });
  });

  it('remembers a start that failed as at least its time, and says so in the next planned start', async () => {
    app = await officeMorning();
    app.arm.state.failNextOperation(/agentPools\/user1$/i, {
      code: 'OverconstrainedAllocationRequest',
      message: 'Allocation failed. The requested VM size is not available in the current region.',
    });
    await tickUntil(app, '2026-11-27T07:55:00+01:00');
    const state = (await app.services.storage.state.load()).get('dev-user1');
    // Begun at 07:45, seen Failed by the 07:55 tick: it had not finished after 10 minutes.
    expect(state?.startHistory?.samples).toEqual([{ ms: 10 * MINUTE, atLeast: true }]);
    const rows = await app.services.storage.state.rows.list({ partitionKey: 'state' });
    expect(rows[0]?.['StartDurations']).toBe('600+');
    const operator = {
      'x-ms-client-principal': appServicePrincipal('ops@example.com', ['OffHours.Operator']),
    };
    const response = await app.http('GET', 'targets/dev-user1', { headers: operator });
    expect((response.body as { plannedStart?: { reason: string } }).plannedStart?.reason).toBe(
      'starting 07:45 to be ready by 08:00 (Europe/Berlin): the 95 % bound of the last 1 start is 11 min (1 failed or timed out, counted as at least their time), but with fewer than 5 starts the default of 15 min is kept',
    );
  });

  it('forgets the starts it learned when the pool is resized, so the next lead is the default again', async () => {
    app = await officeMorning();
    await tickUntil(app, '2026-11-27T08:05:00+01:00');
    expect((await app.services.storage.state.load()).get('dev-user1')?.startHistory?.samples).toHaveLength(1);
    // Someone scales the running pool from 3 to 6 nodes.
    pool(app).count = 6;
    app.clock.now += 5 * MINUTE;
    await app.tick();
    const state = (await app.services.storage.state.load()).get('dev-user1');
    expect(state?.startHistory).toEqual({ samples: [], marginMs: 0, shape: 'standard_d4s_v5x6' });
    const operator = {
      'x-ms-client-principal': appServicePrincipal('ops@example.com', ['OffHours.Operator']),
    };
    const response = await app.http('GET', 'targets/dev-user1', { headers: operator });
    expect((response.body as { plannedStart?: { reason: string } }).plannedStart?.reason).toBe(
      'starting 07:45 to be ready by 08:00 (Europe/Berlin): no completed start yet, so the default of 15 min',
    );
  });

  it('writes StartLead from the API as the reader reads it, refuses a bad one by field, and previews the planned starts', async () => {
    app = await officeMorning();
    const operator = {
      'x-ms-client-principal': appServicePrincipal('ops@example.com', ['OffHours.Operator']),
    };
    const read = await app.http('GET', 'schedules/office', { headers: operator });
    const bad = await app.http('PUT', 'schedules/office', {
      headers: { ...operator, 'if-match': read.headers['etag'] ?? '' },
      body: { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Europe/Berlin', startLead: 'soon' },
    });
    expect(bad.status).toBe(400);
    expect((bad.body as { errors: { field: string; value: unknown }[] }).errors).toEqual([
      expect.objectContaining({ field: 'startLead', value: 'soon' }),
    ]);
    const good = await app.http('PUT', 'schedules/office', {
      headers: { ...operator, 'if-match': read.headers['etag'] ?? '' },
      body: { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Europe/Berlin', startLead: '20m' },
    });
    expect(good.status).toBe(200);
    const loaded = await app.services.storage.schedules.load();
    expect(loaded.problems).toEqual([]);
    expect(loaded.records[0]?.schedule.startLead).toEqual({ kind: 'fixed', ms: 20 * MINUTE });
    expect((await app.http('GET', 'schedules/office', { headers: operator })).body).toMatchObject({
      startLead: '20m',
    });
    const preview = await app.http('GET', 'schedules/office/preview?from=2026-11-30&to=2026-12-01', {
      headers: operator,
    });
    expect((preview.body as { plannedStarts: unknown[] }).plannedStarts).toEqual([
      {
        readyBy: '2026-11-30T07:00:00.000Z',
        startAt: '2026-11-30T06:40:00.000Z',
        leadMinutes: 20,
        keptUp: false,
        reason: "starting 07:40 to be ready by 08:00 (Europe/Berlin): the schedule's StartLead is 20m",
      },
    ]);
  });
});
