import { describe, expect, it } from 'vitest';
import type { ScheduledTarget } from '../../../shared/app/catalog/loadCatalog.js';
import { previewOf } from '../../../shared/app/targets/actionPreview.js';
import { skipWords } from '../../../shared/domain/actionWords.js';
import type { Override } from '../../../shared/domain/Override.js';
import { planNotices } from '../../../shared/domain/planNotices.js';
import { planTargetAction } from '../../../shared/domain/planTargetAction.js';
import { Schedule } from '../../../shared/domain/Schedule.js';

// Issue 24, item 2: "Notices use the same words." A notice's skip link is labelled, and its pages
// speak, from the notice's own facts (planNotices: the stop it warns of and the start after it, as
// NoticeService and NoticeLinkService pass them to skipWords); the status page's control from the
// preview API's plan (previewOf over planTargetAction). At every instant a notice goes out, over a
// week with a weekday, a Saturday, a holiday and a DST change, in three zones, with and without an
// override, both must say the same.
const STEP_MS = 15 * 60_000;
const HOUR_MS = 3_600_000;

const WEEKS = [
  // Sat 28 Mar - Sat 4 Apr 2026: Europe's DST change on Sunday 29 March, Good Friday a holiday in Germany.
  { zone: 'Europe/Berlin', holidays: 'DE', from: '2026-03-28T00:00:00Z' },
  // Sat 7 - Sat 14 Mar 2026: America's DST change on Sunday 8 March; Tuesday 10 March closed.
  { zone: 'America/New_York', holidays: '2026-03-10', from: '2026-03-07T05:00:00Z' },
  // Sat 14 - Sat 21 Mar 2026: no DST in Japan; Friday 20 March (Vernal Equinox Day) closed.
  { zone: 'Asia/Tokyo', holidays: '2026-03-20', from: '2026-03-13T15:00:00Z' },
];

const UPTIMES = ['Mon-Fri 08:00-20:00', 'Mon-Sat 09:00-18:00'];
/** The default lead (30 min), and one long enough to warn on Saturday of Monday's stop. */
const LEADS_MS = [30 * 60_000, 40 * HOUR_MS];

/** None, or a keep-running someone set that ends an hour before the stop (it does not hold the target up at the stop). */
function overridesFor(withOverride: boolean, now: number, stopAt: number): Override[] {
  if (!withOverride || stopAt - HOUR_MS <= now) return [];
  return [{ kind: 'keep-running', effect: 'running', from: now, until: stopAt - HOUR_MS, createdAt: now }];
}

describe('a notice offering a skip says what the status page’s skip control says', () => {
  it('at every instant a notice goes out, over a week in three zones, with and without an override', () => {
    let compared = 0;
    for (const week of WEEKS)
      for (const uptime of UPTIMES) {
        const schedule = Schedule.compile({
          name: 'office',
          uptime,
          timeZone: week.zone,
          holidays: week.holidays,
        });
        const scheduled = { schedule: { schedule } } as unknown as ScheduledTarget;
        const start = Date.parse(week.from);
        for (let now = start; now < start + 7 * 24 * HOUR_MS; now += STEP_MS)
          for (const leadMs of LEADS_MS)
            for (const withOverride of [false, true]) {
              const stopAt = schedule.isUp(now) ? schedule.nextTransition(now) : undefined;
              if (stopAt === undefined) continue;
              const overrides = overridesFor(withOverride, now, stopAt);
              const [notice] = planNotices(
                [
                  {
                    name: 'pool',
                    resourceId: 'pool',
                    scheduleName: 'office',
                    schedule,
                    channels: ['team'],
                    overrides,
                    stopped: false,
                  },
                ],
                now,
                leadMs,
              );
              const target = notice?.targets[0];
              if (!notice || target?.upUntil === undefined) continue;
              const noticeWords = skipWords(
                'skip-next-stop',
                notice.stopAt,
                target.upUntil,
                now,
                target.zone,
              );
              const plan = planTargetAction({
                action: 'skip-next-stop',
                schedule,
                now,
                ...(overrides[0] ? { current: overrides[0] } : {}),
              });
              const page = previewOf('pool', scheduled, plan, undefined, undefined).skipped;
              const context = `${uptime} in ${week.zone} at ${new Date(now).toISOString()}, lead ${leadMs / 60_000} min${withOverride ? ', with an override' : ''}`;
              expect(page?.label, context).toBe(noticeWords.label);
              expect(page?.words, context).toBe(noticeWords.sentence);
              expect(page?.label, context).toMatch(
                /^Skip (tonight|today|tomorrow|[A-Z][a-z]+day)’s \d\d:\d\d stop$/,
              );
              compared += 1;
            }
      }
    // Enough notices to mean something: every weekday's stop, at each step of each lead, per zone.
    expect(compared).toBeGreaterThan(1000);
  });
});
