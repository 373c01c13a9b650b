import { afterEach, describe, expect, it } from 'vitest';
import { startApp, SUBSCRIPTION, type AppHarness } from '../helpers/appHarness.js';
import { poolId, registerCatalog } from '../helpers/catalogRows.js';

const FOREIGN = '00000000-0000-0000-0000-00000000f0f0';
const clusterId = (subscription: string, name: string) =>
  `/subscriptions/${subscription}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/${name}`;
const OFFICE = { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Europe/Berlin' };

let app: AppHarness;
afterEach(async () => app.stop());

/** Thursday 19:00 UTC, 20:00 in Berlin: the office schedule says stopped. */
async function officeHours(settings: Record<string, string>): Promise<AppHarness> {
  const harness = await startApp(
    { OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0', ...settings },
    {},
    '2026-11-26T19:00:00Z',
  );
  await registerCatalog(harness.services.storage, { office: OFFICE }, {});
  return harness;
}

async function auditOf(target: string) {
  return (await app.services.storage.audit.query({ targetName: target, limit: 20 })).map((entry) => ({
    action: entry.action,
    actor: entry.actor,
    result: entry.result,
    reason: entry.reason,
  }));
}

describe('allowed scopes', () => {
  it('a cluster in a foreign subscription is not registered, acted on or stopped (issue 12: 201, 202, stopped)', async () => {
    app = await officeHours({ OFFHOURS_ALLOWED_SCOPES: `/subscriptions/${SUBSCRIPTION}` });
    app.arm.state.addCluster({
      subscriptionId: FOREIGN,
      resourceGroup: 'rg',
      name: 'theirs',
      pools: [{ name: 'system', mode: 'System' }],
    });
    const registration = await app.http('PUT', 'targets/theirs', {
      body: { resourceId: clusterId(FOREIGN, 'theirs'), schedule: 'office' },
    });
    expect(registration.status).toBe(400);
    expect(registration.body).toMatchObject({
      errors: [
        { field: 'resourceId', message: expect.stringContaining('outside the scopes the app may act on') },
      ],
    });
    expect(await app.services.storage.targets.get('theirs')).toBeUndefined();

    // A row typed in the portal is not acted on either, whatever it says.
    await registerCatalog(
      app.services.storage,
      {},
      { theirs: { resourceId: clusterId(FOREIGN, 'theirs'), schedule: 'office' } },
    );
    await app.tick();
    expect(await app.drain()).toEqual([]);
    const stop = await app.http('POST', 'targets/theirs/stop', { body: {} });
    expect(stop.status).toBe(409);
    await app.drain();
    expect(app.arm.state.cluster(FOREIGN, 'rg', 'theirs').powerState).toBe('Running');
    expect(app.arm.count('POST', /stop/)).toBe(0);
    const view = await app.http('GET', 'targets/theirs');
    expect(view.body).toMatchObject({
      lastReason: expect.stringMatching(/^refused: .* is outside the scopes/),
    });
    expect(await auditOf('theirs')).toEqual([
      {
        action: 'refused',
        actor: 'function key',
        reason: 'keep-stopped requested',
        result: expect.stringMatching(/^refused: .*OFFHOURS_ALLOWED_SCOPES/),
      },
      {
        action: 'refused',
        actor: 'schedule',
        reason: expect.stringMatching(/^refused: /),
        result: 'refused',
      },
    ]);
  });

  it('a queued change outside the scopes (queued before they were narrowed, or forged) is refused', async () => {
    app = await officeHours({ OFFHOURS_ALLOWED_SCOPES: `/subscriptions/${SUBSCRIPTION}` });
    app.arm.state.addCluster({ subscriptionId: FOREIGN, resourceGroup: 'rg', name: 'theirs', pools: [] });
    const result = await app.services.executor.execute({
      targetName: 'theirs',
      resourceId: clusterId(FOREIGN, 'theirs'),
      action: 'stop',
      transitionKey: 'theirs|stop|1',
      reason: 'forged',
      actor: 'schedule',
      requestedAt: app.clock.now,
    });
    expect(result).toMatchObject({
      result: 'refused',
      message: expect.stringContaining('outside the scopes'),
    });
    expect(app.arm.count('POST', /stop/)).toBe(0);
    expect((await auditOf('theirs'))[0]).toMatchObject({ result: expect.stringMatching(/^refused: /) });
  });

  it('a resource group scope admits that group only', async () => {
    app = await officeHours({ OFFHOURS_ALLOWED_SCOPES: `/subscriptions/${SUBSCRIPTION}/resourceGroups/RG` });
    app.arm.state.addCluster({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: 'rg',
      name: 'dev',
      pools: [{ name: 'user1' }],
    });
    app.arm.state.addCluster({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: 'other',
      name: 'dev',
      pools: [{ name: 'user1' }],
    });
    expect(
      (
        await app.http('PUT', 'targets/ours', {
          body: { resourceId: poolId(SUBSCRIPTION, 'dev', 'user1'), schedule: 'office' },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await app.http('PUT', 'targets/other', {
          body: {
            resourceId: poolId(SUBSCRIPTION, 'dev', 'user1').replace('/rg/', '/other/'),
            schedule: 'office',
          },
        })
      ).status,
    ).toBe(400);
  });
});

describe('the production guard', () => {
  it('never stops a protected resource, whatever a row, a tag or a request says; the refusal is audited once', async () => {
    app = await officeHours({});
    app.arm.state.addCluster({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: 'rg',
      name: 'shop',
      tags: { Environment: 'Prod' },
      pools: [
        { name: 'system', mode: 'System' },
        { name: 'web' },
        { name: 'batch', tags: { 'offhours-schedule': 'office' } },
      ],
    });
    app.arm.state.addCluster({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: 'rg',
      name: 'dev',
      pools: [
        { name: 'system', mode: 'System' },
        { name: 'live', tags: { environment: 'production' } },
      ],
    });
    // Registered through the API: refused, the cluster's tag protects its pools.
    const registration = await app.http('PUT', 'targets/shop-web', {
      body: { resourceId: poolId(SUBSCRIPTION, 'shop', 'web'), schedule: 'office' },
    });
    expect(registration.status).toBe(400);
    expect(registration.body).toMatchObject({
      errors: [
        {
          field: 'resourceId',
          message: expect.stringContaining('carries the protected tag Environment=Prod'),
        },
      ],
    });
    // Rows typed in the portal, and a pool that opts in by tag: decided, but never stopped.
    await registerCatalog(
      app.services.storage,
      {},
      {
        'shop-web': { resourceId: poolId(SUBSCRIPTION, 'shop', 'web'), schedule: 'office' },
        'dev-live': { resourceId: poolId(SUBSCRIPTION, 'dev', 'live'), schedule: 'office' },
      },
    );
    await app.tick();
    await app.tick();
    expect(await app.drain()).toEqual([]);
    expect(app.arm.count('PUT') + app.arm.count('POST', /stop/)).toBe(0);
    for (const name of ['shop-web', 'dev-live', `tag:${SUBSCRIPTION}/rg/shop/batch`]) {
      expect((await app.http('GET', `targets/${encodeURIComponent(name)}`)).body).toMatchObject({
        desired: 'stopped',
        observed: 'running',
        lastReason: expect.stringMatching(/^refused to stop: .* carries the protected tag/),
      });
      const audit = await auditOf(name);
      expect(audit).toEqual([
        {
          action: 'refused',
          actor: 'schedule',
          reason: expect.stringMatching(/^refused to stop: /),
          result: 'refused',
        },
      ]);
    }
    // A request to stop now: refused and audited; nothing written, nothing stopped.
    const stop = await app.http('POST', 'targets/shop-web/stop', { body: { duration: 'PT1H' } });
    expect(stop.status).toBe(409);
    expect(stop.body).toMatchObject({
      detail: expect.stringContaining('carries the protected tag Environment=Prod'),
    });
    expect(await app.services.storage.overrides.get('shop-web')).toBeUndefined();
    expect((await auditOf('shop-web'))[0]).toMatchObject({ action: 'refused', actor: 'function key' });
    // Starting one is allowed: the guard only ever keeps things running.
    // It is running already, so the answer says nothing needs doing (200, not a 409 refusal).
    const start = await app.http('POST', 'targets/shop-web/start', { body: { duration: 'PT1H' } });
    expect(start.status).toBe(200);
    expect(start.body).toMatchObject({ outcome: { enqueued: false } });
    await app.drain();
    expect(app.arm.count('PUT') + app.arm.count('POST', /stop/)).toBe(0);
  });
});

describe('Unicode look-alikes (issue 27)', () => {
  /** U+212A KELVIN SIGN: `toLowerCase()` makes it "k", ARM does not. */
  const LOOK_ALIKE_GROUP = 'rg-dev-to\u212Ayo';
  const clusterIn = (group: string, name: string) =>
    `/subscriptions/${SUBSCRIPTION}/resourceGroups/${group}/providers/Microsoft.ContainerService/managedClusters/${name}`;

  it('a cluster in a look-alike of the allowed resource group is not registered, acted on or stopped (item 3: 201, stopped)', async () => {
    app = await officeHours({
      OFFHOURS_ALLOWED_SCOPES: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-dev-tokyo`,
    });
    app.arm.state.addCluster({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: LOOK_ALIKE_GROUP,
      name: 'theirs',
      pools: [{ name: 'system', mode: 'System' }],
    });
    const registration = await app.http('PUT', 'targets/theirs', {
      body: { resourceId: clusterIn(LOOK_ALIKE_GROUP, 'theirs'), schedule: 'office' },
    });
    expect(registration.status).toBe(400);
    expect(registration.body).toMatchObject({
      errors: [{ field: 'resourceId', message: expect.stringContaining('outside the scopes') }],
    });
    // A row typed in the portal, and a change on the queue: refused too.
    await registerCatalog(
      app.services.storage,
      {},
      { theirs: { resourceId: clusterIn(LOOK_ALIKE_GROUP, 'theirs'), schedule: 'office' } },
    );
    await app.tick();
    await app.drain();
    expect((await app.http('GET', 'targets/theirs')).body).not.toHaveProperty('lastAction');
    const stopNow = await app.http('POST', 'targets/theirs/stop', { body: {} });
    expect(stopNow.status).toBe(409);
    expect(stopNow.body).toMatchObject({ detail: expect.stringContaining('outside the scopes') });
    const queued = await app.services.executor.execute({
      targetName: 'theirs',
      resourceId: clusterIn(LOOK_ALIKE_GROUP, 'theirs'),
      action: 'stop',
      transitionKey: 'theirs|stop|1',
      reason: 'forged',
      actor: 'schedule',
      requestedAt: app.clock.now,
    });
    expect(queued).toMatchObject({
      result: 'refused',
      message: expect.stringContaining('outside the scopes'),
    });
    await app.drain();
    expect(app.arm.count('POST', /stop/)).toBe(0);
    expect(app.arm.state.cluster(SUBSCRIPTION, LOOK_ALIKE_GROUP, 'theirs').powerState).toBe('Running');
  });

  it('a protected tag written with a zero-width space or in full-width letters still protects (item 4)', async () => {
    app = await officeHours({});
    app.arm.state.addCluster({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: 'rg',
      name: 'shop',
      tags: { environment: 'prod\u200B' },
      pools: [{ name: 'system', mode: 'System' }, { name: 'web' }],
    });
    app.arm.state.addCluster({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: 'rg',
      name: 'dev',
      pools: [
        { name: 'system', mode: 'System' },
        { name: 'live', tags: { Environment: 'ｐｒｏｄ' } },
      ],
    });
    for (const [name, resourceId] of [
      ['shop-web', poolId(SUBSCRIPTION, 'shop', 'web')],
      ['dev-live', poolId(SUBSCRIPTION, 'dev', 'live')],
    ] as const) {
      const registration = await app.http('PUT', `targets/${name}`, {
        body: { resourceId, schedule: 'office' },
      });
      expect(registration.status).toBe(400);
      expect(registration.body).toMatchObject({
        errors: [{ field: 'resourceId', message: expect.stringContaining('carries the protected tag') }],
      });
    }
    await registerCatalog(
      app.services.storage,
      {},
      {
        'shop-web': { resourceId: poolId(SUBSCRIPTION, 'shop', 'web'), schedule: 'office' },
        'dev-live': { resourceId: poolId(SUBSCRIPTION, 'dev', 'live'), schedule: 'office' },
      },
    );
    await app.tick();
    await app.drain();
    await app.tick();
    expect(app.arm.count('PUT') + app.arm.count('POST', /stop/)).toBe(0);
    for (const name of ['shop-web', 'dev-live'])
      expect((await app.http('GET', `targets/${name}`)).body).toMatchObject({
        lastReason: expect.stringMatching(/^refused to stop: .* carries the protected tag/),
      });
  });
});

describe('the rate limit on changing routes', () => {
  it('answers 429 with Retry-After once a caller has made too many changes, per caller; reads are not limited', async () => {
    app = await officeHours({ OFFHOURS_CHANGES_PER_MINUTE: '3' });
    const put = (key: string, name: string) =>
      app.http('PUT', `schedules/${name}`, {
        body: { uptime: 'always' },
        headers: { 'x-functions-key': key },
      });
    for (const name of ['a', 'b', 'c']) expect((await put('key-1', name)).status).toBe(201);
    const limited = await put('key-1', 'd');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('20');
    expect(limited.headers['content-type']).toBe('application/problem+json');
    expect(limited.body).toMatchObject({
      status: 429,
      detail: expect.stringContaining('OFFHOURS_CHANGES_PER_MINUTE'),
    });
    expect(await app.services.storage.schedules.get('d')).toBeUndefined();
    expect((await app.http('GET', 'schedules/a', { headers: { 'x-functions-key': 'key-1' } })).status).toBe(
      200,
    );
    expect((await put('key-2', 'd')).status).toBe(201);
    app.clock.now += 20_000;
    expect((await put('key-1', 'e')).status).toBe(201);
  });
});

describe('the rate limit on the anonymous link route (issue 27, item 1)', () => {
  it('brakes a caller who invents a new X-Forwarded-For or function key for every change (nine passed)', async () => {
    app = await officeHours({ OFFHOURS_CHANGES_PER_MINUTE: '3' });
    const statuses: number[] = [];
    for (let index = 1; index <= 9; index += 1) {
      const answer = await app.http('POST', 'notices/dev-a/keep-1h', {
        body: 'token=x',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          // What App Service's front end writes; the client writes the rest.
          'x-client-ip': '192.0.2.10',
          'x-forwarded-for': `203.0.113.${index}`,
          ...(index % 2 === 0 ? { 'x-functions-key': `invented-${index}` } : {}),
        },
      });
      statuses.push(answer.status);
    }
    expect(statuses.filter((status) => status === 429)).toHaveLength(6);
    expect(statuses.slice(0, 3)).not.toContain(429);
    // Another address App Service saw is another caller.
    const other = await app.http('POST', 'notices/dev-a/keep-1h', {
      body: 'token=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-client-ip': '192.0.2.11' },
    });
    expect(other.status).not.toBe(429);
  });
});

describe('lost updates from the page (issue 27, item 7)', () => {
  it('If-None-Match: * sets an override only where none is in effect, else 412 and nothing written', async () => {
    app = await officeHours({});
    app.arm.state.addCluster({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: 'rg',
      name: 'dev',
      pools: [{ name: 'system', mode: 'System' }, { name: 'user1' }],
    });
    await registerCatalog(
      app.services.storage,
      {},
      { 'dev-user1': { resourceId: poolId(SUBSCRIPTION, 'dev', 'user1'), schedule: 'office' } },
    );
    const create = { 'if-none-match': '*' };
    // Nothing in effect: created.
    const first = await app.http('POST', 'targets/dev-user1/override', {
      body: { kind: 'keep-running', duration: 'PT2H', reason: 'bob' },
      headers: create,
    });
    expect(first.status).toBe(200);
    const etag = (await app.services.storage.overrides.get('dev-user1'))?.row?.etag;
    // The page read no override, then Bob's was set: each changing route refuses to replace it.
    for (const [path, body] of [
      ['targets/dev-user1/override', { kind: 'skip-next-stop', reason: 'page' }],
      ['targets/dev-user1/start', { reason: 'page' }],
      ['targets/dev-user1/stop', { reason: 'page' }],
    ] as const) {
      const answer = await app.http('POST', path, { body, headers: create });
      expect(answer.status).toBe(412);
      expect(answer.body).toMatchObject({ detail: expect.stringContaining('has an override now') });
    }
    expect((await app.services.storage.overrides.get('dev-user1'))?.row?.etag).toBe(etag);
    expect((await app.services.storage.overrides.get('dev-user1'))?.override.createdBy).toBe('function key');
    // Once it has run out, If-None-Match: * holds again.
    app.clock.now += 3 * 3_600_000;
    expect(
      (
        await app.http('POST', 'targets/dev-user1/override', {
          body: { kind: 'skip-next-stop' },
          headers: create,
        })
      ).status,
    ).toBe(200);
  });
});

describe('settings that leave a door open', () => {
  it('are warned about in health and in the log', async () => {
    app = await officeHours({});
    const health = await app.http('GET', 'health');
    expect((health.body as { warnings: string[] }).warnings).toEqual([
      expect.stringMatching(/^OFFHOURS_ALLOWED_SCOPES is empty: any resource/),
      expect.stringMatching(/^App Service Authentication is off/),
    ]);
    expect(app.logs).toContainEqual({
      event: 'warning',
      message: expect.stringMatching(/^OFFHOURS_ALLOWED_SCOPES is empty/),
    });
    await app.stop();
    app = await officeHours({
      OFFHOURS_ALLOWED_SCOPES: `/subscriptions/${SUBSCRIPTION}`,
      WEBSITE_AUTH_ENABLED: 'true',
      OFFHOURS_REQUIRE_PRINCIPAL: 'true',
    });
    expect((await app.http('GET', 'health')).body).toMatchObject({ warnings: [] });
  });
});
