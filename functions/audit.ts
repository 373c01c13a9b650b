import functions from '@azure/functions';
import { ValidationError } from '../shared/app/problems/RequestErrors.js';
import { AUDIT_CURSOR } from '../shared/app/audit/AuditTrail.js';
import { getServices } from '../shared/compositionRoot.js';
import type { FunctionDefinition } from '../shared/FunctionDefinition.js';
import { jsonOrNotModified } from '../shared/http/conditionalGet.js';
import { handleHttp } from '../shared/http/handleHttp.js';
import {
  AuditQuery,
  DEFAULT_AUDIT_LIMIT,
  MAX_AUDIT_LIMIT,
  type AuditPage,
} from '../shared/contract/AuditPage.js';

/**
 * GET /api/audit?target&since&limit&after: what the app did or refused, who asked and why, newest
 * first, one page at a time; `next` continues (`after=<next>`). A page of N reads N rows (docs/storage.md).
 * ETag over the page; 304 to a matching If-None-Match.
 */
export const audit = handleHttp(async (request) => {
  const services = await getServices();
  const target = request.query.get('target') ?? undefined;
  const sinceText = request.query.get('since');
  const limitText = request.query.get('limit') ?? String(DEFAULT_AUDIT_LIMIT);
  const since = sinceText === null ? undefined : Date.parse(sinceText);
  if (since !== undefined && (Number.isNaN(since) || !/(Z|[+-]\d{2}:?\d{2})$/i.test(sinceText ?? '')))
    throw new ValidationError([
      {
        field: 'since',
        value: sinceText,
        message: 'must be an ISO 8601 time with an offset, e.g. 2026-11-26T00:00:00Z',
      },
    ]);
  const limit = /^\d+$/.test(limitText) ? Number(limitText) : NaN;
  // The bounds are the contract's (shared/contract/AuditPage.ts), as the document states them.
  if (!AuditQuery.shape.limit.safeParse(limit).success)
    throw new ValidationError([
      { field: 'limit', value: limitText, message: `must be a whole number from 1 to ${MAX_AUDIT_LIMIT}` },
    ]);
  const after = request.query.get('after') ?? undefined;
  if (after !== undefined && !AUDIT_CURSOR.test(after))
    throw new ValidationError([
      { field: 'after', value: after, message: 'must be the `next` of an earlier page, as it was returned' },
    ]);
  const { entries, next } = await services.storage.audit.page({
    ...(target ? { targetName: target } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(after !== undefined ? { after } : {}),
    limit,
  });
  // The status page asks again while a target changes: a 304 when no entry came since (ETag).
  return jsonOrNotModified(request, {
    entries: entries.map((entry) => ({ ...entry, at: new Date(entry.at).toISOString() })),
    ...(next ? { next } : {}),
  } satisfies AuditPage);
});

export const definition = {
  name: 'audit',
  trigger: 'http' as const,
  options: { methods: ['GET'], authLevel: 'function', route: 'audit', handler: audit },
} satisfies FunctionDefinition;

functions.app.http(definition.name, definition.options);
