import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, SUBSCRIPTION, type AppHarness } from '../helpers/appHarness.js';
import { poolId, registerCatalog } from '../helpers/catalogRows.js';

// Issue 10 item 5: one resource registered under two names at the same time, against Azurite.
let app: AppHarness;
const PAIRS = 20;

beforeAll(async () => {
  app = await startApp({}, {}, '2026-11-26T10:00:00Z');
  app.arm.state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg',
    name: 'race',
    pools: Array.from({ length: PAIRS }, (_, index) => ({ name: `pool${index}` })),
  });
  await registerCatalog(app.services.storage, { office: { uptime: 'always' } }, {});
});
afterAll(async () => app.stop());

describe('5. concurrent registrations of one resource', () => {
  it('of 20 racing pairs, exactly one name wins each; the loser leaves no row; every success is audited', async () => {
    const results = await Promise.all(
      Array.from({ length: PAIRS }, (_, index) =>
        Promise.all(
          ['a', 'b'].map((side) =>
            app.http('PUT', `targets/race${index}-${side}`, {
              body: { resourceId: poolId(SUBSCRIPTION, 'race', `pool${index}`), schedule: 'office' },
            }),
          ),
        ),
      ),
    );
    const targets = (await app.services.storage.targets.load()).records;
    const audit = (await app.services.storage.audit.query({ since: 0, limit: 1000 })).filter(
      (entry) => entry.action === 'target-registered',
    );
    for (const [index, pair] of results.entries()) {
      const statuses = pair.map((response) => response.status).sort();
      expect(statuses, `pair ${index}`).toEqual([201, 409]);
      const winner = pair[0]?.status === 201 ? `race${index}-a` : `race${index}-b`;
      const loser = winner.endsWith('-a') ? `race${index}-b` : `race${index}-a`;
      expect(targets.filter((target) => target.name.startsWith(`race${index}-`)).map((t) => t.name)).toEqual([
        winner,
      ]);
      expect(await app.services.storage.targets.get(loser)).toBeUndefined();
      expect(audit.filter((entry) => entry.targetName === winner)).toHaveLength(1);
    }
    expect((await app.services.storage.targets.load()).problems).toEqual([]);
  });

  it('a resource unregistered can be registered again under another name', async () => {
    const first = await app.http('GET', 'targets');
    const registered = (first.body as { targets: { name: string; etag: string; resourceId: string }[] })
      .targets[0];
    expect(registered).toBeDefined();
    const removed = await app.http('DELETE', `targets/${registered?.name ?? ''}`, {
      headers: { 'if-match': registered?.etag ?? '' },
    });
    expect(removed.status).toBe(204);
    const again = await app.http('PUT', 'targets/renamed', {
      body: { resourceId: registered?.resourceId, schedule: 'office' },
    });
    expect(again.status).toBe(201);
  });
});
