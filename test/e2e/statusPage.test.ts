import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Schedule } from '../../shared/domain/Schedule.js';
import { ScheduleSpecError } from '../../shared/domain/ScheduleSpecError.js';
import { formatSpecProblem } from '../../shared/domain/SpecProblem.js';
import { whenIn } from '../../shared/domain/whenIn.js';
import { SUBSCRIPTION, type AppHarness } from '../helpers/appHarness.js';
import { appServicePrincipal } from '../helpers/appServicePrincipal.js';
import { poolId } from '../helpers/catalogRows.js';
import { startStatusPageWorld, type StatusPageWorld } from '../helpers/statusPageWorld.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** README screenshots are written only on request, so an ordinary run leaves the tree as it was. */
const SCREENSHOTS = process.env['UPDATE_SCREENSHOTS'] === '1';
const OPERATOR = 'alice@contoso.example';
/** Sunday 01:00–05:00 UTC: the node OS window the portal suggests, outside office hours. */
const SUNDAY_WINDOW = {
  aksManagedNodeOSUpgradeSchedule: {
    maintenanceWindow: {
      schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Sunday' } },
      durationHours: 4,
      utcOffset: '+00:00',
      startTime: '01:00',
    },
  },
} as const;

let world: StatusPageWorld;
let app: AppHarness;
let operator: BrowserContext;

// Thursday 2026-11-26 21:00 in Berlin: the office schedule says stopped.
beforeAll(async () => {
  world = await startStatusPageWorld({
    settings: { WEBSITE_AUTH_ENABLED: 'true' },
    at: '2026-11-26T20:00:00Z',
    prices: true,
    clusters: [
      {
        subscriptionId: SUBSCRIPTION,
        resourceGroup: 'rg',
        name: 'dev',
        pools: [{ name: 'system', mode: 'System' }, { name: 'user1' }, { name: 'user2' }, { name: 'user3' }],
        maintenanceConfigurations: SUNDAY_WINDOW,
      },
      {
        subscriptionId: SUBSCRIPTION,
        resourceGroup: 'rg',
        name: 'ci',
        pools: [{ name: 'system', mode: 'System' }, { name: 'agents' }],
        maintenanceConfigurations: SUNDAY_WINDOW,
      },
    ],
    schedules: {
      office: { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Europe/Berlin', holidays: 'DE' },
      nights: { downtime: 'Mon-Fri 08:00-20:00', timeZone: 'Asia/Tokyo' },
    },
    targets: {
      'dev-user1': { resourceId: poolId(SUBSCRIPTION, 'dev', 'user1'), schedule: 'office' },
      'dev-user2': { resourceId: poolId(SUBSCRIPTION, 'dev', 'user2'), schedule: 'office' },
      'dev-user3': { resourceId: poolId(SUBSCRIPTION, 'dev', 'user3'), schedule: 'office', enabled: false },
      'ci-agents': { resourceId: poolId(SUBSCRIPTION, 'ci', 'agents'), schedule: 'nights' },
    },
  });
  app = world.app;
  operator = await world.context(appServicePrincipal(OPERATOR, ['OffHours.Operator']));
}, 120_000);

afterAll(async () => world?.stop());

const settle = () => world.settle();
const newContext = (principal?: string) => world.context(principal);
const open = (context: BrowserContext, fragment = ''): Promise<Page> => world.open(context, fragment);

async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const results = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: () => Promise<unknown> } }).axe;
    return (await axe.run()) as {
      violations: { id: string; impact: string; help: string; nodes: unknown[] }[];
    };
  });
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help}, ${violation.nodes.length} nodes`,
    );
}

describe('the status page in Chromium', () => {
  it('shows the fleet: state, why, next change, override and who is signed in', async () => {
    const page = await open(operator);
    await page.getByRole('link', { name: 'dev-user1' }).waitFor();
    await expect.poll(() => page.getByTestId('fleet-summary').textContent()).toContain('4 targets');
    // The fleet's figures are the last tick's count (issue 29, item 2): the page says when, in the viewer's zone.
    const { summaryAsOf } = (await app.http('GET', 'targets?limit=1')).body as { summaryAsOf: string };
    expect(await page.getByTestId('fleet-counted').textContent()).toBe(
      `The total and the rows not acted on as counted at ${whenIn(Date.parse(summaryAsOf), 'Europe/London', { zoneName: false })} (Europe/London) by the reconcile tick; each target as it is now.`,
    );
    expect(await page.getByTestId('who').textContent()).toBe(`Signed in as ${OPERATOR} (operator) Sign out`);
    const row = page.locator('tr[data-target="dev-user1"]');
    expect(await row.textContent()).toContain('stopped');
    expect(await row.textContent()).toContain('Down by schedule office');
    // Next start: Friday 08:00 in Berlin, 07:00 for a viewer in London.
    expect(await row.textContent()).toContain('Fri 27 Nov 08:00 Europe/Berlin');
    expect(await row.textContent()).toContain('yours: Fri 27 Nov 07:00');
    expect(await page.locator('tr[data-target="dev-user3"]').textContent()).toContain('Disabled');
    // The last action, in the viewer's time, and its outcome from the audit trail.
    await expect
      .poll(() => row.locator('td').last().textContent())
      .toBe('stop at Thu 26 Nov 20:00 Europe/Londonsucceeded: stop succeeded');
    await page.getByLabel('Search').fill('ci');
    await expect.poll(() => page.locator('tbody tr[data-target]').count()).toBe(1);
    await page.getByLabel('Search').fill('');
    await page.getByLabel('Show').selectOption('up');
    await expect
      .poll(() =>
        page
          .locator('tbody tr[data-target]')
          .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-target'))),
      )
      .toEqual(['ci-agents', 'dev-user3']); // dev-user3 is disabled: left running
    await page.getByLabel('Show').selectOption('all');
    expect(await seriousViolations(page)).toEqual([]);
    if (SCREENSHOTS) await page.screenshot({ path: 'docs/images/status-fleet.png', fullPage: true });
    await page.close();
  });

  it('keeps a target running from its page, shows the result, and the change after the next tick', async () => {
    const page = await open(operator, '#/targets/dev-user1');
    await page.getByTestId('timeline').waitFor();
    expect(await page.getByTestId('target-state').textContent()).toBe('stopped, wants stopped');
    // Ready by 08:00: the start begins ahead of the up time, and the page says when and why.
    expect(await page.getByTestId('target-planned-start').textContent()).toMatch(
      /^starting 07:\d\d to be ready by 08:00 \(Europe\/Berlin\)/,
    );
    // This month's savings, priced by the Retail Prices fake, with what keeps billing.
    await expect.poll(() => page.getByTestId('target-savings').textContent()).toContain('Saved this month');
    expect(await page.getByTestId('target-savings').textContent()).toMatch(/USD \d+\.\d\d \(list price\)/);
    expect(await page.getByTestId('target-savings').textContent()).toContain(
      'users report that a stop deletes them',
    );
    await page.getByRole('button', { name: 'Keep running until…' }).click();
    await page.getByLabel('Until (your time, Europe/London)').fill('2026-11-26T23:30');
    // What will happen is the API's preview, worked out by the same rules as the action (issue 24).
    await expect
      .poll(() => page.getByTestId('will-happen').textContent())
      .toMatch(
        /^Keep dev-user1 running until tomorrow 00:30, whatever the schedule says\. .* Times in Europe\/Berlin\. dev-user1 is started now\.$/,
      );
    await page.getByLabel('Reason (kept in the audit trail)').fill('release testing');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.getByTestId('result').textContent()).toContain('start enqueued');
    await expect
      .poll(() => page.getByTestId('target-override').textContent())
      .toContain(`Kept running until Fri 27 Nov 00:30 Europe/Berlin, set by ${OPERATOR}: “release testing”`);
    await settle();
    await page.reload();
    await expect.poll(() => page.getByTestId('target-state').textContent()).toBe('running, wants running');
    await expect.poll(() => page.getByTestId('audit').textContent()).toContain('release testing');
    // The week in Berlin: seven days, what will really happen and the start just done. The start is
    // planned where it will begin, 07:45 (ready by 08:00), not at the up time (issue 24, item 4), and
    // the override's end is a planned stop at 00:30.
    const timeline = page.getByTestId('timeline');
    expect(await timeline.locator('li.day').count()).toBe(7);
    expect(await timeline.textContent()).toContain(
      'planned start at Fri 27 Nov 07:45 (begun ahead, so it is ready at the up time)',
    );
    expect(await timeline.textContent()).not.toContain('planned start at Fri 27 Nov 08:00');
    expect(await timeline.textContent()).toContain('planned stop at Fri 27 Nov 00:30 (the override ends)');
    expect(await timeline.textContent()).toContain(
      'up from Thu 26 Nov 21:05 to Fri 27 Nov 00:30: kept running',
    );
    expect(await timeline.textContent()).toContain('start at Thu 26 Nov 21:10: succeeded: start succeeded');
    expect(await seriousViolations(page)).toEqual([]);
    if (SCREENSHOTS) await page.screenshot({ path: 'docs/images/status-target.png', fullPage: true });

    await page.getByRole('button', { name: 'Remove override' }).click();
    await expect
      .poll(() => page.getByTestId('will-happen').textContent())
      .toContain('Remove the override of dev-user1: the schedule decides again at once.');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.getByTestId('result').textContent()).toContain('stop enqueued');
    await expect.poll(() => page.getByTestId('target-override').textContent()).toBe('none');
    await settle();
    await page.reload();
    await expect.poll(() => page.getByTestId('target-state').textContent()).toBe('stopped, wants stopped');
    await page.close();
  });

  it('says plainly when someone else changed the override meanwhile (412), and shows what is there now', async () => {
    const page = await open(operator, '#/targets/dev-user2');
    await page.getByTestId('timeline').waitFor();
    // By keyboard: Enter on the button, and focus lands on what will happen.
    await page.getByRole('button', { name: /^Skip / }).focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.evaluate("document.activeElement?.getAttribute('data-testid')"))
      .toBe('confirm');
    await expect
      .poll(() => page.getByTestId('will-happen').textContent())
      .toMatch(/Skip .*’s \d\d:\d\d stop: up /);
    // Bob keeps it stopped from the CLI while the page is open.
    const bob = await app.http('POST', 'targets/dev-user2/override', {
      body: { kind: 'keep-stopped', duration: 'PT2H', reason: 'bob' },
    });
    expect(bob.status).toBe(200);
    // The page read no override, so it asks for none to be there (If-None-Match: *): Bob's stays (issue 27, item 7).
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect
      .poll(() => page.getByTestId('result').textContent())
      .toContain('Someone changed this while you were looking');
    await expect.poll(() => page.getByTestId('target-override').textContent()).toContain('bob');
    expect((await app.services.storage.overrides.get('dev-user2'))?.override).toMatchObject({
      kind: 'keep-stopped',
      reason: 'bob',
    });
    // Now it read Bob's override, and sends its ETag; set one more to change it.
    await page.reload();
    await page.getByTestId('timeline').waitFor();
    await page.getByRole('button', { name: 'Remove override' }).click();
    await app.http('POST', 'targets/dev-user2/override', {
      body: { kind: 'keep-stopped', duration: 'PT3H', reason: 'bob again' },
      headers: { 'if-match': '*' },
    });
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect
      .poll(() => page.getByTestId('result').textContent())
      .toContain('Someone changed this while you were looking');
    await expect.poll(() => page.getByTestId('target-override').textContent()).toContain('bob again');
    await page.close();
  });

  it("shows each target's AKS maintenance windows, whether its schedule leaves it up for them, and the fleet's count", async () => {
    const office = await open(operator, '#/targets/dev-user1');
    const section = office.getByTestId('target-maintenance');
    await section.waitFor();
    expect(await section.textContent()).toContain('Policy warn');
    expect(await section.textContent()).toContain('Up for 0 of 4 windows in the next 4 weeks.');
    // The window in the schedule's zone (Berlin), the target down for it, and what to do.
    const rows = office.getByTestId('maintenance-windows').locator('tbody tr');
    expect(await rows.count()).toBe(4);
    expect(await rows.first().textContent()).toBe(
      'Sun 29 Nov 02:00 – Sun 29 Nov 06:00Node OS upgradeaksManagedNodeOSUpgradeScheduledown: missed',
    );
    expect(await office.getByTestId('maintenance-warnings').textContent()).toContain(
      "keeps dev-user1 down for every maintenance window of its cluster in the next 4 weeks, the first the node OS upgrade window Sun 02:00–Sun 06:00 (Europe/Berlin, aksManagedNodeOSUpgradeSchedule): AKS does no maintenance on a stopped cluster or pool, so it is not patched; set the schedule's Maintenance to wake, or move the window",
    );
    expect(await seriousViolations(office)).toEqual([]);
    await office.close();
    // The build agents are up at night and at weekends: every Sunday window attended, nothing to fix.
    const nights = await open(operator, '#/targets/ci-agents');
    await nights.getByTestId('target-maintenance').waitFor();
    expect(await nights.getByTestId('target-maintenance').textContent()).toContain(
      'Up for 4 of 4 windows in the next 4 weeks.',
    );
    // Its only warning is about its Kubernetes version (the fake's 1.33, past AKS's end of life), none about windows.
    expect(await nights.getByTestId('maintenance-warnings').textContent()).toMatch(
      /^Kubernetes 1\.33 reached its end of life/,
    );
    expect(await nights.getByTestId('maintenance-warnings').textContent()).not.toContain(
      'maintenance window',
    );
    await nights.close();
    const fleet = await open(operator);
    await expect
      .poll(() => fleet.getByTestId('fleet-maintenance').textContent())
      .toMatch(/^AKS maintenance windows attended in the next 4 weeks: \d+ of 12; \d target/);
    await fleet.close();
  });

  it('hides the buttons from a signed-in caller who is not an operator', async () => {
    const reader = await newContext(appServicePrincipal('reader@contoso.example', []));
    const page = await open(reader, '#/targets/dev-user1');
    await page.getByTestId('timeline').waitFor();
    expect(await page.getByTestId('who').textContent()).toBe(
      'Signed in as reader@contoso.example (read only) Sign out',
    );
    expect(await page.getByRole('button', { name: 'Stop now' }).count()).toBe(0);
    expect(await page.getByRole('note').textContent()).toContain('may not change things');
    await reader.close();
    // Without a principal (a function key) the page offers App Service Authentication's sign-in, back to this view.
    const anonymous = await newContext();
    const start = await open(anonymous, '#/schedules');
    await expect.poll(() => start.getByTestId('who').textContent()).toContain('Not signed in');
    expect(await start.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe(
      `/.auth/login/aad?post_login_redirect_uri=${encodeURIComponent('/api/ui#/schedules')}`,
    );
    await anonymous.close();
  });

  it('edits a schedule: a typo gets the CLI’s message as one types; the fixed one is saved', async () => {
    const page = await open(operator, '#/schedules/office');
    await page.getByTestId('weeks').waitFor();
    expect(await page.getByTestId('weeks').textContent()).toContain('Hours saved');
    const typo = 'Mon-Fir 08:00-20:00';
    const expected = cliProblems({ uptime: typo, timeZone: 'Europe/Berlin' });
    expect(expected.length).toBeGreaterThan(0);
    await page.getByLabel('Uptime', { exact: true }).fill(typo);
    await expect.poll(() => page.getByTestId('spec-problems').textContent()).toBe(expected.join(''));
    expect(await page.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Uptime', { exact: true }).fill('Mon-Fri 07:00-19:00');
    await expect.poll(() => page.getByTestId('spec-problems').textContent()).toBe('The times are valid.');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Saved schedule office.');
    expect((await app.services.storage.schedules.get('office'))?.definition.uptime).toBe(
      'Mon-Fri 07:00-19:00',
    );
    await page.close();
  });
});

/** What `aks-offhours validate` prints for these fields: Schedule.compile's problems. */
function cliProblems(definition: { uptime: string; timeZone: string }): string[] {
  try {
    Schedule.compile(definition);
    return [];
  } catch (error) {
    if (error instanceof ScheduleSpecError) return error.problems.map(formatSpecProblem);
    throw error;
  }
}
