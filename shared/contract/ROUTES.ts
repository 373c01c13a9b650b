import { z } from 'zod';
import { LINK_ACTIONS } from '../domain/NoticeLink.js';
import { ActionPreview, ActionPreviewQuery } from './ActionPreview.js';
import { AuditPage, AuditQuery } from './AuditPage.js';
import { Caller } from './Caller.js';
import { Health } from './Health.js';
import { HoldRequest, OverrideRequest } from './OverrideRequest.js';
import { OverrideResult } from './OverrideResult.js';
import { SavingsQuery, SavingsReport } from './SavingsReport.js';
import {
  Schedule,
  ScheduleList,
  SchedulePreview,
  SchedulePreviewQuery,
  ScheduleRequest,
} from './Schedule.js';
import { Target, TargetList } from './Target.js';
import { TargetRequest } from './TargetRequest.js';

/** A header a route reads, as the OpenAPI document describes it. */
export interface HeaderParameter {
  name: string;
  description: string;
}

/** One answer of a route: JSON read by its schema, HTML for people, or nothing (204, 304). */
export type RouteAnswer = (
  { description: string; json: z.ZodType } | { description: string; html: true } | { description: string }
) & { /** Response headers it carries, by name: their descriptions. */ headers?: Record<string, string> };

/**
 * One operation of the HTTP API, as data: the OpenAPI document (shared/http/openApiDocument.ts), the
 * tests' check of every answer (test/helpers/contractCheck.ts) and docs/api.md all read it.
 */
export interface Route {
  operationId: string;
  method: 'get' | 'put' | 'post' | 'delete';
  /** As in the OpenAPI document: relative to /api, parameters in braces. */
  path: string;
  summary: string;
  /** Each path parameter's description (a string, unless `pathEnums` names its values). */
  pathParameters?: Record<string, string>;
  pathEnums?: Record<string, readonly [string, ...string[]]>;
  query?: z.ZodObject;
  headers?: readonly HeaderParameter[];
  body?: { schema: z.ZodType; required: boolean; form?: true };
  /** Answers other than problem details, by status. */
  answers: Record<number, RouteAnswer>;
  /** The statuses answered with problem details (their codes: PROBLEM_TYPES). */
  problems?: readonly number[];
  /** Needs no function key (the signed token of a notice link is the authorisation). */
  open?: true;
}

const TARGET_NAME = {
  name: "the target's name (its Targets RowKey, or tag:<subscription>/<group>/<name…>), URL-encoded",
};
const SCHEDULE_NAME = { name: "the schedule's name" };
const IF_MATCH: HeaderParameter = {
  name: 'If-Match',
  description:
    'the ETag read before; the change is refused (412) if the resource changed since. `*` matches whatever the resource is now (RFC 9110), and nothing when it does not exist',
};
const IF_NONE_MATCH: HeaderParameter = { name: 'If-None-Match', description: '`*`: create only' };
/** A GET that may be answered 304 (shared/http/conditionalGet.ts): the status page polls with it. */
const POLL_IF_NONE_MATCH: HeaderParameter = {
  name: 'If-None-Match',
  description:
    'the ETag of an answer read before (or a list of them, or `*`): answered 304 Not Modified, without a body, while the answer would be the same. Compared weakly (RFC 9110): `W/"x"` matches `"x"`',
};
const ANSWER_ETAG = { ETag: 'strong, over this answer: it changes exactly when the answer does' };
const NOT_MODIFIED: RouteAnswer = {
  description: 'not modified: the answer has not changed since the ETag sent',
  headers: ANSWER_ETAG,
};
const OVERRIDE_IF_NONE_MATCH: HeaderParameter = {
  name: 'If-None-Match',
  description:
    '`*`: only if the target has no override in effect (the status page sends it when it read none), else 412',
};
export const PRINCIPAL: HeaderParameter = {
  name: 'x-ms-client-principal',
  description:
    'set by App Service Authentication (never believed otherwise); its claims name the caller recorded in the audit trail and hold their app roles',
};

/** The first page size when only a continuation token is given, and the largest page. */
export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1000;

export const TargetListQuery = z.strictObject({
  limit: z
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE)
    .optional()
    .describe(
      `at most this many targets (1 to ${MAX_PAGE}; ${DEFAULT_PAGE} when only continuationToken is given)`,
    ),
  continuationToken: z
    .string()
    .optional()
    .describe('the `continuationToken` of the page before, as it was returned'),
});

const holdRoute = (action: 'start' | 'stop', held: 'running' | 'stopped'): Route => ({
  operationId: `${action}Now`,
  method: 'post',
  path: `/targets/{name}/${action}`,
  summary: `${action === 'start' ? 'Start' : 'Stop'} now (keep-${held} until \`until\`, for \`duration\`, or until the schedule next changes)`,
  pathParameters: TARGET_NAME,
  headers: [IF_MATCH, OVERRIDE_IF_NONE_MATCH, PRINCIPAL],
  body: { schema: HoldRequest, required: false },
  answers: {
    200: {
      description: `nothing will happen now (already ${held}, refused, an operation in flight, or the target is held); \`outcome.message\` says why`,
      json: OverrideResult,
    },
    202: { description: `the ${action} was enqueued`, json: OverrideResult },
  },
  problems: [400, 401, 403, 404, 409, 412, 413, 415, 429],
});

const NOTICE_LINK_PARAMETERS = {
  target: "the target's name, URL-encoded",
  linkAction: 'what the link does; must be the action its token was made for',
};
const NOTICE_LINK_REFUSED = {
  403: {
    description:
      'forged, altered, cut short, for another target or action, or a form from another site: nothing changed',
    html: true,
  },
  404: { description: 'links are not set up (no OFFHOURS_NOTIFY_LINK_KEYS), or no such action', html: true },
  410: { description: 'expired, already used, or the stop has passed: nothing changed', html: true },
} as const;

/** Every operation of the HTTP API (functions/ registers one handler per path; a test checks both agree). */
export const ROUTES: readonly Route[] = [
  {
    operationId: 'listTargets',
    method: 'get',
    path: '/targets',
    summary:
      'Every registered target with its state; every Targets row that cannot be used, and warnings about rows. Without `limit` and `continuationToken`: everything, read whole, counted now (for the CLI and scripts). With them: one page in key order, read by key range whatever the fleet’s size; `total` and the first page’s row report as the last reconcile tick counted them (`summaryAsOf`), but for the rows the page shows, which are read now',
    query: TargetListQuery,
    answers: { 200: { description: 'the targets', json: TargetList } },
    problems: [400],
  },
  {
    operationId: 'getTarget',
    method: 'get',
    path: '/targets/{name}',
    summary:
      'One target: desired, observed, next transition, override, problems and timeline. A Targets row, usable or not, shows as soon as it is typed, with the problems the next tick will record. The ETag header is over this answer (for If-None-Match; 304 while it is the same); the body’s `etag` is the registration’s, for If-Match on PUT and DELETE',
    pathParameters: TARGET_NAME,
    headers: [POLL_IF_NONE_MATCH],
    answers: {
      200: { description: 'the target', json: Target, headers: ANSWER_ETAG },
      304: NOT_MODIFIED,
    },
    problems: [404],
  },
  {
    operationId: 'putTarget',
    method: 'put',
    path: '/targets/{name}',
    summary:
      'Register a target (no If-Match) or replace its registration (If-Match); refused with 409 when the resource is registered already, overlaps a registered target (a cluster and its pools or node scale sets), or the name differs only in case from another',
    pathParameters: TARGET_NAME,
    headers: [IF_MATCH, IF_NONE_MATCH, PRINCIPAL],
    body: { schema: TargetRequest, required: true },
    answers: {
      200: { description: 'replaced', json: Target },
      201: { description: 'registered', json: Target },
    },
    problems: [400, 401, 403, 409, 412, 413, 415, 428, 429],
  },
  {
    operationId: 'deleteTarget',
    method: 'delete',
    path: '/targets/{name}',
    summary: 'Unregister a target (If-Match required); its state and override go too',
    pathParameters: TARGET_NAME,
    headers: [IF_MATCH, PRINCIPAL],
    answers: { 204: { description: 'unregistered' } },
    problems: [401, 403, 404, 412, 428, 429],
  },
  {
    operationId: 'setOverride',
    method: 'post',
    path: '/targets/{name}/override',
    summary: "Set the target's override; acted on at once",
    pathParameters: TARGET_NAME,
    headers: [IF_MATCH, OVERRIDE_IF_NONE_MATCH, PRINCIPAL],
    body: { schema: OverrideRequest, required: true },
    answers: { 200: { description: 'the target and the decision taken', json: OverrideResult } },
    problems: [400, 401, 403, 404, 409, 412, 413, 415, 429],
  },
  {
    operationId: 'deleteOverride',
    method: 'delete',
    path: '/targets/{name}/override',
    summary: 'Remove the override; acted on at once',
    pathParameters: TARGET_NAME,
    headers: [IF_MATCH, PRINCIPAL],
    answers: { 200: { description: 'the target and the decision taken', json: OverrideResult } },
    problems: [401, 403, 404, 412, 429],
  },
  holdRoute('start', 'running'),
  holdRoute('stop', 'stopped'),
  {
    operationId: 'previewAction',
    method: 'get',
    path: '/targets/{name}/preview',
    summary:
      'What an action on the target would do, without doing it: the override it would write, what is started or stopped now, the skipped transition, warnings and, for keep-running, the suggested end and quick choices. Worked out by the same rules and code as doing it; in fields and in words (times in the schedule’s zone)',
    pathParameters: TARGET_NAME,
    query: ActionPreviewQuery,
    answers: { 200: { description: 'what the action would do; nothing was changed', json: ActionPreview } },
    problems: [400, 401, 404, 409],
  },
  {
    operationId: 'listSchedules',
    method: 'get',
    path: '/schedules',
    summary: 'Every Schedules row, usable or not, with its ETag, problems and warnings',
    answers: { 200: { description: 'the schedules', json: ScheduleList } },
  },
  {
    operationId: 'getSchedule',
    method: 'get',
    path: '/schedules/{name}',
    summary: 'One schedule (ETag header)',
    pathParameters: SCHEDULE_NAME,
    answers: { 200: { description: 'the schedule', json: Schedule } },
    problems: [404],
  },
  {
    operationId: 'putSchedule',
    method: 'put',
    path: '/schedules/{name}',
    summary:
      'Create (no If-Match) or replace (If-Match) a schedule; a name differing only in case from an existing one is refused (409)',
    pathParameters: SCHEDULE_NAME,
    headers: [IF_MATCH, IF_NONE_MATCH, PRINCIPAL],
    body: { schema: ScheduleRequest, required: true },
    answers: {
      200: { description: 'replaced', json: Schedule },
      201: { description: 'created', json: Schedule },
    },
    problems: [400, 401, 403, 409, 412, 413, 415, 428, 429],
  },
  {
    operationId: 'deleteSchedule',
    method: 'delete',
    path: '/schedules/{name}',
    summary: 'Delete an unused schedule (If-Match required)',
    pathParameters: SCHEDULE_NAME,
    headers: [IF_MATCH, PRINCIPAL],
    answers: { 204: { description: 'deleted' } },
    problems: [401, 403, 404, 409, 412, 428, 429],
  },
  {
    operationId: 'previewSchedule',
    method: 'get',
    path: '/schedules/{name}/preview',
    summary: 'Up and down windows of [from, to) and the hours saved',
    pathParameters: SCHEDULE_NAME,
    query: SchedulePreviewQuery,
    answers: { 200: { description: 'the preview', json: SchedulePreview } },
    problems: [400, 404, 409],
  },
  {
    operationId: 'audit',
    method: 'get',
    path: '/audit',
    summary: 'Actions taken or refused, newest first',
    query: AuditQuery,
    headers: [POLL_IF_NONE_MATCH],
    answers: {
      200: {
        description: 'the entries; `next` is there when more may follow',
        json: AuditPage,
        headers: ANSWER_ETAG,
      },
      304: NOT_MODIFIED,
    },
    problems: [400],
  },
  {
    operationId: 'savings',
    method: 'get',
    path: '/savings',
    summary:
      'Hours and money saved per target, schedule and subscription, what keeps billing while stopped, and a forecast for the rest of the month (docs/savings.md)',
    query: SavingsQuery,
    answers: { 200: { description: 'the report', json: SavingsReport } },
    problems: [400, 404],
  },
  {
    operationId: 'health',
    method: 'get',
    path: '/health',
    summary: 'Storage reachable, last state change, dry run',
    answers: { 200: { description: 'healthy', json: Health } },
  },
  {
    operationId: 'whoAmI',
    method: 'get',
    path: '/me',
    summary:
      'Who the app takes the caller for, and whether they may change things (the status page hides its buttons when not)',
    headers: [PRINCIPAL],
    answers: { 200: { description: 'the caller', json: Caller } },
  },
  {
    operationId: 'statusPage',
    method: 'get',
    path: '/ui',
    summary: 'The status page (HTML; docs/status-page.md): the fleet, each target, schedules, actions',
    answers: { 200: { description: 'the page', html: true } },
    problems: [503],
  },
  {
    operationId: 'openNoticeLink',
    method: 'get',
    path: '/notices/{target}/{linkAction}',
    summary: 'A confirmation page for a notice link; never acts',
    open: true,
    pathParameters: NOTICE_LINK_PARAMETERS,
    pathEnums: { linkAction: LINK_ACTIONS },
    query: z.strictObject({ token: z.string().describe('the signed token of the link') }),
    answers: {
      200: { description: 'what the link would do, and a Confirm button (a POST)', html: true },
      ...NOTICE_LINK_REFUSED,
    },
  },
  {
    operationId: 'confirmNoticeLink',
    method: 'post',
    path: '/notices/{target}/{linkAction}',
    summary: 'Does what a notice link says, once, through the override service',
    open: true,
    pathParameters: NOTICE_LINK_PARAMETERS,
    pathEnums: { linkAction: LINK_ACTIONS },
    headers: [PRINCIPAL],
    body: { schema: z.strictObject({ token: z.string() }), required: true, form: true },
    answers: {
      200: { description: 'done: the override set, and what will happen', html: true },
      400: {
        description: 'the override service refused the request: nothing changed, the link can be used again',
        html: true,
      },
      409: {
        description:
          'refused by the override service (target disabled, outside the allowed scopes, protected): nothing changed',
        html: true,
      },
      ...NOTICE_LINK_REFUSED,
      429: { description: 'too many changes from this client of late', html: true },
    },
  },
  {
    operationId: 'openApi',
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    answers: {
      200: {
        description: 'OpenAPI 3.1',
        json: z.looseObject({ openapi: z.literal('3.1.0'), paths: z.record(z.string(), z.unknown()) }),
      },
    },
  },
];
