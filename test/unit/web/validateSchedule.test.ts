import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderApiTypes } from '../../../dev/apiTypes.js';
import { Schedule } from '../../../shared/domain/Schedule.js';
import { ScheduleSpecError } from '../../../shared/domain/ScheduleSpecError.js';
import { formatSpecProblem } from '../../../shared/domain/SpecProblem.js';
import { validateSchedule, type ScheduleFields } from '../../../web/validateSchedule.js';

/** What the CLI's `validate` and the API's 400 say: the problems `Schedule.compile` finds. */
function compileProblems(fields: ScheduleFields): string[] {
  try {
    Schedule.compile(fields);
    return [];
  } catch (error) {
    if (error instanceof ScheduleSpecError) return error.problems.map(formatSpecProblem);
    throw error;
  }
}

const CASES: ScheduleFields[] = [
  { uptime: 'Mon-Fri 08:00-20:00 Europe/Berlin' },
  { uptime: 'Mon-Fir 08:00-20:00', timeZone: 'Europe/Berlin' },
  { uptime: 'Mon-Fri 8-20', timeZone: 'Europe/Berlin' },
  { uptime: 'Mon-Fri 08:00-20:00 Europe/Berln' },
  { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'PST' },
  { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Mars/Olympus' },
  { uptime: 'Mon-Fri 08:00-20:00' },
  { uptime: 'always' },
  { uptime: 'never' },
  { uptime: '' },
  { downtime: 'Sat-Sun 00:00-24:00', timeZone: 'Asia/Tokyo' },
  { uptime: 'Mon-Fri 08:00-20:00', downtime: 'Sat 00:00-24:00', timeZone: 'UTC' },
  { uptime: 'Mon-Fri 25:00-26:00 UTC, Tue 08:00-09:00 UTC' },
  { uptime: '2026-12-01T08:00Z-2026-11-30T08:00Z' },
  { uptime: 'Mon-Fri 20:00-08:00 UTC' },
  { uptime: 'Mon-Fri 08:00-20:00 UTC,, Sat 10:00-12:00 UTC' },
];

describe('the status page checks a schedule as the CLI does', () => {
  it.each(CASES.map((fields) => [JSON.stringify(fields), fields] as const))(
    '%s: the same problems as Schedule.compile',
    (_label, fields) => {
      expect(validateSchedule(fields).problems).toEqual(compileProblems(fields));
    },
  );

  it('finds the typo a person makes most (a misspelt day) and names it', () => {
    expect(validateSchedule({ uptime: 'Mon-Fir 08:00-20:00', timeZone: 'Europe/Berlin' }).problems).toEqual([
      expect.stringContaining('Fir'),
    ]);
  });
});

describe('the status page types', () => {
  it('web/apiTypes.ts is generated from the OpenAPI document (npm run docs:api)', async () => {
    expect(await readFile(new URL('../../../web/apiTypes.ts', import.meta.url), 'utf8')).toBe(
      renderApiTypes(),
    );
  });
});
