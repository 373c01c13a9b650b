import { z } from 'zod';
import { named } from './CONTRACT.js';
import { OverrideKindEnum } from './Target.js';

/** The longest reason an override keeps (the Overrides row's Reason column, read back by the same rule). */
export const REASON_LENGTH = 1000;

const holdFields = {
  until: z
    .string()
    .meta({ format: 'date-time' })
    .optional()
    .describe(
      'ISO 8601 with an offset, e.g. 2026-11-26T22:00:00+09:00; keep-* only (a skip ends by itself: 400)',
    ),
  duration: z
    .string()
    .optional()
    .describe(
      'ISO 8601, e.g. PT2H; keep-* only (a skip ends by itself: 400); give until or duration, not both',
    ),
  reason: z
    .string()
    .max(REASON_LENGTH)
    .optional()
    .describe('one line: control characters such as a newline are refused'),
};

/** The body of POST /api/targets/{name}/override. */
export const OverrideRequest = named(
  'OverrideRequest',
  z.strictObject({ kind: OverrideKindEnum, ...holdFields }),
);
export type OverrideRequest = z.infer<typeof OverrideRequest>;

/** The body of POST /api/targets/{name}/start and /stop (optional): how long to hold, and why. */
export const HoldRequest = named('HoldRequest', z.strictObject(holdFields));
export type HoldRequest = z.infer<typeof HoldRequest>;
