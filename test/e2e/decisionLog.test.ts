import { afterEach, expect, it } from 'vitest';
import { startApp, SUBSCRIPTION, type AppHarness } from '../helpers/appHarness.js';
import { poolId, registerCatalog } from '../helpers/catalogRows.js';

let app: AppHarness;
afterEach(async () => app.stop());

it('logs one line per change or new reason and a summary per tick, not one line per target per tick', async () => {
  app = await startApp({ OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0' }, {}, '2026-11-26T18:50:00Z');
  app.arm.state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg',
    name: 'dev',
    pools: Array.from({ length: 5 }, (_, pool) => ({ name: `p${pool}` })),
  });
  await registerCatalog(
    app.services.storage,
    { office: { uptime: 'Mon-Fri 08:00-20:00 Europe/Berlin' } },
    Object.fromEntries(
      Array.from({ length: 5 }, (_, pool) => [
        `p${pool}`,
        { resourceId: poolId(SUBSCRIPTION, 'dev', `p${pool}`), schedule: 'office' },
      ]),
    ),
  );
  const decisionLines = () => app.logs.filter((line) => line['event'] === 'decision').length;
  await app.tick();
  app.clock.now += 60_000;
  await app.tick();
  // From here on nothing changes: the steady ticks log their summary only.
  const settled = decisionLines();
  app.clock.now += 60_000;
  await app.tick();
  app.clock.now += 60_000;
  await app.tick();
  expect(decisionLines()).toBe(settled);
  expect(app.logs.filter((line) => line['event'] === 'tick').at(-1)).toMatchObject({
    targets: 5,
    enqueued: 0,
    unchanged: 5,
  });
  app.clock.now = Date.parse('2026-11-26T19:00:00Z');
  await app.tick();
  const transition = app.logs.filter((line) => line['event'] === 'decision').slice(settled);
  expect(transition.map((line) => line['action'])).toEqual(['stop', 'stop', 'stop', 'stop', 'stop']);
});
