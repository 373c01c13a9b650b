import { z } from 'zod';
import { named } from './CONTRACT.js';
import { footprintFields } from './footprint.js';
import { instant } from './fields.js';

/** The most entries one page of the audit trail holds, and the number when none is asked for. */
export const MAX_AUDIT_LIMIT = 1000;
export const DEFAULT_AUDIT_LIMIT = 100;

/** The query of GET /api/audit. */
export const AuditQuery = z.strictObject({
  target: z.string().optional().describe("one target's name: only its entries"),
  since: z.string().meta({ format: 'date-time' }).optional().describe('ISO 8601 with an offset'),
  limit: z.number().int().min(1).max(MAX_AUDIT_LIMIT).default(DEFAULT_AUDIT_LIMIT),
  after: z.string().optional().describe('the `next` of the page before: continue after its last entry'),
});

export const AuditEntry = named(
  'AuditEntry',
  z.strictObject({
    at: instant,
    targetName: z.string().optional(),
    resourceId: z.string().optional(),
    action: z.string(),
    actor: z.string(),
    reason: z.string(),
    result: z.string(),
    footprint: z
      .strictObject(footprintFields)
      .optional()
      .describe("a stop's entries: the nodes and region observed before it"),
  }),
);

export const AuditPage = named(
  'AuditPage',
  z.strictObject({
    entries: z.array(AuditEntry),
    next: z.string().optional().describe('there when more may follow: pass it as `after`'),
  }),
);
export type AuditPage = z.infer<typeof AuditPage>;
