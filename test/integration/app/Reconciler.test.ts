import { afterEach, describe, expect, it } from 'vitest';
import { startApp, SUBSCRIPTION, type AppHarness } from '../../helpers/appHarness.js';
import { poolId, registerCatalog } from '../../helpers/catalogRows.js';

/*
 * Reconciler (shared/app/reconciliation): the tick, called as the reconcile timer calls it, on
 * Azurite and the fake ARM. Berlin office hours; the app starts at 18:50 UTC on a Thursday (19:50
 * in Berlin), while the target should be up; the stop is due at 19:00 UTC.
 */

let app: AppHarness;
afterEach(async () => app.stop());

const MINUTE = 60_000;

async function officeApp(): Promise<AppHarness> {
  const harness = await startApp({ OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0' }, {}, '2026-11-26T18:50:00Z');
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
  await harness.services.reconciler.tick();
  return harness;
}

const decisionFor = (decisions: readonly { target: string }[]) =>
  decisions.find((decision) => decision.target === 'dev-user1');

describe('Reconciler.tick', () => {
  it('leaves a target the schedule wants up alone, and enqueues its stop once the schedule says so', async () => {
    app = await officeApp();
    const before = await app.services.reconciler.tick();
    expect(before.enqueued).toEqual([]);
    expect(decisionFor(before.decisions)).toMatchObject({ desired: 'running', observed: 'running' });
    app.clock.now = Date.parse('2026-11-26T19:00:00Z');
    const report = await app.services.reconciler.tick();
    expect(report.enqueued).toMatchObject([
      {
        targetName: 'dev-user1',
        action: 'stop',
        actor: 'schedule',
        resourceId: poolId(SUBSCRIPTION, 'dev', 'user1'),
      },
    ]);
    expect(decisionFor(report.decisions)).toMatchObject({
      action: 'stop',
      desired: 'stopped',
      refused: false,
    });
  });

  it('only plans when asked to: the same decision, nothing enqueued or followed', async () => {
    app = await officeApp();
    app.clock.now = Date.parse('2026-11-26T19:00:00Z');
    const plan = await app.services.reconciler.tick({ planOnly: true });
    expect(decisionFor(plan.decisions)).toMatchObject({ action: 'stop', desired: 'stopped' });
    expect(plan.statesWritten).toBe(0);
    expect((await app.queue.peekMessages({ numberOfMessages: 32 })).peekedMessageItems).toEqual([]);
    expect(await app.services.storage.operations.list()).toEqual([]);
  });

  it('follows the operation it began: nothing more enqueued while it runs, its end recorded', async () => {
    app = await officeApp();
    app.clock.now = Date.parse('2026-11-26T19:00:00Z');
    const [stop] = (await app.services.reconciler.tick()).enqueued;
    if (!stop) throw new Error('the tick enqueued no stop');
    expect(await app.services.executor.execute(stop)).toMatchObject({ result: 'begun' });
    app.clock.now += MINUTE / 2;
    expect((await app.services.reconciler.tick()).enqueued).toEqual([]);
    expect(await app.services.storage.operations.get('dev-user1')).toMatchObject({ status: 'running' });
    app.clock.now += 2 * MINUTE;
    const after = await app.services.reconciler.tick();
    expect(after.enqueued).toEqual([]);
    expect(await app.services.storage.operations.get('dev-user1')).toMatchObject({ status: 'succeeded' });
    expect(decisionFor(after.decisions)).toMatchObject({ desired: 'stopped', observed: 'stopped' });
  });
});
