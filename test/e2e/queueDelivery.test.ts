import { afterEach, describe, expect, it } from 'vitest';
import { definition as execute } from '../../functions/execute.js';
import { definition as poisonActions } from '../../functions/poisonActions.js';
import type { ChangeRequest } from '../../shared/app/operations/ChangeRequest.js';
import { startApp, SUBSCRIPTION, type AppHarness } from '../helpers/appHarness.js';
import { appServicePrincipal } from '../helpers/appServicePrincipal.js';
import { poolId, registerCatalog } from '../helpers/catalogRows.js';
import { changesOfMessage } from '../helpers/changesOfMessage.js';
import { functionContext } from '../helpers/functionContext.js';

const MINUTE = 60_000;
let app: AppHarness;
afterEach(async () => app.stop());

const pool = () => app.arm.state.pool(app.arm.state.cluster(SUBSCRIPTION, 'rg', 'dev'), 'user1');

/** Berlin office hours; the app starts at 19:50 UTC on a Thursday (20:50 in Berlin: should be down). */
async function officeApp(
  settings: Record<string, string> = {},
  start = '2026-11-26T18:50:00Z',
): Promise<AppHarness> {
  const harness = await startApp({ OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0', ...settings }, {}, start);
  harness.arm.state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg',
    name: 'dev',
    pools: [{ name: 'system', mode: 'System' }, { name: 'user1' }],
  });
  await registerCatalog(
    harness.services.storage,
    { office: { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Europe/Berlin' } },
    { 'dev-user1': { resourceId: poolId(SUBSCRIPTION, 'dev', 'user1'), schedule: 'office' } },
  );
  await harness.tick();
  return harness;
}

async function takeMessages(): Promise<ChangeRequest[]> {
  const { receivedMessageItems } = await app.queue.receiveMessages({ numberOfMessages: 32 });
  for (const message of receivedMessageItems)
    await app.queue.deleteMessage(message.messageId, message.popReceipt);
  return receivedMessageItems.flatMap((message) => changesOfMessage(message.messageText));
}

describe('queue delivery', () => {
  it('a redelivered message never begins a second operation', async () => {
    app = await officeApp();
    app.clock.now = Date.parse('2026-11-26T19:00:00Z');
    await app.tick();
    const [stop] = await takeMessages();
    expect(stop).toMatchObject({
      action: 'stop',
      targetName: 'dev-user1',
      actor: 'schedule',
      scaleBeforeStop: { count: 3, enableAutoScaling: false },
    });
    await execute.options.handler(stop, functionContext('execute'));
    await execute.options.handler(stop, functionContext('execute', 2));
    expect(app.arm.count('PUT')).toBe(1);
    expect((await app.services.storage.audit.query({ targetName: 'dev-user1', limit: 1 }))[0]?.result).toBe(
      'begun: stop begun',
    );
  });

  it('an older message delivered after a newer one is dropped as stale', async () => {
    app = await officeApp();
    const older: ChangeRequest = {
      targetName: 'dev-user1',
      resourceId: poolId(SUBSCRIPTION, 'dev', 'user1'),
      action: 'stop',
      transitionKey: 'dev-user1|stop|old',
      reason: 'schedule',
      actor: 'schedule',
      requestedAt: Date.parse('2026-11-26T18:55:00Z'),
    };
    const newer: ChangeRequest = {
      ...older,
      action: 'start',
      transitionKey: 'dev-user1|start|new',
      actor: 'alice',
      requestedAt: Date.parse('2026-11-26T18:56:00Z'),
    };
    await execute.options.handler(newer, functionContext('execute'));
    await execute.options.handler(older, functionContext('execute'));
    expect(app.arm.count('PUT')).toBe(1);
    expect(pool().powerState).toBe('Running');
    expect(
      (await app.services.storage.audit.query({ targetName: 'dev-user1', limit: 1 }))[0]?.result,
    ).toMatch(/^stale: a newer change \(start decided at 2026-11-26T18:56:00.000Z\) was already carried out/);
  });

  it('a person overriding right after the tick decided a stop: the queued stop is dropped, nothing stops', async () => {
    app = await officeApp({ WEBSITE_AUTH_ENABLED: 'true' });
    app.clock.now = Date.parse('2026-11-26T19:00:00Z');
    await app.tick();
    app.clock.now += 60_000;
    const response = await app.http('POST', 'targets/dev-user1/override', {
      body: { kind: 'keep-running', until: '2026-11-26T21:00:00Z' },
      headers: { 'x-ms-client-principal': appServicePrincipal('erin@example.com', ['OffHours.Operator']) },
    });
    expect(response.body).toMatchObject({ decision: { action: 'none', desired: 'running' } });
    expect(await app.drain()).toEqual([]);
    expect(app.arm.count('PUT')).toBe(0);
    expect(pool().powerState).toBe('Running');
    expect((await app.services.storage.audit.query({ targetName: 'dev-user1', limit: 1 }))[0]?.result).toBe(
      'superseded: keep-running by erin@example.com, set after this stop was decided, says running; the stop is dropped',
    );
    app.clock.now = Date.parse('2026-11-26T21:00:00Z');
    await app.tick();
    expect((await takeMessages()).map((message) => message.action)).toEqual(['stop']);
  });

  it('a tick while the operation is in flight waits and enqueues nothing', async () => {
    app = await officeApp();
    app.clock.now = Date.parse('2026-11-26T19:00:00Z');
    await app.tick();
    await app.drain();
    app.clock.now += 30_000;
    await app.tick();
    expect(await takeMessages()).toEqual([]);
    expect(app.logs.filter((line) => line['event'] === 'decision').at(-1)).toMatchObject({
      action: 'none',
      observed: 'stopping',
      reason: 'waiting: the stop begun at 2026-11-26T19:00:00.000Z is not finished (observed stopping)',
    });
    app.clock.now += 2 * MINUTE;
    await app.tick();
    expect(pool()).toMatchObject({ powerState: 'Stopped', provisioningState: 'Succeeded' });
    expect((await app.http('GET', 'targets/dev-user1')).body).toMatchObject({
      desired: 'stopped',
      observed: 'stopped',
    });
  });

  it('an override that expires between ticks ends with a transition, and its row is removed', async () => {
    app = await officeApp();
    const response = await app.http('POST', 'targets/dev-user1/override', {
      body: { kind: 'keep-running', until: '2026-11-26T19:30:00Z' },
    });
    expect(response.status).toBe(200);
    app.clock.now = Date.parse('2026-11-26T19:05:00Z');
    await app.tick();
    expect(await takeMessages()).toEqual([]);
    app.clock.now = Date.parse('2026-11-26T19:35:00Z');
    await app.tick();
    expect((await takeMessages()).map((message) => [message.action, message.actor])).toEqual([
      ['stop', 'schedule'],
    ]);
    expect(await app.services.storage.overrides.get('dev-user1')).toBeUndefined();
  });

  it('a past-due timer catches up what it missed, once', async () => {
    app = await officeApp({}, '2026-11-26T18:00:00Z');
    app.clock.now = Date.parse('2026-11-26T22:00:00Z');
    await app.tick(true);
    expect((await takeMessages()).map((message) => message.action)).toEqual(['stop']);
    expect(app.logs.some((line) => line['event'] === 'tick-past-due')).toBe(true);
    app.clock.now += 5 * MINUTE;
    await app.tick(true);
    expect(await takeMessages()).toEqual([]);
  });

  it('a message that keeps failing ends in the poison queue and the audit trail', async () => {
    app = await officeApp();
    app.arm.injectFault({
      method: 'PUT',
      path: /agentPools\/user1$/,
      status: 503,
      code: 'ServiceUnavailable',
      times: 100,
    });
    app.clock.now = Date.parse('2026-11-26T19:00:00Z');
    await app.tick();
    const [stop] = await takeMessages();
    for (let delivery = 1; delivery <= 5; delivery++)
      await expect(execute.options.handler(stop, functionContext('execute', delivery))).rejects.toThrow(
        'the message will be delivered again',
      );
    await poisonActions.options.handler(stop, functionContext('poisonActions', 5));
    const [latest] = await app.services.storage.audit.query({ targetName: 'dev-user1', limit: 1 });
    expect(latest).toMatchObject({
      action: 'stop',
      actor: 'schedule',
      result: "poison: gave up after 5 deliveries; see the execute function's log for each failure",
    });
    expect(app.arm.state.operations.size).toBe(0);
  });

  it('a malformed message is recorded and dropped, not retried', async () => {
    app = await officeApp();
    await execute.options.handler({ targetName: 'dev-user1', action: 'explode' }, functionContext('execute'));
    const [latest] = await app.services.storage.audit.query({ limit: 1 });
    expect(latest?.action).toBe('invalid-message');
    expect(latest?.result).toMatch(/^dropped: resourceId: /);
  });

  it('in dry-run mode decides and records, but never calls a mutating Azure API', async () => {
    app = await officeApp({ OFFHOURS_DRY_RUN: 'true' });
    app.clock.now = Date.parse('2026-11-26T19:00:00Z');
    await app.tick();
    expect(await app.drain()).toEqual([]);
    expect(app.arm.count('PUT') + app.arm.count('POST', /stop|start|deallocate/)).toBe(0);
    expect(
      (await app.services.storage.audit.query({ targetName: 'dev-user1', limit: 1 }))[0]?.result,
    ).toMatch(/^dry-run: dry run: would stop/);
  });
});

describe('callers', () => {
  const body = { kind: 'keep-running', duration: 'PT1H' };
  const override = (headers: Record<string, string> = {}) =>
    app.http('POST', 'targets/dev-user1/override', { body, headers });

  it('needs a principal for changes when required, and only operators may make them', async () => {
    app = await officeApp({
      OFFHOURS_REQUIRE_PRINCIPAL: 'true',
      OFFHOURS_OPERATORS: 'alice@example.com',
      WEBSITE_AUTH_ENABLED: 'true',
    });
    expect((await override()).status).toBe(401);
    expect((await override({ 'x-ms-client-principal': 'not base64 json' })).status).toBe(401);
    expect((await override({ 'x-ms-client-principal': appServicePrincipal('bob@example.com') })).status).toBe(
      403,
    );
    expect(
      (await override({ 'x-ms-client-principal': appServicePrincipal('alice@example.com') })).status,
    ).toBe(200);
    expect((await app.http('GET', 'targets/dev-user1')).status).toBe(200);
    expect((await app.services.storage.overrides.get('dev-user1'))?.override.createdBy).toBe(
      'alice@example.com',
    );
  });

  it('a forged name header is not an identity (issue 12: accepted with 200, recorded as alice)', async () => {
    app = await officeApp({
      OFFHOURS_REQUIRE_PRINCIPAL: 'true',
      OFFHOURS_OPERATORS: 'alice@example.com',
      WEBSITE_AUTH_ENABLED: 'true',
    });
    expect((await override({ 'x-ms-client-principal-name': 'alice@example.com' })).status).toBe(401);
    expect(
      (
        await override({
          'x-ms-client-principal-name': 'alice@example.com',
          'x-ms-client-principal': appServicePrincipal('bob@example.com'),
        })
      ).status,
    ).toBe(403);
    expect(await app.services.storage.overrides.get('dev-user1')).toBeUndefined();
  });

  it('without App Service Authentication, principal headers are ignored and changes need none', async () => {
    app = await officeApp({ OFFHOURS_REQUIRE_PRINCIPAL: 'true', OFFHOURS_OPERATORS: 'alice@example.com' });
    expect(
      (await override({ 'x-ms-client-principal': appServicePrincipal('alice@example.com') })).status,
    ).toBe(401);
    await app.stop();
    app = await officeApp({ OFFHOURS_OPERATORS: 'alice@example.com' });
    expect(
      (await override({ 'x-ms-client-principal': appServicePrincipal('alice@example.com') })).status,
    ).toBe(200);
    expect((await app.services.storage.overrides.get('dev-user1'))?.override.createdBy).toBe('function key');
  });

  it('operators by Entra ID app role', async () => {
    app = await officeApp({ OFFHOURS_REQUIRE_PRINCIPAL: 'true', WEBSITE_AUTH_ENABLED: 'true' });
    expect(
      (await override({ 'x-ms-client-principal': appServicePrincipal('carol@example.com') })).status,
    ).toBe(403);
    expect(
      (
        await override({
          'x-ms-client-principal': appServicePrincipal('carol@example.com', ['OffHours.Operator']),
        })
      ).status,
    ).toBe(200);
  });
});

describe('targets that opt in by tag', () => {
  it('are discovered, scheduled, shown and can be overridden like registered ones', async () => {
    app = await startApp(
      { OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0', OFFHOURS_SUBSCRIPTIONS: SUBSCRIPTION },
      {},
      '2026-11-26T19:00:00Z',
    );
    app.arm.state.addCluster({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: 'rg',
      name: 'tagged',
      pools: [
        { name: 'system', mode: 'System' },
        { name: 'apps', tags: { 'offhours-schedule': 'office' } },
      ],
    });
    await registerCatalog(
      app.services.storage,
      { office: { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Europe/Berlin' } },
      {},
    );
    await app.tick();
    const name = `tag:${SUBSCRIPTION}/rg/tagged/apps`;
    expect((await takeMessages()).map((message) => [message.targetName, message.action])).toEqual([
      [name, 'stop'],
    ]);
    const view = await app.http('GET', `targets/${encodeURIComponent(name)}`);
    expect(view.body).toMatchObject({ name, source: 'tag', schedule: 'office', desired: 'stopped' });
    // Its next days are drawn from the schedule its tag names (the status page's bar), in its zone.
    expect(view.body).toMatchObject({
      timeline: {
        zone: 'Europe/Berlin',
        from: '2026-11-25T23:00:00.000Z',
        changes: expect.arrayContaining([
          { at: '2026-11-27T06:45:00.000Z', action: 'start', cause: 'start-ahead' },
          { at: '2026-11-27T19:00:00.000Z', action: 'stop', cause: 'schedule' },
        ]),
      },
    });
    const override = await app.http('POST', `targets/${encodeURIComponent(name)}/start`, {
      body: { duration: 'PT1H' },
    });
    // The pool is still running (the stop was taken off the queue): nothing to enqueue, so 200, and why.
    expect(override.status).toBe(200);
    expect(override.body).toMatchObject({
      outcome: { enqueued: false },
      decision: { action: 'none' },
      target: { override: { kind: 'keep-running' } },
    });
  });
});

describe('aks-offhours plan', () => {
  it('decides from storage and Azure but changes nothing', async () => {
    app = await officeApp();
    app.clock.now = Date.parse('2026-11-26T19:00:00Z');
    const statesBefore = JSON.stringify(await app.services.storage.state.rows.list());
    app.arm.resetCounts();
    const report = await app.services.reconciler.tick({ planOnly: true });
    expect(report.decisions.map((decision) => [decision.target, decision.action])).toEqual([
      ['dev-user1', 'stop'],
    ]);
    expect(await takeMessages()).toEqual([]);
    expect(JSON.stringify(await app.services.storage.state.rows.list())).toBe(statesBefore);
    expect(app.arm.requests.map((request) => request.method)).toEqual(['POST']);
  });
});

describe('changes Azure did not take are owed, not lost (issue 9)', () => {
  async function everyFiveMinutesUntil(end: string): Promise<void> {
    while (app.clock.now < Date.parse(end)) {
      app.clock.now += 5 * MINUTE;
      await app.tick();
      expect(await app.drain()).toEqual([]);
    }
  }

  const results = async () =>
    (await app.services.storage.audit.query({ targetName: 'dev-user1', limit: 100 }))
      .map((entry) => entry.result.split(':')[0])
      .reverse();

  it('a stop due during an AKS upgrade is owed, never sent over it, and sent once the upgrade ends: the night is saved, Enforce off', async () => {
    app = await officeApp();
    app.clock.now = Date.parse('2026-11-26T19:00:00Z');
    await app.tick();
    // The upgrade begins between the tick's decision and the queued stop.
    app.arm.state.beginUpgrade(app.arm.state.cluster(SUBSCRIPTION, 'rg', 'dev'), 40 * MINUTE);
    expect(await app.drain()).toEqual([]);
    expect(await app.services.storage.operations.get('dev-user1')).toMatchObject({ status: 'owed' });
    await everyFiveMinutesUntil('2026-11-26T20:00:00Z');
    expect(pool().powerState).toBe('Stopped');
    expect(await results()).toEqual(['deferred', 'begun', 'succeeded']);
    // The executor read the pool before the stop and saw the upgrade: one PUT, after it ended.
    expect(app.arm.count('PUT')).toBe(1);
    expect(app.arm.state.maintenanceLog.filter((entry) => entry.event === 'preempted')).toEqual([]);
  });

  it('after an AKS upgrade held the stop back, the decision says it was not begun, why, and when it is tried again', async () => {
    app = await officeApp();
    app.clock.now = Date.parse('2026-11-26T19:00:00Z');
    await app.tick();
    app.arm.state.beginUpgrade(app.arm.state.cluster(SUBSCRIPTION, 'rg', 'dev'), 40 * MINUTE);
    expect(await app.drain()).toEqual([]);
    const reason = async () => (await app.services.storage.state.load()).get('dev-user1')?.lastReason ?? '';
    const notBegun =
      'not begun: the app held back the stop decided at 2026-11-26T19:00:00.000Z (AksOperationInProgress: AKS is running an operation on /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/dev/agentPools/user1 or its cluster (provisioning state Upgrading); a stop now would preempt it (AKSOperationPreempted), so it is sent once that ends); tried again from 2026-11-26T19:00:00.000Z once the target settles (observed unknown)';
    for (const at of ['19:05', '19:10', '19:35']) {
      app.clock.now = Date.parse(`2026-11-26T${at}:00Z`);
      await app.tick();
      expect(await app.drain()).toEqual([]);
      expect(await reason(), at).toBe(notBegun);
    }
    // The upgrade ends at 19:40: the stop is sent again, and begun.
    app.clock.now = Date.parse('2026-11-26T19:40:00Z');
    await app.tick();
    expect(await app.drain()).toEqual([]);
    app.clock.now = Date.parse('2026-11-26T19:45:00Z');
    await app.tick();
    expect(await reason()).not.toMatch(/^not begun/);
    await everyFiveMinutesUntil('2026-11-26T20:00:00Z');
    expect(pool().powerState).toBe('Stopped');
  });

  it('a stop someone else did just before ours is "already stopped (not by this app)": nothing begun, no success', async () => {
    app = await officeApp();
    app.arm.state.addCluster({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: 'rg',
      name: 'whole',
      pools: [{ name: 'system', mode: 'System' }],
    });
    await registerCatalog(
      app.services.storage,
      {},
      {
        whole: {
          resourceId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/whole`,
          schedule: 'office',
        },
      },
    );
    await app.tick();
    app.clock.now = Date.parse('2026-11-26T19:00:00Z');
    await app.tick();
    // A person stops the cluster between the tick's decision and the queued stop.
    app.arm.state.changeClusterPower(app.arm.state.cluster(SUBSCRIPTION, 'rg', 'whole'), 'Stopped');
    app.clock.now += MINUTE;
    expect(await app.drain()).toEqual([]);
    const message = 'already stopped (not by this app), nothing begun';
    expect(await app.services.storage.operations.get('whole')).toMatchObject({
      status: 'superseded',
      error: message,
    });
    app.clock.now = Date.parse('2026-11-26T19:05:00Z');
    await app.tick();
    const audit = await app.services.storage.audit.query({ targetName: 'whole', limit: 100 });
    expect(audit.map((entry) => entry.result)).toEqual([`already: ${message}`]);
    expect((await app.services.storage.state.load()).get('whole')?.lastReason).toBe(
      'already stopped; the schedule says stopped',
    );
  });

  it("a stop still throttled after the SDK's retries is handed back with its Retry-After as a delayed message, not thrown into the 30 s visibility timeout", async () => {
    app = await officeApp();
    app.clock.now = Date.parse('2026-11-26T19:00:00Z');
    // ARM says "Retry-After: 1" to the PUT and to each of the SDK's three retries.
    app.arm.injectFault({
      method: 'PUT',
      path: /agentPools\/user1$/,
      status: 429,
      code: 'TooManyRequests',
      retryAfterMs: 1_000,
      times: 4,
    });
    await app.tick();
    const [stop] = await takeMessages();
    await expect(execute.options.handler(stop, functionContext('execute'))).resolves.toBeUndefined();
    expect(app.arm.count('PUT')).toBe(4);
    expect((await app.services.storage.operations.get('dev-user1'))?.status).toBe('owed');
    expect((await results()).at(-1)).toBe('throttled');
    // Back on the queue, invisible for the Retry-After (whole seconds, as the queue counts them).
    expect(await takeMessages()).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    app.clock.now += 1_000;
    const [again] = await takeMessages();
    expect(again).toEqual(stop);
    await execute.options.handler(again, functionContext('execute'));
    expect(app.arm.count('PUT')).toBe(5);
    expect(app.arm.state.operations.size).toBe(1);
    expect(await results()).toEqual(['throttled', 'begun']);
  }, 30_000);

  it('a stop throttled with Retry-After: 1200 returns at once and is sent again after 20 minutes; nothing reports a success before', async () => {
    app = await officeApp();
    app.clock.now = Date.parse('2026-11-26T19:00:00Z');
    app.arm.injectFault({
      method: 'PUT',
      path: /agentPools\/user1$/,
      status: 429,
      code: 'TooManyRequests',
      retryAfterMs: 1_200_000,
    });
    await app.tick();
    const started = Date.now();
    expect(await app.drain()).toEqual([]);
    expect(Date.now() - started).toBeLessThan(10_000);
    await everyFiveMinutesUntil('2026-11-26T19:15:00Z');
    expect(pool().powerState).toBe('Running');
    expect(await results()).toEqual(['throttled']);
    await everyFiveMinutesUntil('2026-11-26T19:40:00Z');
    expect(pool().powerState).toBe('Stopped');
    expect(await results()).toEqual(['throttled', 'begun', 'succeeded']);
  });
});
