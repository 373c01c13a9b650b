import { describe, expect, it } from 'vitest';
import type { Override } from '../../../shared/domain/Override.js';
import { keepUntilInstant, planNotices, type NoticeCandidate } from '../../../shared/domain/planNotices.js';
import { Schedule } from '../../../shared/domain/Schedule.js';

const office = Schedule.compile({ name: 'office', uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Asia/Tokyo' });
const berlin = Schedule.compile({ name: 'berlin', uptime: 'Mon-Fri 08:00-12:00', timeZone: 'Europe/Berlin' });
// Thursday 2026-11-26 20:00 Tokyo is 11:00 UTC.
const STOP = Date.parse('2026-11-26T11:00:00Z');
const MINUTE = 60_000;

function candidate(name: string, extra: Partial<NoticeCandidate> = {}): NoticeCandidate {
  return {
    name,
    resourceId: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/${name}`,
    scheduleName: 'office',
    schedule: office,
    channels: ['team'],
    overrides: [],
    stopped: false,
    ...extra,
  };
}

const keep = (from: number, until: number): Override => ({
  kind: 'keep-running',
  effect: 'running',
  from,
  until,
  createdAt: from,
});

describe('planNotices', () => {
  it('plans one notice per channel and stop time, listing its targets, within the lead time only', () => {
    const candidates = [candidate('b'), candidate('a'), candidate('c', { channels: ['team', 'ops'] })];
    expect(planNotices(candidates, STOP - 31 * MINUTE, 30 * MINUTE)).toEqual([]);
    const notices = planNotices(candidates, STOP - 30 * MINUTE, 30 * MINUTE);
    expect(
      notices.map((notice) => [notice.channel, notice.stopAt, notice.targets.map((t) => t.name)]),
    ).toEqual([
      ['ops', STOP, ['c']],
      ['team', STOP, ['a', 'b', 'c']],
    ]);
    expect(notices[0]?.targets[0]?.zone).toBe('Asia/Tokyo');
    // Every tick until the stop plans the same notice: the Notices claim makes it go out once.
    expect(planNotices(candidates, STOP - MINUTE, 30 * MINUTE)).toEqual(notices);
    expect(planNotices(candidates, STOP, 30 * MINUTE)).toEqual([]);
  });

  it('leaves out targets without channels, already stopped, kept up at the stop, or held down', () => {
    const now = STOP - 10 * MINUTE;
    const planned = planNotices(
      [
        candidate('quiet', { channels: [] }),
        candidate('stopped', { stopped: true }),
        candidate('kept', { overrides: [keep(now - MINUTE, STOP + 60 * MINUTE)] }),
        candidate('kept-too-short', { overrides: [keep(now - MINUTE, STOP - MINUTE)] }),
        candidate('held-down', {
          overrides: [
            { kind: 'keep-stopped', effect: 'stopped', from: now - MINUTE, until: STOP, createdAt: now },
          ],
        }),
        candidate('skipped', {
          overrides: [
            {
              kind: 'skip-next-stop',
              effect: 'running',
              from: STOP,
              until: STOP + 12 * 60 * MINUTE,
              createdAt: now,
            },
          ],
        }),
      ],
      now,
      30 * MINUTE,
    );
    expect(planned.flatMap((notice) => notice.targets.map((target) => target.name))).toEqual([
      'kept-too-short',
    ]);
  });

  it('separates targets whose schedules stop at different instants', () => {
    // Thursday 12:00 Berlin is 11:00 UTC: the same instant as 20:00 Tokyo, so one notice.
    const same = planNotices(
      [candidate('tokyo'), candidate('berlin', { schedule: berlin, scheduleName: 'berlin' })],
      STOP - MINUTE,
      30 * MINUTE,
    );
    expect(same).toHaveLength(1);
    expect(same[0]?.targets.map((target) => target.zone)).toEqual(['Europe/Berlin', 'Asia/Tokyo']);
  });
});

describe('keepUntilInstant', () => {
  it('is the first such local time after the stop, within 12 hours', () => {
    expect(new Date(keepUntilInstant(STOP, 'Asia/Tokyo', '22:00') ?? 0).toISOString()).toBe(
      '2026-11-26T13:00:00.000Z',
    );
    // A stop at 23:00 gets no "until 22:00": that would be almost a day.
    expect(keepUntilInstant(STOP + 3 * 60 * MINUTE, 'Asia/Tokyo', '22:00')).toBeUndefined();
    expect(new Date(keepUntilInstant(STOP + 3 * 60 * MINUTE, 'Asia/Tokyo', '02:00') ?? 0).toISOString()).toBe(
      '2026-11-26T17:00:00.000Z',
    );
  });
});
