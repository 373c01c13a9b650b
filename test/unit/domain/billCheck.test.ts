import { describe, expect, it } from 'vitest';
import { BILL_SETTLING_MS, compareCosts, wholeDaysOf } from '../../../shared/domain/billCheck.js';
import { runningPeriods } from '../../../shared/domain/runningPeriods.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DECEMBER = Date.parse('2026-12-01T00:00:00Z');
const D4 = { location: 'westeurope', nodes: [{ vmSize: 'Standard_D4s_v5', count: 3 }] };
const D8 = { location: 'westeurope', nodes: [{ vmSize: 'Standard_D8s_v5', count: 1 }] };

describe('compareCosts: the estimate beside the bill', () => {
  it('flags a difference over 10 % of the bill either way, and not one of 10 % or less', () => {
    expect(compareCosts(110, 100)).toEqual({
      estimated: 110,
      actual: 100,
      differencePercent: 10,
      flagged: false,
    });
    expect(compareCosts(110.01, 100)).toMatchObject({ differencePercent: 10, flagged: true });
    expect(compareCosts(89, 100)).toMatchObject({ differencePercent: -11, flagged: true });
    expect(compareCosts(95.5, 100)).toMatchObject({ differencePercent: -4.5, flagged: false });
  });

  it('an estimate of money never billed is flagged with no percentage; nothing against nothing is not', () => {
    expect(compareCosts(12, 0)).toEqual({ estimated: 12, actual: 0, differencePercent: null, flagged: true });
    expect(compareCosts(0, 0)).toEqual({ estimated: 0, actual: 0, differencePercent: 0, flagged: false });
    expect(compareCosts(0, 5)).toMatchObject({ differencePercent: -100, flagged: true });
  });

  it('takes another threshold', () => {
    expect(compareCosts(101.5, 100, 1)).toMatchObject({ flagged: true });
    expect(compareCosts(101.5, 100, 2)).toMatchObject({ flagged: false });
  });
});

describe('wholeDaysOf: the days the bill can be checked on', () => {
  it('over a whole week, hour by hour, gives only whole UTC days that ended a day before now, within the period', () => {
    const range = { from: DECEMBER + 5 * HOUR, to: DECEMBER + 31 * DAY };
    for (let now = DECEMBER; now < DECEMBER + 7 * DAY; now += HOUR) {
      const days = wholeDaysOf(range, now);
      const expectedTo = Math.floor((now - BILL_SETTLING_MS) / DAY) * DAY;
      if (expectedTo <= DECEMBER + DAY) {
        expect(days, new Date(now).toISOString()).toBeUndefined();
        continue;
      }
      expect(days, new Date(now).toISOString()).toEqual({ from: DECEMBER + DAY, to: expectedTo });
      expect((days?.to ?? 0) + BILL_SETTLING_MS).toBeLessThanOrEqual(now);
    }
  });

  it('a month that is over is checked to its end', () => {
    expect(wholeDaysOf({ from: DECEMBER - 30 * DAY, to: DECEMBER }, DECEMBER + 3 * DAY)).toEqual({
      from: DECEMBER - 30 * DAY,
      to: DECEMBER,
    });
  });
});

describe('runningPeriods: the rest of the stopped periods, with the nodes believed to run', () => {
  const week = { from: DECEMBER, to: DECEMBER + 7 * DAY };

  it('a target never stopped ran all along on its fallback; one with no nodes known has none', () => {
    expect(runningPeriods([], week, D4)).toEqual([{ ...week, footprint: D4 }]);
    expect(runningPeriods([], week, undefined)).toEqual([week]);
  });

  it('each run is priced on the nodes seen before the stop that ended it, the last run on the last stop', () => {
    const stopped = [
      { from: DECEMBER + 18 * HOUR, to: DECEMBER + 32 * HOUR, footprint: D4, ongoing: false },
      { from: DECEMBER + 42 * HOUR, to: DECEMBER + 56 * HOUR, footprint: D8, ongoing: false },
    ];
    expect(runningPeriods(stopped, week, undefined)).toEqual([
      { from: DECEMBER, to: DECEMBER + 18 * HOUR, footprint: D4 },
      { from: DECEMBER + 32 * HOUR, to: DECEMBER + 42 * HOUR, footprint: D8 },
      { from: DECEMBER + 56 * HOUR, to: week.to, footprint: D8 },
    ]);
  });

  it('a stop without an observation takes the one before, and a period stopped to its end has no run after', () => {
    const stopped = [
      { from: DECEMBER + 18 * HOUR, to: DECEMBER + 32 * HOUR, footprint: D4, ongoing: false },
      { from: DECEMBER + 42 * HOUR, to: week.to, ongoing: true },
    ];
    expect(runningPeriods(stopped, week, D8)).toEqual([
      { from: DECEMBER, to: DECEMBER + 18 * HOUR, footprint: D4 },
      { from: DECEMBER + 32 * HOUR, to: DECEMBER + 42 * HOUR, footprint: D4 },
    ]);
  });
});
