import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBSCRIPTION, type AppHarness } from '../helpers/appHarness.js';
import { appServicePrincipal } from '../helpers/appServicePrincipal.js';
import { poolId } from '../helpers/catalogRows.js';
import { startStatusPageWorld, type StatusPageWorld } from '../helpers/statusPageWorld.js';

// Issue 24, items 6 and 8: defects seen by people, each reproduced. Every time the page shows is
// computed in the zone it names; no ISO instants, tokens or internal words; a 400 said once; the
// fleet's saving "unknown" where the CLI says so, never USD 0.00; pools under their cluster.
let world: StatusPageWorld;
let app: AppHarness;
let context: BrowserContext;

// Thursday 2026-11-26 20:00 UTC: 21:00 in Berlin, Friday 05:00 in Tokyo.
beforeAll(async () => {
  world = await startStatusPageWorld({
    settings: {
      WEBSITE_AUTH_ENABLED: 'true',
      // No price list can be read: what was saved is not known.
      OFFHOURS_RETAIL_PRICES_URL: 'http://127.0.0.1:9/prices',
    },
    at: '2026-11-26T20:00:00Z',
    clusters: [
      {
        subscriptionId: SUBSCRIPTION,
        resourceGroup: 'rg',
        name: 'dev',
        pools: [{ name: 'system', mode: 'System' }, { name: 'user1' }, { name: 'user2' }],
      },
      {
        subscriptionId: SUBSCRIPTION,
        resourceGroup: 'rg',
        name: 'ci',
        pools: [{ name: 'system', mode: 'System' }, { name: 'agents' }],
      },
    ],
    schedules: {
      office: { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Europe/Berlin' },
      tokyo: { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Asia/Tokyo' },
    },
    targets: {
      'dev-user1': { resourceId: poolId(SUBSCRIPTION, 'dev', 'user1'), schedule: 'office' },
      'ci-agents': { resourceId: poolId(SUBSCRIPTION, 'ci', 'agents'), schedule: 'tokyo' },
      'dev-user2': { resourceId: poolId(SUBSCRIPTION, 'dev', 'user2'), schedule: 'office' },
    },
  });
  app = world.app;
  context = await world.context(appServicePrincipal('alice@contoso.example', ['OffHours.Operator']));
}, 120_000);

afterAll(async () => world?.stop());

const open = (fragment: string): Promise<Page> => world.open(context, fragment);

const ISO_INSTANT = /\d{4}-\d\d-\d\dT\d\d:\d\d/;

describe('people’s words on the status page', () => {
  it('Schedules: each week is from today in the schedule’s zone, not the UTC date (a day early east of UTC)', async () => {
    const page = await open('#/schedules/tokyo');
    const weeks = page.getByTestId('weeks');
    await weeks.waitFor();
    // Friday 05:05 in Tokyo: its week begins on Friday 27 Nov, as it does in Berlin on Thursday 26 Nov.
    expect(await weeks.locator('tbody tr td').first().textContent()).toBe('Fri 27 Nov 2026');
    expect(await weeks.locator('tbody tr:nth-child(2) td').first().textContent()).toBe('Fri 4 Dec 2026');
    await page.goto(`${world.url}/api/ui#/schedules/office`);
    await expect
      .poll(() => page.getByTestId('weeks').locator('tbody tr td').first().textContent(), { timeout: 15_000 })
      .toBe('Thu 26 Nov 2026');
    await page.close();
  });

  it('the fleet: no token, no ISO instant, a skip says whose stop, the next change says start or stop', async () => {
    // A one-click link's override: its reason carries the notice's stop as an ISO instant and the token's ID.
    const link = await app.http('POST', 'targets/dev-user1/override', {
      body: {
        kind: 'keep-running',
        duration: 'PT2H',
        reason: 'keep-1h from the slack notice of the stop at 2026-11-26T19:00:00.000Z (token bR21HCq0x)',
      },
    });
    expect(link.status).toBeLessThan(300);
    const skip = await app.http('POST', 'targets/dev-user2/override', { body: { kind: 'skip-next-stop' } });
    expect(skip.status).toBeLessThan(300);
    const page = await open('#/');
    const row = (name: string) => page.locator(`tr[data-target="${name}"]`);
    await row('dev-user1').waitFor();
    const first = (await row('dev-user1').textContent()) ?? '';
    expect(first).not.toContain('token');
    expect(first).not.toMatch(ISO_INSTANT);
    expect(first).toContain(
      'keep running 1 h from the slack notice of the stop at Thu 26 Nov 20:00 Europe/Berlin',
    );
    // Thursday night: the skip skips Friday's stop; the fleet never calls it tonight's.
    const second = (await row('dev-user2').textContent()) ?? '';
    expect(second).toContain(
      'Skip tomorrow’s 20:00 stop: up until Monday 08:00, 60 h longer (times in Europe/Berlin)',
    );
    expect(second).not.toMatch(/tonight/i);
    expect(second).toContain('start Fri 27 Nov 08:00');
    // Pools under their cluster: each cluster's heading, then its targets.
    const order = await page
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) => row.getAttribute('data-cluster') ?? row.getAttribute('data-target')),
      );
    expect(order).toEqual(['ci', 'ci-agents', 'dev', 'dev-user1', 'dev-user2']);
    await page.close();
  });

  it('the fleet’s saving is unknown when nothing could be priced, as the CLI says, never USD 0.00', async () => {
    const page = await open('#/');
    const savings = page.getByTestId('fleet-savings');
    await expect.poll(() => savings.textContent(), { timeout: 20_000 }).toContain('Saved this month:');
    // Nothing stopped yet this month has no price to miss; the forecast has hours and no price.
    expect(await savings.textContent()).toContain(
      'Forecast for the rest of the month: unknown (no price for Standard_D4s_v5)',
    );
    expect(await savings.textContent()).not.toMatch(/Forecast for the rest of the month: USD 0\.00/);
    await page.close();
  });

  it('a refused change (400) is said once, before Confirm, without an ISO instant', async () => {
    const page = await open('#/targets/dev-user2');
    await page.getByTestId('timeline').waitFor();
    await page.getByRole('button', { name: 'Keep running until…', exact: true }).click();
    // 10:00 in London this morning: past, so the API refuses it (400).
    // The field waits for the preview's suggestion (disabled until then; fill waits for it) and
    // keeps what is typed whenever the suggested end arrives.
    await page.getByLabel('Until (your time, Europe/London)').fill('2026-11-26T10:00');
    await expect
      .poll(() => page.getByTestId('will-happen').textContent(), { timeout: 15_000 })
      .toContain('Bad Request (400)');
    expect(await page.getByRole('button', { name: 'Confirm' }).isDisabled()).toBe(true);
    const said = (await page.getByTestId('will-happen').textContent()) ?? '';
    // The problem's detail and its field list say the same: once is enough.
    expect(said).toBe('Cannot say what will happen: Bad Request (400):\nuntil: must be in the future');
    expect(said).not.toMatch(ISO_INSTANT);
    await page.close();
  });

  it('a refresh in the background never lends its ETag to the buttons: an override set meanwhile is answered 412', async () => {
    // dev-user1 is kept running by the link's override and not yet started: the page refreshes itself.
    const page = await open('#/targets/dev-user1');
    await page.getByTestId('timeline').waitFor();
    await page.getByRole('button', { name: 'Remove override', exact: true }).click();
    const bob = await app.http('POST', 'targets/dev-user1/override', {
      body: { kind: 'keep-stopped', duration: 'PT3H', reason: 'bob' },
      headers: { 'if-match': '*' },
    });
    expect(bob.status).toBeLessThan(300);
    // The page shows Bob's override by itself, without a reload...
    await expect
      .poll(() => page.getByTestId('target-override').textContent(), { timeout: 15_000 })
      .toContain('bob');
    // ...but Confirm still sends the ETag of the override the person saw: refused, Bob's stays.
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect
      .poll(() => page.getByTestId('result').textContent(), { timeout: 15_000 })
      .toContain('Someone changed this while you were looking');
    expect((await app.services.storage.overrides.get('dev-user1'))?.override).toMatchObject({
      kind: 'keep-stopped',
      reason: 'bob',
    });
    await page.close();
  });
});
