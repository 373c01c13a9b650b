import type { BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWords } from '../../shared/domain/actionWords.js';
import { whenIn } from '../../shared/domain/whenIn.js';
import type { OverrideResult } from '../../web/apiTypes.js';
import { SUBSCRIPTION, type AppHarness } from '../helpers/appHarness.js';
import { appServicePrincipal } from '../helpers/appServicePrincipal.js';
import { poolId } from '../helpers/catalogRows.js';
import { startStatusPageWorld, type StatusPageWorld } from '../helpers/statusPageWorld.js';

// Issue 24, items 1, 3, 4 and 5: one scripted tour per action. What the page says before Confirm is
// compared with what the API answered, and the page after the next tick (Stopping/Starting, then
// the new state and the action's outcome) is read without a reload: the page refreshes itself.
const ZONE = 'Europe/Berlin';
const OPERATOR = 'alice@contoso.example';
/** A time as the page writes it, in whichever zone: `Fri 27 Nov 08:00`. */
const TIME = /(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d\d:\d\d/g;

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
      },
    ],
    schedules: { office: { uptime: 'Mon-Fri 08:00-20:00', timeZone: ZONE, holidays: 'DE' } },
    targets: {
      'dev-user1': { resourceId: poolId(SUBSCRIPTION, 'dev', 'user1'), schedule: 'office' },
      'dev-user2': { resourceId: poolId(SUBSCRIPTION, 'dev', 'user2'), schedule: 'office' },
      'dev-user3': { resourceId: poolId(SUBSCRIPTION, 'dev', 'user3'), schedule: 'office' },
    },
  });
  app = world.app;
  operator = await world.context(appServicePrincipal(OPERATOR, ['OffHours.Operator']));
}, 120_000);

afterAll(async () => world?.stop());

async function open(fragment: string): Promise<Page> {
  const page = await world.open(operator, fragment);
  await page.getByTestId('timeline').waitFor();
  // Marks this document: a reload would lose it, so the tour sees the page change by itself.
  await page.evaluate('globalThis.sameDocument = true');
  return page;
}

const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent()) ?? '';

/**
 * Presses the action's button, reads what will happen, presses Confirm and takes the API's answer
 * to that very request.
 */
async function confirm(
  page: Page,
  button: string | RegExp,
  fill?: (page: Page) => Promise<void>,
): Promise<{ before: string; answer: OverrideResult; result: string }> {
  await page
    .getByRole('button', typeof button === 'string' ? { name: button, exact: true } : { name: button })
    .click();
  if (fill) await fill(page);
  // The words are the preview's (GET …/preview): Confirm waits for them, and so does the tour.
  await expect
    .poll(() => page.getByTestId('will-happen').getAttribute('aria-busy'), { timeout: 15_000 })
    .toBe('false');
  await expect
    .poll(() => page.getByRole('button', { name: 'Confirm' }).isEnabled(), { timeout: 15_000 })
    .toBe(true);
  const before = await text(page, 'will-happen');
  let posted = false;
  const answered = page.waitForResponse(
    (response) => response.request().method() === 'POST' && response.url().includes('/api/targets/'),
  );
  // After the answer the page reads the target again: the tour waits for that very read, not a time.
  const reloaded = page.waitForResponse((response) => posted && isTargetRead(response));
  await page.getByRole('button', { name: 'Confirm' }).click();
  const response = await answered;
  posted = true;
  await reloaded;
  // 200, or 202 when a start or stop was enqueued (docs/api.md).
  expect([200, 202], await response.text()).toContain(response.status());
  const answer = (await response.json()) as OverrideResult;
  await expect.poll(() => text(page, 'result'), { timeout: 15_000 }).not.toBe('');
  return { before, answer, result: await text(page, 'result') };
}

/** The page's own read of a target: `GET /api/targets/<name>`, as it polls. */
function isTargetRead(response: Response): boolean {
  return (
    response.request().method() === 'GET' && /^\/api\/targets\/[^/]+$/.test(new URL(response.url()).pathname)
  );
}

/** Every time the text names is one the API's answer holds (the override's ends), in the schedule's zone or the viewer's. */
function timesHeldBy(before: string, answer: OverrideResult): void {
  const override = answer.target?.override;
  const instants = [override?.from, override?.until].flatMap((iso) => (iso ? [Date.parse(iso)] : []));
  const known = new Set(
    instants.flatMap((instant) =>
      [ZONE, 'Europe/London'].map((zone) => whenIn(instant, zone, { zoneName: false })),
    ),
  );
  for (const time of before.match(TIME) ?? []) expect(known, `"${time}" in: ${before}`).toContain(time);
}

/** What people read has no ISO instants and no internal words (issue 24, item 6). */
function peoplesWords(words: string): void {
  expect(words).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
  expect(words).not.toMatch(/keep-running|keep-stopped|skip-next|\bdesired\b|\(token /);
}

/**
 * The operation the action enqueued is begun (the page says Starting or Stopping), and after the
 * next tick is done (the page says the new state and how the action ended); never reloaded.
 */
async function followsWithoutReload(page: Page, action: 'start' | 'stop'): Promise<void> {
  await app.drain();
  await page.clock.setFixedTime(new Date(app.clock.now));
  await expect
    .poll(() => text(page, 'target-state'), { timeout: 15_000 })
    .toMatch(action === 'stop' ? /^stopping \(since / : /^starting \(since /);
  // Quiet while nothing changes (issue 24, item 5): the page asks again with the ETag it holds and
  // the API answers 304 without a body; the page keeps what it shows.
  const quiet = await page.waitForResponse((response) => isTargetRead(response) && response.status() === 304);
  expect(quiet.request().headers()['if-none-match']).toMatch(/^"[A-Za-z0-9_-]+"$/);
  expect(await text(page, 'target-state')).toMatch(/^(stopping|starting) \(since /);
  expect(await text(page, 'timeline-operation')).toMatch(
    action === 'stop' ? /^Stopping since/ : /^Starting since/,
  );
  app.clock.now += 5 * 60_000;
  await app.tick();
  await page.clock.setFixedTime(new Date(app.clock.now));
  const done = action === 'stop' ? 'stopped' : 'running';
  await expect.poll(() => text(page, 'target-state'), { timeout: 15_000 }).toBe(`${done}, wants ${done}`);
  await expect
    .poll(() => text(page, 'target-last-action'), { timeout: 15_000 })
    .toMatch(new RegExp(`^${action} at .*: succeeded`));
  expect(await page.evaluate('globalThis.sameDocument')).toBe(true);
  peoplesWords(await page.locator('main').innerText());
}

// A browser, the app and the fake ARM on a shared machine: each tour may take a while.
describe(
  'a tour of each action: the page before Confirm, the API after, the page after the next tick',
  { timeout: 90_000 },
  () => {
    it('start now', async () => {
      const page = await open('#/targets/dev-user1');
      expect(await text(page, 'target-state')).toBe('stopped, wants stopped');
      const { before, answer, result } = await confirm(page, 'Start now');
      expect(before).toMatch(/^Start dev-user1 now and keep it running until /);
      timesHeldBy(before, answer);
      expect(answer.outcome?.enqueued).toBe(true);
      // The result is the API's own answer, in people's words.
      expect(result).toContain('start enqueued');
      peoplesWords(result);
      // Held until the schedule's next change: the bar shows it up by the override until then.
      const held = answer.target?.override;
      const shown = (iso: string | undefined) => whenIn(Date.parse(iso ?? ''), ZONE, { zoneName: false });
      // The page reloads after the answer: wait for it.
      await expect
        .poll(() => text(page, 'timeline-words'), { timeout: 15_000 })
        .toContain(`up from ${shown(held?.from)} to ${shown(held?.until)}: kept running`);
      await followsWithoutReload(page, 'start');
      await page.close();
    });

    it('keep running until: proposed from the schedule, a quick choice, warned when it shortens the override', async () => {
      const page = await open('#/targets/dev-user2');
      await page.getByRole('button', { name: 'Keep running until…', exact: true }).click();
      // The field starts at the end the preview suggests (one source with the API); the viewer is in London.
      const preview = await app.http('GET', 'targets/dev-user2/preview?action=keep-running');
      const proposed = Date.parse(
        (preview.body as { keepRunning: { suggested: { until: string } } }).keepRunning.suggested.until,
      );
      // London is on UTC in November: the field holds the UTC wall time.
      await expect
        .poll(() => page.getByLabel('Until (your time, Europe/London)').inputValue(), { timeout: 15_000 })
        .toBe(new Date(proposed).toISOString().slice(0, 16));
      expect(await text(page, 'keep-until-local')).toBe(`That is ${whenIn(proposed, ZONE)}.`);
      const { before, answer, result } = await confirm(page, 'Keep running until…', async () => {
        // The quick choices are the preview's, shown once it answered; the field keeps the choice
        // whenever the suggested end arrives (it only fills an empty field).
        await page.getByRole('button', { name: /^until 22:00/ }).click();
        await expect
          .poll(() => text(page, 'will-happen'), { timeout: 15_000 })
          .toContain('until today 22:00');
        expect(await text(page, 'will-happen')).toContain('until today 22:00');
      });
      expect(before).toContain('Keep dev-user2 running until today 22:00');
      timesHeldBy(before, answer);
      expect(answer.target?.override).toMatchObject({
        kind: 'keep-running',
        until: '2026-11-26T21:00:00.000Z',
      });
      expect(result).toContain('start enqueued');
      peoplesWords(result);
      // The page reloads after the answer: wait for it.
      await expect
        .poll(() => text(page, 'target-override'), { timeout: 15_000 })
        .toContain('Kept running until Thu 26 Nov 22:00 Europe/Berlin');
      await followsWithoutReload(page, 'start');
      // Now a choice before the current override's end shortens it, and the field says so.
      await page.getByRole('button', { name: 'Keep running until…', exact: true }).click();
      await page.getByLabel('Until (your time, Europe/London)').fill('2026-11-26T20:30');
      await expect
        .poll(() => text(page, 'keep-until-warnings'), { timeout: 15_000 })
        .toContain('This shortens the current override');
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.close();
    });

    it('skip tonight: the stop it skips is the one the API skips, and the bar keeps it up through it', async () => {
      const page = await open('#/targets/dev-user3');
      // The control is named as the preview API names the skip, which is how a notice's link says it.
      const offered = await app.http('GET', 'targets/dev-user3/preview?action=skip-next-stop');
      const label = (offered.body as { skipped: { label: string } }).skipped.label;
      expect(label).toBe('Skip tomorrow’s 20:00 stop');
      await page.getByRole('button', { name: label, exact: true }).waitFor();
      const { before, answer, result } = await confirm(page, label);
      expect(before).toMatch(
        /^There is no scheduled stop this evening; the next one is skipped instead\. Skip tomorrow’s 20:00 stop: up until Monday 08:00, 60 h longer\./,
      );
      timesHeldBy(before, answer);
      const override = answer.target?.override;
      expect(override?.kind).toBe('skip-next-stop');
      // Thursday night: the next stop is Friday's 20:00; up until Monday's 08:00.
      expect(override).toMatchObject({ from: '2026-11-27T19:00:00.000Z', until: '2026-11-30T07:00:00.000Z' });
      peoplesWords(result);
      const words = skipWords(
        'skip-next-stop',
        Date.parse(override?.from ?? ''),
        Date.parse(override?.until ?? ''),
        app.clock.now,
        ZONE,
      );
      expect(words.sentence).toBe('skip tomorrow’s 20:00 stop: up until Monday 08:00, 60 h longer');
      await expect
        .poll(() => text(page, 'target-override'), { timeout: 15_000 })
        .toContain('Skip tomorrow’s 20:00 stop: up until Monday 08:00');
      // The bar: no stop planned at Friday 20:00; up by the override from then to Monday's start.
      const timeline = await text(page, 'timeline-words');
      expect(timeline).not.toContain('planned stop at Fri 27 Nov 20:00');
      expect(timeline).toContain('up from Fri 27 Nov 20:00 to Mon 30 Nov 08:00: a stop skipped');
      // Nothing to do tonight: the target stays stopped until its start at 07:45 tomorrow, begun ahead of 08:00.
      expect(answer.outcome?.enqueued).toBe(false);
      expect(timeline).toContain(
        'planned start at Fri 27 Nov 07:45 (begun ahead, so it is ready at the up time)',
      );
      peoplesWords(await page.locator('main').innerText());
      await page.close();
    });
    it('stop now, on Friday morning while the schedule has it up', async () => {
      // Friday 10:00 in Berlin: the keep-running of the start-now tour is over, the schedule has it up.
      app.clock.now = Date.parse('2026-11-27T09:00:00Z');
      await app.tick();
      await app.drain();
      app.clock.now += 5 * 60_000;
      await app.tick();
      const page = await open('#/targets/dev-user1');
      expect(await text(page, 'target-state')).toBe('running, wants running');
      // Keeping it running until 19:00 changes nothing: the schedule keeps it up until 20:00; the field says so.
      await page.getByRole('button', { name: 'Keep running until…', exact: true }).click();
      await page.getByLabel('Until (your time, Europe/London)').fill('2026-11-27T18:00');
      await expect
        .poll(() => text(page, 'keep-until-warnings'), { timeout: 15_000 })
        .toContain('This changes nothing');
      await page.getByRole('button', { name: 'Cancel' }).click();
      const { before, answer, result } = await confirm(page, 'Stop now');
      expect(before).toMatch(/^Stop dev-user1 now/);
      timesHeldBy(before, answer);
      expect(answer.outcome?.enqueued).toBe(true);
      expect(result).toContain('stop enqueued');
      peoplesWords(result);
      // The bar no longer shows it up: down, by the override, from now until the schedule's next change.
      const held = answer.target?.override;
      const shown = (iso: string | undefined) => whenIn(Date.parse(iso ?? ''), ZONE, { zoneName: false });
      // The page reloads after the answer: wait for it.
      await expect
        .poll(() => text(page, 'timeline-words'), { timeout: 15_000 })
        .toContain(`down from ${shown(held?.from)} to ${shown(held?.until)}: kept stopped`);
      await followsWithoutReload(page, 'stop');
      await page.close();
    });
  },
);
