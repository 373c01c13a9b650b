import { afterEach, expect, it } from 'vitest';
import { startApp, SUBSCRIPTION, type AppHarness } from '../helpers/appHarness.js';
import { poolId, registerCatalog } from '../helpers/catalogRows.js';

let app: AppHarness;
afterEach(async () => app.stop());

const MINUTE = 60_000;

it('follows operations through the fleet query: throttled ARM reads neither fail nor stall them, and none are sent', async () => {
  // ARM's read budget: the cluster's maintenance configurations and its region's versions, read once
  // a day (docs/maintenance.md), and the three reads before the stops (tags, docs/security.md, and
  // AKS's operations), then nothing; any status or resource read after them is answered 429.
  app = await startApp(
    { OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0' },
    { throttle: { readCapacity: 5, readsPerSecond: 0.0001, writeCapacity: 200, writesPerSecond: 10 } },
    '2026-11-26T18:50:00Z',
  );
  app.arm.state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg',
    name: 'dev',
    pools: Array.from({ length: 3 }, (_, pool) => ({ name: `p${pool}` })),
  });
  await registerCatalog(
    app.services.storage,
    { office: { uptime: 'Mon-Fri 08:00-20:00 Europe/Berlin' } },
    Object.fromEntries(
      Array.from({ length: 3 }, (_, pool) => [
        `p${pool}`,
        { resourceId: poolId(SUBSCRIPTION, 'dev', `p${pool}`), schedule: 'office' },
      ]),
    ),
  );
  await app.tick();
  app.clock.now = Date.parse('2026-11-26T19:00:00Z');
  await app.tick();
  expect(await app.drain()).toEqual([]);

  app.arm.resetCounts();
  app.clock.now += MINUTE / 2;
  await app.tick();
  app.clock.now += 2 * MINUTE;
  await app.tick();
  expect(app.arm.count('GET')).toBe(0);
  const operations = await app.services.storage.operations.list();
  expect(operations.map((operation) => operation.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
});
