import { afterEach, describe, expect, it } from 'vitest';
import { startApp, SUBSCRIPTION, type AppHarness } from '../../helpers/appHarness.js';
import { poolId, registerCatalog } from '../../helpers/catalogRows.js';

/*
 * TargetService (shared/app/targets): a target's status and the overrides people set, acted on at
 * once, on Azurite and the fake ARM. Berlin office hours, on a Thursday at 10:00 UTC (11:00 in
 * Berlin): the pool should be up.
 */

let app: AppHarness;
afterEach(async () => app.stop());

async function officeApp(): Promise<AppHarness> {
  const harness = await startApp({ OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0' }, {}, '2026-11-26T10:00:00Z');
  harness.arm.state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg',
    name: 'dev',
    pools: [{ name: 'system', mode: 'System' }, { name: 'user1' }, { name: 'user2' }],
  });
  await registerCatalog(
    harness.services.storage,
    { office: { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Europe/Berlin' } },
    {
      'dev-user1': { resourceId: poolId(SUBSCRIPTION, 'dev', 'user1'), schedule: 'office' },
      'dev-user2': { resourceId: poolId(SUBSCRIPTION, 'dev', 'user2'), schedule: 'office', enabled: false },
    },
  );
  await harness.services.reconciler.tick();
  return harness;
}

describe('TargetService', () => {
  it('shows a registered target with its schedule, what it should be and what Azure shows', async () => {
    app = await officeApp();
    expect(await app.services.targets.get('dev-user1')).toMatchObject({
      name: 'dev-user1',
      resourceId: poolId(SUBSCRIPTION, 'dev', 'user1'),
      schedule: 'office',
      zone: 'Europe/Berlin',
      source: 'row',
      desired: 'running',
      observed: 'running',
      problems: [],
    });
  });

  it('stop now: writes the override, audits it under the person who asked, and enqueues the stop at once', async () => {
    app = await officeApp();
    const answer = await app.services.targets.setOverride('dev-user1', {}, 'alice', {}, 'keep-stopped');
    expect(answer.decision).toMatchObject({ action: 'stop', desired: 'stopped' });
    expect((await app.services.storage.overrides.get('dev-user1'))?.override).toMatchObject({
      effect: 'stopped',
      createdBy: 'alice',
    });
    expect(await app.services.storage.audit.query({ targetName: 'dev-user1', limit: 5 })).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'override', actor: 'alice' })]),
    );
    const queued = (await app.queue.peekMessages({ numberOfMessages: 32 })).peekedMessageItems;
    expect(
      queued.map((message) => JSON.parse(Buffer.from(message.messageText, 'base64').toString('utf8'))),
    ).toMatchObject([{ targetName: 'dev-user1', action: 'stop', actor: 'alice' }]);
  });

  it('refuses an unknown target (not-found) and a disabled one (target-disabled), writing no override', async () => {
    app = await officeApp();
    await expect(
      app.services.targets.setOverride('ghost', {}, 'alice', {}, 'keep-stopped'),
    ).rejects.toMatchObject({
      code: 'not-found',
    });
    await expect(
      app.services.targets.setOverride('dev-user2', {}, 'alice', {}, 'keep-stopped'),
    ).rejects.toMatchObject({
      code: 'target-disabled',
    });
    expect(await app.services.storage.overrides.get('dev-user2')).toBeUndefined();
  });

  it('removes an override, and the target goes back to its schedule', async () => {
    app = await officeApp();
    await app.services.targets.setOverride('dev-user1', {}, 'alice', {}, 'keep-stopped');
    const answer = await app.services.targets.deleteOverride('dev-user1', 'bob');
    expect(await app.services.storage.overrides.get('dev-user1')).toBeUndefined();
    expect(answer.target.override).toBeUndefined();
    expect(answer.decision).toMatchObject({ desired: 'running' });
  });
});
