import { upStretch, type ActionPlan, type ActionWarningCode } from './planTargetAction.js';
import type { Override } from './Override.js';
import type { DesiredState } from './PowerState.js';
import { dayPossessive, durationWords, whenWords } from './timeWords.js';

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

/** An override as a person would name it: "keep running until today 22:00 (set by alice)". */
export function overrideWords(override: Override, now: number, zone: string): string {
  const by = override.createdBy ? ` (set by ${override.createdBy})` : '';
  const until = whenWords(override.until, now, zone);
  switch (override.kind) {
    case 'keep-running':
      return `keep running until ${until}${by}`;
    case 'keep-stopped':
      return `keep stopped until ${until}${by}`;
    case 'skip-next-stop':
      return `skip ${dayPossessive(override.from, now, zone)} stop, up until ${until}${by}`;
    case 'skip-next-start':
      return `skip ${dayPossessive(override.from, now, zone)} start, down until ${until}${by}`;
  }
}

export function describeActionPlan(plan: ActionPlan, targetName: string, zone: string): ActionWords {
  const { now } = plan;
  const when = (instant: number) => whenWords(instant, now, zone);
  const nowWords = stretchWords(plan, targetName, when);
  const skipped = plan.skipped ? skippedWords(plan, when, zone) : undefined;
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

/**
 * "Skip tonight's 20:00 stop: up from now until Monday 7 December 20:00, 52 h in a row" (Monday's,
 * when there is none tonight): the whole stretch it makes, not only the skipped night.
 */
function skippedWords(plan: ActionPlan, when: (instant: number) => string, zone: string): string {
  const { at, tonight, from, to } = plan.skipped!;
  const stop = plan.action === 'skip-next-stop';
  const day = tonight && stop ? `tonight's ${timeOf(when(at))}` : dayPossessive(at, plan.now, zone);
  const since = from <= plan.now ? 'from now' : `from ${when(from)}`;
  const until =
    to === undefined ? '' : ` until ${when(to)}, ${durationWords(to - Math.max(from, plan.now))} in a row`;
  return `skip ${day} ${stop ? 'stop' : 'start'}: ${stop ? 'up' : 'down'} ${since}${until}`;
}

function timeOf(words: string): string {
  return words.slice(words.lastIndexOf(' ') + 1);
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
