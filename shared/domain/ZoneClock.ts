import { IANAZone } from 'luxon';
import { DAY_MS, MINUTE_MS } from './time.js';

/** Wall-clock reading of an instant in one zone. `weekday` is 0 for Monday … 6 for Sunday. */
export interface LocalTime {
  /** Days since 1970-01-01 on the local calendar: identifies the local date. */
  localDay: number;
  weekday: number;
  minuteOfDay: number;
}

/** A UTC day's offsets; `changeAt` is the first instant of `after` when the offset changes that day. */
interface DayOffsets {
  before: number;
  after: number;
  changeAt: number;
}

/** Precision of the search for an offset change: whole seconds, as in the tz database. */
const SECOND_MS = 1000;

/**
 * Converts instants to local wall-clock time for one zone, fast enough to evaluate thousands of
 * targets per tick: the zone's offset is looked up once per UTC day and cached, so most readings
 * are arithmetic. A day with a DST change keeps the exact instant of the change.
 */
export class ZoneClock {
  private static readonly clocks = new Map<string, ZoneClock>();
  private readonly zone: IANAZone;
  private readonly days = new Map<number, DayOffsets>();

  private constructor(zoneName: string) {
    this.zone = IANAZone.create(zoneName);
  }

  /** The shared clock for a zone already checked by `resolveTimeZone`. */
  static for(zoneName: string): ZoneClock {
    let clock = ZoneClock.clocks.get(zoneName);
    if (!clock) {
      clock = new ZoneClock(zoneName);
      ZoneClock.clocks.set(zoneName, clock);
    }
    return clock;
  }

  /** UTC offset in minutes at an instant. */
  offsetMinutesAt(instant: number): number {
    const day = this.dayOffsets(Math.floor(instant / DAY_MS));
    return instant < day.changeAt ? day.before : day.after;
  }

  localTime(instant: number): LocalTime {
    const localMs = instant + this.offsetMinutesAt(instant) * MINUTE_MS;
    const localDay = Math.floor(localMs / DAY_MS);
    return {
      localDay,
      // 1970-01-01 was a Thursday (3 when Monday is 0).
      weekday: (((localDay + 3) % 7) + 7) % 7,
      minuteOfDay: Math.floor((localMs - localDay * DAY_MS) / MINUTE_MS),
    };
  }

  /**
   * Every instant whose local reading is exactly `minuteOfDay` on `localDay`: none inside a DST gap,
   * two inside a repeated hour.
   */
  instantsOfLocalTime(localDay: number, minuteOfDay: number): number[] {
    const localMs = localDay * DAY_MS + minuteOfDay * MINUTE_MS;
    const candidateOffsets = new Set([
      this.offsetMinutesAt(localMs - DAY_MS),
      this.offsetMinutesAt(localMs),
      this.offsetMinutesAt(localMs + DAY_MS),
    ]);
    const instants: number[] = [];
    for (const offset of candidateOffsets) {
      const instant = localMs - offset * MINUTE_MS;
      if (this.offsetMinutesAt(instant) === offset) instants.push(instant);
    }
    return instants.sort((a, b) => a - b);
  }

  /** Instants in [from, to) at which the zone's offset changes. */
  offsetChangesBetween(from: number, to: number): number[] {
    const changes: number[] = [];
    for (let day = Math.floor(from / DAY_MS); day * DAY_MS < to; day++) {
      const { before, after, changeAt } = this.dayOffsets(day);
      if (before !== after && changeAt >= from && changeAt < to) changes.push(changeAt);
    }
    return changes;
  }

  private dayOffsets(utcDay: number): DayOffsets {
    let offsets = this.days.get(utcDay);
    if (!offsets) {
      offsets = this.measureDay(utcDay);
      this.days.set(utcDay, offsets);
    }
    return offsets;
  }

  private measureDay(utcDay: number): DayOffsets {
    const start = utcDay * DAY_MS;
    const end = start + DAY_MS;
    const before = this.zone.offset(start);
    const after = this.zone.offset(end - SECOND_MS);
    if (before === after) return { before, after, changeAt: end };
    // Binary search for the first second with the new offset.
    let low = start;
    let high = end - SECOND_MS;
    while (high - low > SECOND_MS) {
      const middle = low + Math.floor((high - low) / 2 / SECOND_MS) * SECOND_MS;
      if (this.zone.offset(middle) === before) low = middle;
      else high = middle;
    }
    return { before, after, changeAt: high };
  }
}
