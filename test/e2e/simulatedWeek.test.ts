import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, SUBSCRIPTION, type AppHarness } from '../helpers/appHarness.js';
import { poolId, registerCatalog } from '../helpers/catalogRows.js';

const TICK_MS = 15 * 60_000;
let app: AppHarness;

/**
 * A week for two teams, one in Berlin and one in New York, across the end of summer time in Europe
 * (Sunday 2026-10-25): the Berlin start moves from 06:00 to 07:00 UTC, New York's does not.
 */
describe('a simulated week across two time zones and a DST change', () => {
  beforeAll(async () => {
    app = await startApp(
      { OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0', OFFHOURS_TICK: '0 */15 * * * *' },
      {},
      '2026-10-22T13:00:00Z',
    );
    for (const cluster of ['berlin', 'newyork'])
      app.arm.state.addCluster({
        subscriptionId: SUBSCRIPTION,
        resourceGroup: 'rg',
        name: cluster,
        pools: [
          { name: 'system', mode: 'System' },
          { name: 'apps', count: 3, autoscale: { minCount: 2, maxCount: 5 } },
        ],
      });
    await registerCatalog(
      app.services.storage,
      {
        'berlin-office': { uptime: 'Mon-Fri 08:00-18:00', timeZone: 'Europe/Berlin' },
        'ny-office': { uptime: 'Mon-Fri 09:00-17:00', timeZone: 'America/New_York' },
      },
      {
        'berlin-apps': { resourceId: poolId(SUBSCRIPTION, 'berlin', 'apps'), schedule: 'berlin-office' },
        'ny-apps': { resourceId: poolId(SUBSCRIPTION, 'newyork', 'apps'), schedule: 'ny-office' },
      },
    );
    for (const end = Date.parse('2026-10-31T00:00:00Z'); app.clock.now < end; app.clock.now += TICK_MS) {
      await app.tick();
      expect(await app.drain()).toEqual([]);
    }
  }, 120_000);
  afterAll(async () => app.stop());

  it('stops and starts each pool at exactly the right instants', async () => {
    const begun = (await app.services.storage.audit.query({ limit: 1000 }))
      .filter((entry) => entry.result.startsWith('begun'))
      .reverse();
    expect(
      begun.map(
        (entry) => `${new Date(entry.at).toISOString().slice(0, 16)} ${entry.action} ${entry.targetName}`,
      ),
    ).toEqual([
      '2026-10-22T16:00 stop berlin-apps',
      '2026-10-22T21:00 stop ny-apps',
      '2026-10-23T05:45 start berlin-apps',
      '2026-10-23T12:45 start ny-apps',
      '2026-10-23T16:00 stop berlin-apps',
      '2026-10-23T21:00 stop ny-apps',
      // Sunday 25 October: Europe leaves summer time. Berlin's 08:00 is now 07:00 UTC.
      // From the second start on, the lead is learned: each start was seen done at the next
      // 15-minute tick, and too few starts to rank a 95 % bound leave the longest (15 min) raised a
      // tenth, 17 min, so starts begin two ticks ahead of the up time (docs/decisions.md, Ready by).
      '2026-10-26T06:30 start berlin-apps',
      '2026-10-26T12:30 start ny-apps',
      '2026-10-26T17:00 stop berlin-apps',
      '2026-10-26T21:00 stop ny-apps',
      '2026-10-27T06:30 start berlin-apps',
      '2026-10-27T12:30 start ny-apps',
      '2026-10-27T17:00 stop berlin-apps',
      '2026-10-27T21:00 stop ny-apps',
      '2026-10-28T06:30 start berlin-apps',
      '2026-10-28T12:30 start ny-apps',
      '2026-10-28T17:00 stop berlin-apps',
      '2026-10-28T21:00 stop ny-apps',
      '2026-10-29T06:30 start berlin-apps',
      '2026-10-29T12:30 start ny-apps',
      '2026-10-29T17:00 stop berlin-apps',
      '2026-10-29T21:00 stop ny-apps',
      '2026-10-30T06:30 start berlin-apps',
      '2026-10-30T12:30 start ny-apps',
      '2026-10-30T17:00 stop berlin-apps',
      '2026-10-30T21:00 stop ny-apps',
    ]);
  });

  it('followed every operation to success and kept the autoscaler', async () => {
    const followed = (await app.services.storage.audit.query({ limit: 1000 })).filter(
      (entry) => entry.actor === 'schedule' && entry.reason.startsWith('following'),
    );
    expect(followed).toHaveLength(26);
    expect(followed.every((entry) => entry.result.startsWith('succeeded'))).toBe(true);
    const pool = app.arm.state.pool(app.arm.state.cluster(SUBSCRIPTION, 'rg', 'berlin'), 'apps');
    expect(pool).toMatchObject({ powerState: 'Stopped', provisioningState: 'Succeeded' });
  });

  it('shows the final state through the API', async () => {
    const response = await app.http('GET', 'targets');
    expect(response.status).toBe(200);
    expect(
      (
        response.body as {
          targets: { name: string; desired: string; observed: string; nextTransition: string }[];
        }
      ).targets.map(({ name, desired, observed, nextTransition }) => ({
        name,
        desired,
        observed,
        nextTransition,
      })),
    ).toEqual([
      {
        name: 'berlin-apps',
        desired: 'stopped',
        observed: 'stopped',
        nextTransition: '2026-11-02T07:00:00.000Z',
      },
      {
        name: 'ny-apps',
        desired: 'stopped',
        observed: 'stopped',
        nextTransition: '2026-11-02T14:00:00.000Z',
      },
    ]);
  });
});
