import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, SUBSCRIPTION, type AppHarness } from '../helpers/appHarness.js';
import { poolId, registerCatalog } from '../helpers/catalogRows.js';

// Issue 24, item 5, "quiet otherwise": the page polls a target and its audit trail with
// If-None-Match, and while nothing changed the API answers 304 with no body.
let app: AppHarness;

beforeAll(async () => {
  // Thursday 21:00 in Berlin: the office schedule says stopped.
  app = await startApp({ OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0' }, {}, '2026-11-26T20:00:00Z');
  app.arm.state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg',
    name: 'dev',
    pools: [{ name: 'system', mode: 'System' }, { name: 'user1' }, { name: 'user2' }],
  });
  await registerCatalog(
    app.services.storage,
    { office: { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Europe/Berlin' } },
    {
      'dev-user1': { resourceId: poolId(SUBSCRIPTION, 'dev', 'user1'), schedule: 'office' },
      'dev-user2': { resourceId: poolId(SUBSCRIPTION, 'dev', 'user2'), schedule: 'office' },
    },
  );
  await app.tick();
  await app.drain();
  app.clock.now += 5 * 60_000;
  await app.tick();
});
afterAll(async () => app?.stop());

const get = (path: string, ifNoneMatch?: string) =>
  app.http('GET', path, ifNoneMatch === undefined ? {} : { headers: { 'if-none-match': ifNoneMatch } });

describe('GET /api/targets/{name} with If-None-Match', () => {
  it('has a strong ETag over the answer, apart from the registration’s etag in the body', async () => {
    const read = await get('targets/dev-user1');
    expect(read.status).toBe(200);
    const etag = read.headers['etag'] ?? '';
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(etag).not.toBe((read.body as { etag?: string }).etag);
    expect(read.headers['cache-control']).toBe('private, no-cache');
    // The same answer, the same tag; another target, another tag.
    expect((await get('targets/dev-user1')).headers['etag']).toBe(etag);
    expect((await get('targets/dev-user2')).headers['etag']).not.toBe(etag);
  });

  it('answers 304 without a body to its own ETag, weak or strong, alone, in a list or as *', async () => {
    const etag = (await get('targets/dev-user1')).headers['etag'] ?? '';
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`, `W/"other",${etag}`, '*']) {
      const answer = await get('targets/dev-user1', header);
      expect(answer.status, header).toBe(304);
      expect(answer.body, header).toBeUndefined();
      expect(answer.headers['etag'], header).toBe(etag);
    }
    for (const header of ['"other"', `W/"other", "${etag.slice(2)}`, '']) {
      const answer = await get('targets/dev-user1', header);
      expect(answer.status, header).toBe(200);
      expect(answer.body).toMatchObject({ name: 'dev-user1' });
    }
  });

  it('answers 200 with a new ETag once the target changed: an override, then what the tick observed', async () => {
    const before = await get('targets/dev-user1');
    const etag = before.headers['etag'] ?? '';
    const set = await app.http('POST', 'targets/dev-user1/start', { body: {} });
    expect([200, 202]).toContain(set.status);
    const changed = await get('targets/dev-user1', etag);
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ override: { kind: 'keep-running' } });
    const overridden = changed.headers['etag'] ?? '';
    expect(overridden).not.toBe(etag);
    expect((await get('targets/dev-user1', overridden)).status).toBe(304);
    // The start is carried out, then the next tick observes it running: a change the page must see.
    await app.drain();
    app.clock.now += 5 * 60_000;
    await app.tick();
    const observed = await get('targets/dev-user1', overridden);
    expect(observed.status).toBe(200);
    expect(observed.body).toMatchObject({ observed: 'running' });
    // The other target did not change: still 304 to the tag read before all this.
    const other = (await get('targets/dev-user2')).headers['etag'] ?? '';
    await app.tick();
    expect((await get('targets/dev-user2', other)).status).toBe(304);
  });

  it('answers 404 to a target that is not there, whatever If-None-Match says', async () => {
    expect((await get('targets/nobody', '*')).status).toBe(404);
  });
});

describe('GET /api/audit with If-None-Match', () => {
  it('answers 304 while no entry came, and 200 with the new entry once one did', async () => {
    const path = 'audit?target=dev-user2&limit=50';
    const read = await get(path);
    expect(read.status).toBe(200);
    const etag = read.headers['etag'] ?? '';
    expect((await get(path, etag)).status).toBe(304);
    await app.http('POST', 'targets/dev-user2/override', {
      body: { kind: 'skip-next-stop', reason: 'demo tonight' },
    });
    const changed = await get(path, etag);
    expect(changed.status).toBe(200);
    expect((changed.body as { entries: { reason?: string }[] }).entries[0]?.reason).toContain('demo tonight');
  });
});
