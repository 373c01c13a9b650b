import { z } from 'zod';
import { named } from './CONTRACT.js';
import { day, instant } from './fields.js';
import { MaintenancePolicyEnum, PlannedStart } from './Target.js';

/** The longest schedule expression (Uptime, Downtime, Holidays), as a Schedules row's column. */
export const EXPRESSION_LENGTH = 2000;
export const TIME_ZONE_LENGTH = 100;
const KEYWORD_LENGTH = 20;
const DESCRIPTION_LENGTH = 1000;

/** The body of PUT /api/schedules/{name}: the Schedules row's columns a person sets. */
export const ScheduleRequest = named(
  'ScheduleRequest',
  z.strictObject({
    uptime: z.string().max(EXPRESSION_LENGTH).optional(),
    downtime: z.string().max(EXPRESSION_LENGTH).optional(),
    timeZone: z.string().max(TIME_ZONE_LENGTH).optional(),
    holidays: z.string().max(EXPRESSION_LENGTH).optional(),
    enforce: z.boolean().optional(),
    startLead: z
      .string()
      .max(KEYWORD_LENGTH)
      .optional()
      .describe(
        'how far ahead of each up time starts begin: auto (learned from past starts, the default), off, or a duration such as 15m or 1h30m',
      ),
    maintenance: z
      .string()
      .max(KEYWORD_LENGTH)
      .optional()
      .describe(
        "what its targets do about their clusters' AKS maintenance windows: wake (up for each window), warn (the default: report windows left down) or ignore",
      ),
    description: z.string().max(DESCRIPTION_LENGTH).optional(),
  }),
);
export type ScheduleRequest = z.infer<typeof ScheduleRequest>;

export const Schedule = named(
  'Schedule',
  z.strictObject({
    name: z.string().describe('as typed: a row typed in the portal may break the limits a PUT keeps'),
    uptime: z.string().optional(),
    downtime: z.string().optional(),
    timeZone: z.string().optional(),
    holidays: z.string().optional(),
    enforce: z.boolean(),
    startLead: z.string().optional().describe('auto, off, or a duration such as 15m (absent: auto)'),
    maintenance: z.string().optional().describe('wake, warn or ignore (absent: warn)'),
    description: z.string().optional(),
    etag: z.string().optional(),
    problems: z.array(z.string()).describe('why the schedule cannot be used; empty when it can'),
    warnings: z
      .array(z.string())
      .optional()
      .describe('worth knowing, not stopping its use: an unknown column, a range that never matches'),
    row: z
      .strictObject({ partitionKey: z.string(), rowKey: z.string() })
      .optional()
      .describe('the row, when its keys are not simply `schedule` and the name'),
  }),
);
export type Schedule = z.infer<typeof Schedule>;

export const ScheduleList = named('ScheduleList', z.strictObject({ schedules: z.array(Schedule) }));
export type ScheduleList = z.infer<typeof ScheduleList>;

/** The query of GET /api/schedules/{name}/preview. */
export const SchedulePreviewQuery = z.strictObject({
  from: z
    .string()
    .optional()
    .describe(
      "a date (YYYY-MM-DD: midnight in the schedule's zone) or an ISO 8601 time with an offset; default: the start of today in the schedule's zone. Read exactly as the CLI's `preview --from`; dates the calendar lacks (2026-02-30) are refused",
    ),
  to: z
    .string()
    .optional()
    .describe(
      "exclusive, in the same forms as from; default: 7 days after from; at most 366 days. Read exactly as the CLI's `preview --to`",
    ),
});

export const SchedulePreview = named(
  'Preview',
  z.strictObject({
    zone: z.string(),
    from: instant,
    to: instant,
    windows: z.array(z.strictObject({ state: z.enum(['up', 'down']), from: instant, to: instant })),
    holidays: z
      .array(z.strictObject({ date: day, name: z.string() }))
      .describe('public holidays in the range that close the schedule, by local date'),
    hoursTotal: z.number(),
    hoursUp: z.number(),
    hoursSaved: z.number(),
    plannedStarts: z
      .array(PlannedStart)
      .describe(
        "each up time in the range with the start begun ahead of it (the schedule's StartLead; a learned lead is shown at its default, each target learns its own)",
      ),
    maintenance: z
      .array(
        z.strictObject({
          target: z.string(),
          policy: MaintenancePolicyEnum,
          attended: z.number().int(),
          total: z.number().int(),
          warnings: z.array(z.string()),
        }),
      )
      .describe(
        "the schedule's targets whose clusters have AKS maintenance windows: how many of the next four weeks' windows each is up for, and the warnings (docs/maintenance.md)",
      ),
  }),
);
export type SchedulePreview = z.infer<typeof SchedulePreview>;
