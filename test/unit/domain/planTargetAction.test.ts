import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { describeActionPlan } from '../../../shared/domain/actionWords.js';
import {
  keepRunningChoices,
  planTargetAction,
  TARGET_ACTIONS,
  type TargetAction,
} from '../../../shared/domain/planTargetAction.js';
import { Schedule } from '../../../shared/domain/Schedule.js';

const ZONE = 'Europe/Berlin';
const office = Schedule.compile({ uptime: 'Mon-Fri 08:00-20:00', timeZone: ZONE, holidays: 'DE' });
const monSat = Schedule.compile({ uptime: 'Mon-Sat 08:00-20:00', timeZone: ZONE });
const DAY = 86_400_000;
/** Weeks with a DST change each way, Christmas holidays, and an ordinary week. */
const weekOf = (from: string) => fc.integer({ min: Date.parse(from), max: Date.parse(from) + 7 * DAY });
const instants = fc.oneof(
  weekOf('2026-10-21T00:00:00Z'),
  weekOf('2026-12-20T00:00:00Z'),
  weekOf('2027-03-24T00:00:00Z'),
  weekOf('2026-11-30T00:00:00Z'),
);
const schedules = fc.constantFrom(office, monSat);
const actions = fc.constantFrom(...TARGET_ACTIONS.filter((action) => action !== 'remove'));

function plan(schedule: Schedule, now: number, action: TargetAction, until?: number) {
  return planTargetAction({ action, schedule, now, ...(until !== undefined ? { until } : {}) });
}

describe('planTargetAction over weeks with DST changes and holidays', () => {
  it('property: skip tonight skips the next stop, and calls it tonight exactly when it comes before 06:00 tomorrow', () => {
    fc.assert(
      fc.property(instants, schedules, (now, schedule) => {
        const skip = plan(schedule, now, 'skip-next-stop');
        let stop = schedule.nextTransition(now) as number;
        if (!schedule.isUp(now)) stop = schedule.nextTransition(stop) as number;
        expect(skip.skipped?.at).toBe(stop);
        const morning = DateTime.fromMillis(now, { zone: ZONE }).startOf('day').plus({ days: 1, hours: 6 });
        expect(skip.skipped?.tonight).toBe(stop < morning.toMillis());
        expect(skip.warnings.some((warning) => warning.code === 'no-stop-tonight')).toBe(
          !skip.skipped?.tonight,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('property: the words name times in the schedule zone, never ISO 8601 or internal names', () => {
    fc.assert(
      fc.property(
        instants,
        schedules,
        actions,
        fc.integer({ min: 15, max: 3 * 24 * 60 }),
        (now, schedule, action, minutes) => {
          const holds = action === 'keep-running' || action === 'keep-stopped';
          const { words } = describeActionPlan(
            plan(schedule, now, action, holds ? now + minutes * 60_000 : undefined),
            'pool',
            ZONE,
          );
          expect(words).not.toMatch(
            /\d{4}-\d{2}-\d{2}|T\d{2}:\d{2}|Z\b|keep-running|keep-stopped|skip-next|desired/,
          );
          expect(words).toContain('Times in Europe/Berlin.');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: keep-running choices end after now, +2 h is an hour after +1 h, and the suggestion is the stop plus 2 h or 22:00 if later', () => {
    fc.assert(
      fc.property(instants, schedules, (now, schedule) => {
        const { suggested, choices } = keepRunningChoices(schedule, undefined, now, '22:00', 14 * DAY);
        for (const choice of choices) expect(choice.until).toBeGreaterThan(now);
        const plusOne = choices.find((choice) => choice.label === '+1 h')?.until ?? 0;
        const plusTwo = choices.find((choice) => choice.label === '+2 h')?.until ?? 0;
        expect(plusTwo - plusOne).toBe(3_600_000);
        const evening = choices.find((choice) => choice.label === 'until 22:00')?.until ?? 0;
        expect(suggested.until).toBe(Math.max(plusTwo, evening));
      }),
      { numRuns: 300 },
    );
  });
});

describe('what an action says', () => {
  const words = (schedule: Schedule, iso: string, action: TargetAction, until?: string) =>
    describeActionPlan(
      plan(schedule, Date.parse(iso), action, until ? Date.parse(until) : undefined),
      'pool',
      ZONE,
    ).words;

  it('on a Saturday, skip tonight says there is no stop tonight, which stop it skips and for how long', () => {
    expect(words(office, '2026-12-05T10:00:00Z', 'skip-next-stop')).toBe(
      'There is no scheduled stop this evening; the next one is skipped instead. Skip Monday’s 20:00 stop: up until Tuesday 08:00, 12 h longer. From now pool stays stopped until Monday 08:00 (45 h), then it is started. That keeps it up 36 h in a row, more than a day. Times in Europe/Berlin.',
    );
  });

  it('on a Friday afternoon, skip tonight keeps it up over the weekend, and says so', () => {
    expect(words(office, '2026-12-04T15:00:00Z', 'skip-next-stop')).toContain(
      'Skip tonight’s 20:00 stop: up until Monday 08:00, 60 h longer. From now pool runs until Monday 20:00 (76 h), then it is stopped. That keeps it up 76 h in a row, more than a day.',
    );
  });

  it('keep running past the stop, then back to the schedule; one that ends before the stop changes nothing', () => {
    expect(words(office, '2026-12-03T10:00:00Z', 'keep-running', '2026-12-03T21:00:00Z')).toBe(
      'Keep pool running until today 22:00, whatever the schedule says. From now pool runs until today 22:00 (11 h), then it is stopped. Times in Europe/Berlin.',
    );
    expect(words(office, '2026-12-03T10:00:00Z', 'keep-running', '2026-12-03T12:00:00Z')).toContain(
      'This changes nothing',
    );
  });

  it('keep running until 22:00 over tonight’s skip says it shortens it', () => {
    const now = Date.parse('2026-12-03T10:00:00Z');
    const current = plan(office, now, 'skip-next-stop').override;
    const shorter = planTargetAction({
      action: 'keep-running',
      schedule: office,
      now,
      until: Date.parse('2026-12-03T21:00:00Z'),
      ...(current ? { current } : {}),
    });
    expect(shorter.warnings.map((warning) => warning.code)).toEqual(['shortens-override']);
    expect(describeActionPlan(shorter, 'pool', ZONE).words).toContain(
      'It replaces the current override: skip tonight’s 20:00 stop: up until tomorrow 08:00, 12 h longer. This shortens the current override: running until today 22:00 instead of until tomorrow 20:00.',
    );
  });
});
