import { describe, expect, it } from 'vitest';
import type { MaintenanceWindowJson } from '../../../dev/fakeArm/FakeFleetModel.js';
import {
  channelTarget,
  DEFAULT_KUBERNETES_VERSIONS,
  upgradesFrom,
} from '../../../dev/fakeArm/kubernetesVersions.js';
import { maintenanceWindowAt } from '../../../dev/fakeArm/maintenanceWindowAt.js';
import { nodeImageVersionAt, WEEKLY_NODE_IMAGES } from '../../../dev/fakeArm/nodeImageVersionAt.js';

/*
 * The fake's own window arithmetic (planned-maintenance.md), checked hour by hour over whole weeks
 * and months: which hours are inside a window, in which offset, and which days are blocked.
 */

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);

/** Every hour in [from, to) at which the window is open, as ISO strings. */
function openHours(window: MaintenanceWindowJson, from: string, to: string): string[] {
  const hours: string[] = [];
  for (let instant = at(from); instant < at(to); instant += HOUR)
    if (maintenanceWindowAt(window, instant)) hours.push(new Date(instant).toISOString().slice(0, 13));
  return hours;
}

const sunday = (overrides: Partial<MaintenanceWindowJson> = {}): MaintenanceWindowJson => ({
  schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Sunday' } },
  durationHours: 4,
  utcOffset: '+00:00',
  startDate: '2026-11-01',
  startTime: '01:00',
  ...overrides,
});

describe('a maintenance window over a week', () => {
  it('weekly on Sunday 01:00 for 4 hours: open 01:00-05:00 that Sunday only', () => {
    expect(openHours(sunday(), '2026-11-23T00:00Z', '2026-11-30T00:00Z')).toEqual([
      '2026-11-29T01',
      '2026-11-29T02',
      '2026-11-29T03',
      '2026-11-29T04',
    ]);
  });

  it('the offset moves it: Sunday 01:00 at +09:00 is Saturday 16:00-20:00 UTC', () => {
    expect(openHours(sunday({ utcOffset: '+09:00' }), '2026-11-23T00:00Z', '2026-11-30T00:00Z')).toEqual([
      '2026-11-28T16',
      '2026-11-28T17',
      '2026-11-28T18',
      '2026-11-28T19',
    ]);
  });

  it('a window past midnight is open into the next day, and the occurrence says when it opened and closes', () => {
    const window = sunday({ startTime: '22:00', durationHours: 6 });
    expect(openHours(window, '2026-11-29T00:00Z', '2026-12-01T00:00Z')).toEqual([
      '2026-11-29T22',
      '2026-11-29T23',
      '2026-11-30T00',
      '2026-11-30T01',
      '2026-11-30T02',
      '2026-11-30T03',
    ]);
    expect(maintenanceWindowAt(window, at('2026-11-30T02:30Z'))).toEqual({
      opensAt: at('2026-11-29T22:00Z'),
      closesAt: at('2026-11-30T04:00Z'),
    });
  });

  it('every second week, counted from the start date', () => {
    const window = sunday({ schedule: { weekly: { intervalWeeks: 2, dayOfWeek: 'Sunday' } } });
    const sundays = openHours(window, '2026-11-01T00:00Z', '2026-12-31T00:00Z').filter((hour) =>
      hour.endsWith('T01'),
    );
    expect(sundays).toEqual([
      '2026-11-01T01',
      '2026-11-15T01',
      '2026-11-29T01',
      '2026-12-13T01',
      '2026-12-27T01',
    ]);
  });

  it('nothing before the start date', () => {
    expect(openHours(sunday({ startDate: '2026-11-30' }), '2026-11-23T00:00Z', '2026-11-30T00:00Z')).toEqual(
      [],
    );
  });

  it('notAllowedDates block whole days in the offset, the end day included', () => {
    const window = sunday({
      schedule: { daily: { intervalDays: 1 } },
      utcOffset: '+02:00',
      startTime: '03:00',
      notAllowedDates: [{ start: '2026-11-24', end: '2026-11-25' }],
    });
    // 03:00 at +02:00 is 01:00 UTC: open 01:00-05:00 UTC each day but the 24th and 25th (local).
    expect(
      openHours(window, '2026-11-23T00:00Z', '2026-11-27T00:00Z').filter((hour) => hour.endsWith('T01')),
    ).toEqual(['2026-11-23T01', '2026-11-26T01']);
  });

  it('every third day from the start date', () => {
    const window = sunday({ schedule: { daily: { intervalDays: 3 } } });
    expect(
      openHours(window, '2026-11-01T00:00Z', '2026-11-11T00:00Z').filter((hour) => hour.endsWith('T01')),
    ).toEqual(['2026-11-01T01', '2026-11-04T01', '2026-11-07T01', '2026-11-10T01']);
  });
});

describe('monthly windows over a year', () => {
  const firstHours = (window: MaintenanceWindowJson) =>
    openHours(window, '2026-01-01T00:00Z', '2027-01-01T00:00Z')
      .filter((hour) => hour.endsWith('T01'))
      .map((hour) => hour.slice(0, 10));

  it('absoluteMonthly on the 15th every 3 months from January', () => {
    expect(
      firstHours(
        sunday({
          schedule: { absoluteMonthly: { intervalMonths: 3, dayOfMonth: 15 } },
          startDate: '2026-01-01',
        }),
      ),
    ).toEqual(['2026-01-15', '2026-04-15', '2026-07-15', '2026-10-15']);
  });

  it('relativeMonthly: the last Sunday of each month, and the fourth one, differ when a month has five', () => {
    const last = firstHours(
      sunday({
        schedule: { relativeMonthly: { intervalMonths: 1, weekIndex: 'Last', dayOfWeek: 'Sunday' } },
        startDate: '2026-01-01',
      }),
    );
    const fourth = firstHours(
      sunday({
        schedule: { relativeMonthly: { intervalMonths: 1, weekIndex: 'Fourth', dayOfWeek: 'Sunday' } },
        startDate: '2026-01-01',
      }),
    );
    expect(last).toHaveLength(12);
    expect(fourth).toHaveLength(12);
    // March 2026 has five Sundays (1, 8, 15, 22, 29).
    expect(last).toContain('2026-03-29');
    expect(fourth).toContain('2026-03-22');
    // February 2026 has four: the fourth is the last.
    expect(last).toContain('2026-02-22');
    expect(fourth).toContain('2026-02-22');
  });
});

describe('versions', () => {
  it('upgrades from a patch: later patches of its minor and the next minor, the preview marked', () => {
    expect(upgradesFrom(DEFAULT_KUBERNETES_VERSIONS, '1.33.2')).toEqual([
      { kubernetesVersion: '1.33.5' },
      { kubernetesVersion: '1.34.1' },
      { kubernetesVersion: '1.34.3' },
    ]);
    expect(upgradesFrom(DEFAULT_KUBERNETES_VERSIONS, '1.34.3')).toEqual([
      { kubernetesVersion: '1.35.0', isPreview: true },
    ]);
  });

  it('each channel targets what auto-upgrade-cluster.md says, one minor at a time, never a preview', () => {
    const target = (channel: 'none' | 'patch' | 'stable' | 'rapid', current: string) =>
      channelTarget(DEFAULT_KUBERNETES_VERSIONS, channel, current);
    expect(target('none', '1.32.6')).toBeUndefined();
    expect(target('patch', '1.32.6')).toBe('1.32.9');
    expect(target('patch', '1.32.9')).toBeUndefined();
    expect(target('stable', '1.32.6')).toBe('1.33.5');
    expect(target('stable', '1.33.5')).toBeUndefined();
    expect(target('rapid', '1.32.9')).toBe('1.33.5');
    expect(target('rapid', '1.33.5')).toBe('1.34.3');
    expect(target('rapid', '1.34.3')).toBeUndefined();
    expect(target('patch', '1.29.4')).toBeUndefined();
  });

  it('a new node image every Monday, named after its day', () => {
    expect(nodeImageVersionAt(WEEKLY_NODE_IMAGES, at('2026-11-29T23:59Z'))).toBe(
      'AKSUbuntu-2204gen2containerd-202611.23.0',
    );
    expect(nodeImageVersionAt(WEEKLY_NODE_IMAGES, at('2026-11-30T00:00Z'))).toBe(
      'AKSUbuntu-2204gen2containerd-202611.30.0',
    );
  });
});
