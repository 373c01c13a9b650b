import { upStretch, type ActionPlan, type ActionWarningCode } from './planTargetAction.js';
import type { Override } from './Override.js';
import type { DesiredState } from './PowerState.js';
import { clockIn, dayFrom, daysFrom, durationWords, whenFrom } from './whenIn.js';

/*
 * The one place an action's effect becomes words (docs/status-page.md, "Words for people"): the
 * preview API (and so the status page's confirmation and its Skip button), the override lines of
 * the fleet and the target page, the notices' links, their confirmation and Done pages all say a
 * skip, a hold or a replaced override with these functions, so they say it alike. Instants are
 * written by whenIn.ts, in the schedule's zone, which each sentence names.
 */

/** An action's plan in people's words: times in the schedule's zone, named; no ISO, no internal names. */
export interface ActionWords {
  /** The whole confirmation: what is done, until when, what it replaces, and the warnings. */
  words: string;
  now: string;
  skipped?: string;
  replaces?: string;
  warnings: { code: ActionWarningCode; words: string }[];
}

const STATE_WORDS: Record<DesiredState, string> = { running: 'running', stopped: 'stopped' };

/** A skip's words: the control's label and what it does. */
export interface SkipWords {
  /** `Skip tonight’s 20:00 stop`, `Skip Monday’s 20:00 stop`: the page's button, the notice's link. */
  label: string;
  /** `skip Monday’s 20:00 stop: up until Tuesday 08:00, 12 h longer`. */
  sentence: string;
}

/** The hour from which a stop later today is "tonight’s", and before which one tomorrow still is. */
const EVENING_HOUR = 17;
const SMALL_HOURS = 5;

/**
 * `tonight’s`, `today’s`, `tomorrow’s`, `Monday’s` or `Tue 15 Dec’s`: whose stop or start it is,
 * said from `now` in `zone`. "Tonight" only for a stop this evening (or in the small hours after
 * it): a Monday 08:00 stop seen on a Saturday is Monday’s, never tonight’s.
 */
function whose(instant: number, now: number, zone: string, stop: boolean): string {
  const days = daysFrom(instant, now, zone);
  const hour = Number(clockIn(instant, zone).slice(0, 2));
  if (stop && ((days === 0 && hour >= EVENING_HOUR) || (days === 1 && hour < SMALL_HOURS)))
    return 'tonight’s';
  if (days === -1) return 'yesterday’s';
  return `${dayFrom(instant, now, zone)}’s`;
}

/**
 * What skipping the stop (or start) at `at` does, until the override's end `until` (the start, or
 * stop, after it): whose it is, until when, and how much longer than the schedule says.
 */
export function skipWords(
  kind: 'skip-next-stop' | 'skip-next-start',
  at: number,
  until: number,
  now: number,
  zone: string,
): SkipWords {
  const stop = kind === 'skip-next-stop';
  const what = `${whose(at, now, zone, stop)} ${clockIn(at, zone)} ${stop ? 'stop' : 'start'}`;
  return {
    label: `Skip ${what}`,
    sentence: `skip ${what}: ${stop ? 'up' : 'down'} until ${whenFrom(until, now, zone)}, ${durationWords(until - at)} longer`,
  };
}

/** The skip a plan makes, in words; undefined for an action that skips nothing. */
export function skipWordsOf(plan: ActionPlan, zone: string): SkipWords | undefined {
  const kind = plan.override?.kind;
  if (!plan.skipped || (kind !== 'skip-next-stop' && kind !== 'skip-next-start')) return undefined;
  return skipWords(kind, plan.skipped.at, plan.skipped.until, plan.now, zone);
}

/** An override as a person would name it: "keep running until today 22:00 (set by alice)". */
export function overrideWords(override: Override, now: number, zone: string): string {
  const by = override.createdBy ? ` (set by ${override.createdBy})` : '';
  const until = whenFrom(override.until, now, zone);
  switch (override.kind) {
    case 'keep-running':
      return `keep running until ${until}${by}`;
    case 'keep-stopped':
      return `keep stopped until ${until}${by}`;
    case 'skip-next-stop':
    case 'skip-next-start':
      return `${skipWords(override.kind, override.from, override.until, now, zone).sentence}${by}`;
  }
}

/** A sentence that stands alone (a fleet row, a notice page), with the zone its times are in named. */
export function withZone(sentence: string, zone: string): string {
  return `${sentence} (times in ${zone})`;
}

export function describeActionPlan(plan: ActionPlan, targetName: string, zone: string): ActionWords {
  const { now } = plan;
  const when = (instant: number) => whenFrom(instant, now, zone);
  const nowWords = stretchWords(plan, targetName, when);
  const skipped = skipWordsOf(plan, zone)?.sentence;
  const replaces = plan.replaces ? overrideWords(plan.replaces, now, zone) : undefined;
  const warnings = plan.warnings.map(({ code }) => ({ code, words: warningWords(code, plan, when) }));
  const notTonight = warnings.filter(
    ({ code }) => code === 'no-stop-tonight' || code === 'no-start-tomorrow',
  );
  const sentences = [
    ...notTonight.map(({ words }) => words),
    headline(plan, targetName, when, skipped),
    nowWords,
    ...(replaces
      ? [
          plan.action === 'remove'
            ? `It removes the override: ${replaces}.`
            : `It replaces the current override: ${replaces}.`,
        ]
      : []),
    ...warnings.filter((warning) => !notTonight.includes(warning)).map(({ words }) => words),
    `Times in ${zone}.`,
  ];
  return {
    words: sentences.join(' '),
    now: nowWords,
    ...(skipped ? { skipped } : {}),
    ...(replaces ? { replaces } : {}),
    warnings,
  };
}

function headline(
  plan: ActionPlan,
  name: string,
  when: (instant: number) => string,
  skipped: string | undefined,
): string {
  const { override } = plan;
  switch (plan.action) {
    case 'start':
      return `Start ${name} now and keep it running until ${when(override!.until)}.`;
    case 'stop':
      return `Stop ${name} now and keep it stopped until ${when(override!.until)}.`;
    case 'keep-running':
      return `Keep ${name} running until ${when(override!.until)}, whatever the schedule says.`;
    case 'keep-stopped':
      return `Keep ${name} stopped until ${when(override!.until)}, whatever the schedule says.`;
    case 'skip-next-stop':
    case 'skip-next-start':
      return `${capitalise(skipped ?? '')}.`;
    case 'remove':
      return `Remove the override of ${name}: the schedule decides again at once.`;
  }
}

/** From now: the state asked for and until when, then the change that ends it. */
function stretchWords(plan: ActionPlan, name: string, when: (instant: number) => string): string {
  const running = plan.desiredNow === 'running';
  const state = running ? 'runs' : 'stays stopped';
  if (plan.stretchUntil === undefined) return `From now ${name} ${state}.`;
  const length = durationWords(plan.stretchUntil - plan.now);
  return `From now ${name} ${state} until ${when(plan.stretchUntil)} (${length}), then it is ${running ? 'stopped' : 'started'}.`;
}

function warningWords(code: ActionWarningCode, plan: ActionPlan, when: (instant: number) => string): string {
  switch (code) {
    case 'changes-nothing':
      return 'This changes nothing: the schedule and the current override already ask for the same.';
    case 'shortens-override':
      return `This shortens the current override: ${STATE_WORDS[plan.desiredNow]} until ${plan.stretchUntil !== undefined ? when(plan.stretchUntil) : 'further notice'} instead of until ${plan.before.until !== undefined ? when(plan.before.until) : 'further notice'}.`;
    case 'no-stop-tonight':
      return 'There is no scheduled stop this evening; the next one is skipped instead.';
    case 'no-start-tomorrow':
      return 'There is no scheduled start tomorrow morning; the next one is skipped instead.';
    case 'long': {
      const up = upStretch(plan);
      const hours = up?.to !== undefined ? durationWords(up.to - up.from) : 'for good';
      return `That keeps it up ${hours} in a row, more than a day.`;
    }
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
