import { parseIsoInstant } from './parseIsoInstant.js';
import type { AbsoluteItem, ScheduleSpec, SpecItem, WeeklyItem } from './ScheduleSpec.js';
import type { SpecProblem } from './SpecProblem.js';
import { resolveTimeZone } from './resolveTimeZone.js';
import { splitItems, splitTokens, type TextItem } from './splitItems.js';
import { MINUTES_PER_DAY } from './time.js';
import { WEEKDAY_NAMES, weekdayIndex, weekdayRange } from './weekdays.js';

export interface ParseOptions {
  /** Field name used in messages: `Uptime` or `Downtime`. */
  field: string;
  /** Zone for weekly items that name none (the schedule's `TimeZone`), already resolved. */
  defaultZone?: string;
  /** The schedule's `TimeZone` was given but is invalid: reported there, so items do not repeat it. */
  defaultZoneInvalid?: boolean;
}

export type ParseResult = { ok: true; spec: ScheduleSpec } | { ok: false; problems: SpecProblem[] };

const EXAMPLE_ITEM = 'Mon-Fri 08:00-20:00 Europe/Berlin';
const ISO_INSTANT = String.raw`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})`;
const ABSOLUTE_RANGE = new RegExp(String.raw`^(${ISO_INSTANT})\s*-\s*(${ISO_INSTANT})$`, 'i');
const STARTS_LIKE_DATE = /^\d{4}-\d{2}-\d{2}/;
const DAYS_TOKEN = /^([A-Za-z]+)(?:-([A-Za-z]+))?$/;
const TIME_RANGE_TOKEN = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/;
const LOOKS_LIKE_TIME = /^\d{1,2}(:\d{2})?/;

/** Builds problems for one item, so each message carries the item's number and text. */
class ItemProblems {
  readonly problems: SpecProblem[] = [];
  constructor(
    private readonly field: string,
    private readonly item: number,
    private readonly itemText: string,
  ) {}

  add(position: number, message: string): undefined {
    this.problems.push({ field: this.field, item: this.item, itemText: this.itemText, position, message });
    return undefined;
  }
}

/**
 * Parses a time spec (docs/schedule-language.md): a compatible superset of kube-downscaler's, validated up front.
 * Every problem in the text is reported, each with the item, its position and a fix.
 */
export function parseScheduleSpec(text: string, options: ParseOptions): ParseResult {
  if (text.trim() === '') {
    return {
      ok: false,
      problems: [
        {
          field: options.field,
          message: `the spec is empty; write one such as "${EXAMPLE_ITEM}", or "always" or "never"`,
        },
      ],
    };
  }
  const items: SpecItem[] = [];
  const problems: SpecProblem[] = [];
  splitItems(text).forEach((textItem, index) => {
    const itemProblems = new ItemProblems(options.field, index + 1, textItem.text);
    const item = parseItem(textItem, options, itemProblems);
    problems.push(...itemProblems.problems);
    if (item) items.push(item);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, spec: { items } };
}

function parseItem(item: TextItem, options: ParseOptions, problems: ItemProblems): SpecItem | undefined {
  if (item.text === '') return problems.add(item.position, 'the item is empty; remove the extra comma');
  const lower = item.text.toLowerCase();
  if (lower === 'always' || lower === 'never') return { type: lower, text: item.text };
  if (STARTS_LIKE_DATE.test(item.text)) return parseAbsoluteItem(item, problems);
  return parseWeeklyItem(item, options, problems);
}

function parseAbsoluteItem(item: TextItem, problems: ItemProblems): AbsoluteItem | undefined {
  const match = ABSOLUTE_RANGE.exec(item.text);
  if (!match) {
    const hasNoOffset = /^\d{4}-\d{2}-\d{2}T[\d:.]+(\s*-\s*\d{4}|$)/.test(item.text);
    const fix = hasNoOffset
      ? 'the start has no UTC offset; add one such as +09:00 or Z'
      : 'write an absolute range as <start>-<end> in ISO 8601 with offsets, such as 2026-12-24T00:00:00+09:00-2027-01-04T00:00:00+09:00';
    return problems.add(item.position, `"${item.text}" is not an absolute range: ${fix}`);
  }
  const [, startText = '', endText = ''] = match;
  const endPosition = item.position + item.text.lastIndexOf(endText);
  const from = parseInstant(startText, item.position, problems);
  const to = parseInstant(endText, endPosition, problems);
  if (from === undefined || to === undefined) return undefined;
  // A range that ends before it starts never matches; kube-downscaler accepts it, and so do we (see reversedRangeWarnings).
  return { type: 'absolute', from, to, text: item.text };
}

function parseInstant(text: string, position: number, problems: ItemProblems): number | undefined {
  const parsed = parseIsoInstant(text);
  return parsed.ok
    ? parsed.instant
    : problems.add(position, `"${text}" is not a valid date and time: ${parsed.reason}`);
}

/**
 * Absolute ranges that end before they start: valid (they never match, as in kube-downscaler) but
 * almost certainly a slip, so `validate` warns about each.
 */
export function reversedRangeWarnings(spec: ScheduleSpec, field: string): SpecProblem[] {
  return spec.items.flatMap((item, index) =>
    item.type === 'absolute' && item.to < item.from
      ? [
          {
            field,
            item: index + 1,
            itemText: item.text,
            message:
              'the range ends before it starts, so it never matches (kube-downscaler reads it the same way); swap the two ends if you meant the time between them',
          },
        ]
      : [],
  );
}

function parseWeeklyItem(
  item: TextItem,
  options: ParseOptions,
  problems: ItemProblems,
): WeeklyItem | undefined {
  const [daysToken, timeToken, zoneToken, ...extra] = splitTokens(item);
  if (!daysToken) return undefined;
  if (LOOKS_LIKE_TIME.test(daysToken.text)) {
    return problems.add(
      daysToken.position,
      `an item starts with its days, not "${daysToken.text}"; write it as "${EXAMPLE_ITEM}"`,
    );
  }
  if (!timeToken && weekdayIndex(daysToken.text.slice(0, 3)) === undefined) {
    return problems.add(
      daysToken.position,
      `"${daysToken.text}" is not a time spec item; write "<days> <HH:MM-HH:MM> [zone]" such as "${EXAMPLE_ITEM}", or "always" or "never"`,
    );
  }
  const startDays = parseDays(daysToken, problems);
  if (!timeToken || (timeToken.text.includes('/') && !zoneToken)) {
    const zone = timeToken ? ` ${timeToken.text}` : '';
    const position = timeToken?.position ?? daysToken.position + daysToken.text.length;
    return problems.add(
      position,
      `the time range is missing after "${daysToken.text}"; write it as "${daysToken.text} 08:00-20:00${zone}"`,
    );
  }
  const minutes = parseTimeRange(timeToken, problems);
  const zone = parseZone(zoneToken, options, item, problems);
  for (const token of extra) {
    problems.add(
      token.position,
      `unexpected "${token.text}"; an item is "<days> <HH:MM-HH:MM> [zone]", and items are separated by commas`,
    );
  }
  if (!startDays || !minutes || !zone || extra.length > 0) return undefined;
  return {
    type: 'weekly',
    startDays,
    startMinute: minutes.start,
    endMinute: minutes.end,
    zone,
    text: item.text,
  };
}

function parseDays(token: TextItem, problems: ItemProblems): Set<number> | undefined {
  const match = DAYS_TOKEN.exec(token.text);
  if (!match) {
    return problems.add(
      token.position,
      `"${token.text}" is not a day or day range; write a day such as Sat or a range such as Mon-Fri`,
    );
  }
  const [, firstName = '', lastName] = match;
  const first = dayOf(firstName, token.position, problems);
  const last =
    lastName === undefined ? first : dayOf(lastName, token.position + firstName.length + 1, problems);
  if (first === undefined || last === undefined) return undefined;
  return weekdayRange(first, last);
}

function dayOf(name: string, position: number, problems: ItemProblems): number | undefined {
  const index = weekdayIndex(name);
  if (index !== undefined) return index;
  const fullName = WEEKDAY_NAMES.find((day) => name.toLowerCase().startsWith(day.toLowerCase()));
  const fix = fullName
    ? `use the three-letter form ${fullName}`
    : `use ${WEEKDAY_NAMES.slice(0, 6).join(', ')} or Sun`;
  return problems.add(position, `"${name}" is not a weekday name; ${fix}`);
}

function parseTimeRange(token: TextItem, problems: ItemProblems): { start: number; end: number } | undefined {
  const match = TIME_RANGE_TOKEN.exec(token.text);
  if (!match) {
    return problems.add(
      token.position,
      `"${token.text}" is not a time range; write HH:MM-HH:MM, such as 08:00-20:00`,
    );
  }
  const [, startHour = '', startMinute = '', endHour = '', endMinute = ''] = match;
  const endPosition = token.position + token.text.indexOf('-') + 1;
  const start = minuteOfDay(startHour, startMinute, token.position, false, problems);
  const end = minuteOfDay(endHour, endMinute, endPosition, true, problems);
  if (start === undefined || end === undefined) return undefined;
  if (start === end) {
    return problems.add(
      token.position,
      `"${token.text}" starts and ends at the same time, so it is empty; use 00:00-24:00 for a whole day`,
    );
  }
  return { start, end };
}

function minuteOfDay(
  hourText: string,
  minuteText: string,
  position: number,
  isEnd: boolean,
  problems: ItemProblems,
): number | undefined {
  const hour = Number(hourText);
  const minute = Number(minuteText);
  const time = `${hourText}:${minuteText}`;
  if (minute > 59)
    return problems.add(position, `"${time}" has minute ${minuteText}; minutes go from 00 to 59`);
  if (isEnd && hour === 24) {
    return minute === 0
      ? MINUTES_PER_DAY
      : problems.add(position, `"${time}" is past the end of the day; the latest end is 24:00`);
  }
  if (hour > 23) {
    const latest = isEnd ? '; the latest end is 24:00' : '; the latest start is 23:59';
    return problems.add(position, `"${time}" has hour ${hourText}; hours go from 00 to 23${latest}`);
  }
  return hour * 60 + minute;
}

function parseZone(
  token: TextItem | undefined,
  options: ParseOptions,
  item: TextItem,
  problems: ItemProblems,
): string | undefined {
  if (!token) {
    if (options.defaultZone || options.defaultZoneInvalid) return options.defaultZone;
    return problems.add(
      item.position + item.text.length,
      `no time zone; add one such as "${item.text} Europe/Berlin", or set TimeZone on the schedule`,
    );
  }
  const resolution = resolveTimeZone(token.text);
  return resolution.ok ? resolution.zone : problems.add(token.position, resolution.message);
}
