import Holidays from 'date-holidays';
import { DAY_MS } from './time.js';

/** Local date `YYYY-MM-DD` as days since 1970-01-01, the form `ZoneClock` reports local dates in. */
export function localDayOf(isoDate: string): number {
  const [year = 0, month = 1, day = 1] = isoDate.split('-').map(Number);
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

export type CalendarLookup = { ok: true; calendar: HolidayCalendar } | { ok: false; message: string };

/**
 * The public holidays of one country or region (`JP`, `US-CA`, `DE-BY`), from the maintained
 * `date-holidays` data. Only days of type "public" close a schedule: bank holidays, observances
 * and school holidays do not.
 */
export class HolidayCalendar {
  private static readonly calendars = new Map<string, HolidayCalendar>();
  private static countryNames: Record<string, string> | undefined;
  private readonly daysByYear = new Map<number, ReadonlySet<number>>();

  private constructor(
    readonly code: string,
    private readonly holidays: Holidays,
  ) {}

  /** The calendar for a code such as `JP` or `US-CA`, or a message saying what would be valid. */
  static lookup(code: string): CalendarLookup {
    const normalised = code.trim().toUpperCase();
    const cached = HolidayCalendar.calendars.get(normalised);
    if (cached) return { ok: true, calendar: cached };
    const [country = '', region, ...rest] = normalised.split('-');
    HolidayCalendar.countryNames ??= new Holidays().getCountries('en');
    if (!(country in HolidayCalendar.countryNames) || rest.length > 0) {
      return {
        ok: false,
        message: `"${code}" is not a holiday calendar; use a country code such as JP or DE, optionally with a region such as US-CA or DE-BY`,
      };
    }
    if (region !== undefined) {
      const regions = Object.keys(new Holidays().getStates(country, 'en') ?? {});
      if (!regions.includes(region)) {
        const valid =
          regions.length > 0
            ? `one of ${regions.map((name) => `${country}-${name}`).join(', ')}`
            : `just ${country}: it has no regions`;
        return { ok: false, message: `"${code}" is not a region of ${country}; use ${valid}` };
      }
    }
    const calendar = new HolidayCalendar(
      normalised,
      region ? new Holidays(country, region) : new Holidays(country),
    );
    HolidayCalendar.calendars.set(normalised, calendar);
    return { ok: true, calendar };
  }

  isHoliday(localDay: number): boolean {
    const year = new Date(localDay * DAY_MS).getUTCFullYear();
    return this.publicHolidays(year).has(localDay);
  }

  /** Public holidays of a year with their names, for previews and the API. */
  namedHolidays(year: number): { localDay: number; name: string }[] {
    return this.holidays
      .getHolidays(year, 'en')
      .filter((holiday) => holiday.type === 'public')
      .map((holiday) => ({ localDay: localDayOf(holiday.date.slice(0, 10)), name: holiday.name }));
  }

  private publicHolidays(year: number): ReadonlySet<number> {
    let days = this.daysByYear.get(year);
    if (!days) {
      days = new Set(this.namedHolidays(year).map((holiday) => holiday.localDay));
      this.daysByYear.set(year, days);
    }
    return days;
  }
}
