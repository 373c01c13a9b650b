import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { resolveOverride } from '../../../shared/domain/resolveOverride.js';
import { Schedule } from '../../../shared/domain/Schedule.js';
import { skipWords } from '../../../shared/domain/actionWords.js';
import { at } from '../../helpers/instants.js';

// Issue 24, item 2: "Skip tonight" said of a stop that is not tonight. The words name whose stop is
// skipped, from the reader's day in the schedule's zone, over a whole week with a DST change.
const zone = 'Europe/Berlin';
const schedules = {
  office: Schedule.compile({ name: 'office', uptime: 'Mon-Fri 08:00-20:00', timeZone: zone }),
  nights: Schedule.compile({ name: 'nights', downtime: 'Mon-Fri 08:00-20:00', timeZone: zone }),
};

describe('skipWords', () => {
  it('says tonight’s only for a stop this evening, over every hour of a week with a DST change', () => {
    for (const [name, schedule] of Object.entries(schedules))
      for (let now = at('2026-03-26T23:00:00Z'); now < at('2026-04-03T22:00:00Z'); now += 3_600_000) {
        const skip = resolveOverride({ kind: 'skip-next-stop' }, schedule, now);
        const words = skipWords('skip-next-stop', skip.from, skip.until, now, zone);
        const stop = DateTime.fromMillis(skip.from, { zone });
        const today = DateTime.fromMillis(now, { zone }).startOf('day');
        const days = Math.round(stop.startOf('day').diff(today, 'days').days);
        const tonight = (days === 0 && stop.hour >= 17) || (days === 1 && stop.hour < 5);
        const context = `${name} at ${new Date(now).toISOString()}: ${words.label}`;
        expect(words.label.includes('tonight’s'), context).toBe(tonight);
        expect(words.label, context).toContain(`${stop.toFormat('HH:mm')} stop`);
        if (days >= 2) expect(words.label, context).toContain(`${stop.toFormat('cccc')}’s`);
        expect(words.sentence, context).toMatch(/^skip .* stop: up until .*, \d+ h( \d+ min)? longer$/);
        expect(words.sentence, context).toContain(
          DateTime.fromMillis(skip.until, { zone }).toFormat('HH:mm'),
        );
      }
  });

  it('on a Saturday, the office’s next stop is Monday’s: up until Tuesday 08:00, 12 h longer', () => {
    const saturday = at('2026-12-05T10:00:00Z');
    const skip = resolveOverride({ kind: 'skip-next-stop' }, schedules.office, saturday);
    expect(skipWords('skip-next-stop', skip.from, skip.until, saturday, zone)).toEqual({
      label: 'Skip Monday’s 20:00 stop',
      sentence: 'skip Monday’s 20:00 stop: up until Tuesday 08:00, 12 h longer',
    });
  });

  it('the nights schedule seen on a Sunday evening: tomorrow’s 08:00 stop, up until tomorrow 20:00', () => {
    const sunday = at('2026-12-06T19:00:00Z');
    const skip = resolveOverride({ kind: 'skip-next-stop' }, schedules.nights, sunday);
    expect(skipWords('skip-next-stop', skip.from, skip.until, sunday, zone)).toEqual({
      label: 'Skip tomorrow’s 08:00 stop',
      sentence: 'skip tomorrow’s 08:00 stop: up until tomorrow 20:00, 12 h longer',
    });
  });

  it('a Friday evening stop skipped keeps it up through the weekend', () => {
    const friday = at('2026-12-04T15:00:00Z');
    const skip = resolveOverride({ kind: 'skip-next-stop' }, schedules.office, friday);
    expect(skipWords('skip-next-stop', skip.from, skip.until, friday, zone).sentence).toBe(
      'skip tonight’s 20:00 stop: up until Monday 08:00, 60 h longer',
    );
  });
});
