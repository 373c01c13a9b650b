import { PROBLEM_TYPES, type ProblemCode, problemTypeOf } from '../app/api/PROBLEM_TYPES.js';

/** OpenAPI 3.1 description of the HTTP API, served at /api/openapi.json and checked by the tests. */
const problem = { $ref: '#/components/schemas/Problem' };
const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      String(status),
      { description: STATUS_TEXT[status], content: { 'application/problem+json': { schema: problem } } },
    ]),
  );
const footprint = {
  type: 'object',
  required: ['location', 'nodes'],
  properties: {
    location: { type: 'string' },
    nodes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['vmSize', 'count'],
        properties: {
          vmSize: { type: 'string' },
          count: { type: 'integer' },
          os: { type: 'string', enum: ['Windows'], description: 'absent: Linux' },
          licence: {
            type: 'string',
            enum: ['Windows_Server'],
            description: 'Azure Hybrid Benefit: Windows billed at the Linux rate',
          },
          priority: {
            type: 'string',
            enum: ['Spot'],
            description: 'billed on the Spot meter; absent: regular',
          },
        },
      },
    },
    tier: {
      type: 'string',
      enum: ['Standard', 'Premium'],
      description: "the cluster's paid AKS tier (sku.tier); absent: Free",
    },
    description: { type: 'string' },
  },
};
const ok = (description: string, schema: unknown, status = '200') => ({
  [status]: { description, content: { 'application/json': { schema } } },
});
const name = {
  name: 'name',
  in: 'path',
  required: true,
  description: "the target's name (its Targets RowKey, or tag:<subscription>/<group>/<name…>), URL-encoded",
  schema: { type: 'string' },
};
const scheduleName = {
  name: 'name',
  in: 'path',
  required: true,
  description: "the schedule's name",
  schema: { type: 'string' },
};
const ifMatch = {
  name: 'If-Match',
  in: 'header',
  required: false,
  description:
    'the ETag read before; the change is refused (412) if the resource changed since. `*` matches whatever the resource is now (RFC 9110), and nothing when it does not exist',
  schema: { type: 'string' },
};
const ifNoneMatch = {
  name: 'If-None-Match',
  in: 'header',
  required: false,
  description: '`*`: create only',
  schema: { type: 'string' },
};
const overrideIfNoneMatch = {
  name: 'If-None-Match',
  in: 'header',
  required: false,
  description:
    '`*`: only if the target has no override in effect (the status page sends it when it read none), else 412',
  schema: { type: 'string' },
};
const principal = {
  name: 'x-ms-client-principal',
  in: 'header',
  required: false,
  description:
    'set by App Service Authentication (never believed otherwise); its claims name the caller recorded in the audit trail and hold their app roles',
  schema: { type: 'string' },
};

/** Each status's meaning: the problem types that answer with it (PROBLEM_TYPES, the one mapping). */
const STATUS_TEXT: Record<number, string> = Object.fromEntries(
  [...new Set(Object.values(PROBLEM_TYPES).map((problem) => problem.status))].map((status) => [
    status,
    Object.entries(PROBLEM_TYPES)
      .filter(([, problem]) => problem.status === status)
      .map(([code, problem]) => `\`${code}\`: ${problem.meaning}`)
      .join('; '),
  ]),
);

export const OPEN_API_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'AKS Off-Hours',
    version: '0.1.0',
    description:
      'Overrides, start and stop now, schedules, status, previews and the audit trail. Every route needs a function key (`?code=` or `x-functions-key`), except the one-click links of notices, whose signed token is the authorisation.',
  },
  servers: [{ url: '/api' }],
  security: [{ functionKey: [] }],
  paths: {
    '/targets': {
      get: {
        operationId: 'listTargets',
        summary:
          'Every registered target with its state; every Targets row that cannot be used, and warnings about rows. With `limit` or `continuationToken`: one page in name order',
        parameters: [
          {
            name: 'limit',
            in: 'query',
            required: false,
            description: 'at most this many targets (1 to 1000; 100 when only continuationToken is given)',
            schema: { type: 'integer', minimum: 1, maximum: 1000 },
          },
          {
            name: 'continuationToken',
            in: 'query',
            required: false,
            description: 'the `continuationToken` of the page before, as it was returned',
            schema: { type: 'string' },
          },
        ],
        responses: {
          ...ok('the targets', {
            type: 'object',
            required: ['targets'],
            properties: {
              targets: { type: 'array', items: { $ref: '#/components/schemas/Target' } },
              total: { type: 'integer', description: 'every target, when paged' },
              continuationToken: {
                type: 'string',
                description: 'present when more targets follow: pass it back for the next page',
              },
              unusableRows: {
                type: 'array',
                description: 'Targets rows not acted on, each with every problem that holds it',
                items: { $ref: '#/components/schemas/TargetRow' },
              },
              rowWarnings: {
                type: 'array',
                description: 'rows acted on all the same, with something worth knowing (an unknown column)',
                items: { $ref: '#/components/schemas/TargetRow' },
              },
            },
          }),
          ...errors(400),
        },
      },
    },
    '/targets/{name}': {
      get: {
        operationId: 'getTarget',
        summary:
          'One target: desired, observed, next transition, override, problems (ETag: its registration). A Targets row, usable or not, shows as soon as it is typed, with the problems the next tick will record',
        parameters: [name],
        responses: { ...ok('the target', { $ref: '#/components/schemas/Target' }), ...errors(404) },
      },
      put: {
        operationId: 'putTarget',
        summary:
          'Register a target (no If-Match) or replace its registration (If-Match); refused with 409 when the resource is registered already, overlaps a registered target (a cluster and its pools or node scale sets), or the name differs only in case from another',
        parameters: [name, ifMatch, ifNoneMatch, principal],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/TargetRequest' } } },
        },
        responses: {
          ...ok('replaced', { $ref: '#/components/schemas/Target' }),
          ...ok('registered', { $ref: '#/components/schemas/Target' }, '201'),
          ...errors(400, 401, 403, 409, 412, 413, 415, 428, 429),
        },
      },
      delete: {
        operationId: 'deleteTarget',
        summary: 'Unregister a target (If-Match required); its state and override go too',
        parameters: [name, ifMatch, principal],
        responses: { '204': { description: 'unregistered' }, ...errors(401, 403, 404, 412, 428, 429) },
      },
    },
    '/targets/{name}/override': {
      post: {
        operationId: 'setOverride',
        summary: "Set the target's override; acted on at once",
        parameters: [name, ifMatch, overrideIfNoneMatch, principal],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/OverrideRequest' } } },
        },
        responses: {
          ...ok('the target and the decision taken', { $ref: '#/components/schemas/OverrideResult' }),
          ...errors(400, 401, 403, 404, 409, 412, 413, 415, 429),
        },
      },
      delete: {
        operationId: 'deleteOverride',
        summary: 'Remove the override; acted on at once',
        parameters: [name, ifMatch, principal],
        responses: {
          ...ok('the target and the decision taken', { $ref: '#/components/schemas/OverrideResult' }),
          ...errors(401, 403, 404, 412, 429),
        },
      },
    },
    '/targets/{name}/start': {
      post: {
        operationId: 'startNow',
        summary: 'Start now (keep-running until `until`, for `duration`, or until the schedule next changes)',
        parameters: [name, ifMatch, overrideIfNoneMatch, principal],
        requestBody: {
          required: false,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/HoldRequest' } } },
        },
        responses: {
          ...ok(
            'nothing will happen now (already running, refused, an operation in flight, or the target is held); `outcome.message` says why',
            { $ref: '#/components/schemas/OverrideResult' },
          ),
          ...ok('the start was enqueued', { $ref: '#/components/schemas/OverrideResult' }, '202'),
          ...errors(400, 401, 403, 404, 409, 412, 413, 415, 429),
        },
      },
    },
    '/targets/{name}/stop': {
      post: {
        operationId: 'stopNow',
        summary: 'Stop now (keep-stopped until `until`, for `duration`, or until the schedule next changes)',
        parameters: [name, ifMatch, overrideIfNoneMatch, principal],
        requestBody: {
          required: false,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/HoldRequest' } } },
        },
        responses: {
          ...ok(
            'nothing will happen now (already stopped, refused, an operation in flight, or the target is held); `outcome.message` says why',
            { $ref: '#/components/schemas/OverrideResult' },
          ),
          ...ok('the stop was enqueued', { $ref: '#/components/schemas/OverrideResult' }, '202'),
          ...errors(400, 401, 403, 404, 409, 412, 413, 415, 429),
        },
      },
    },
    '/targets/{name}/preview': {
      get: {
        operationId: 'previewAction',
        summary:
          'What an action on the target would do, without doing it: the override it would write, what is started or stopped now, the skipped transition, warnings and, for keep-running, the suggested end and quick choices. Worked out by the same rules and code as doing it; in fields and in words (times in the schedule’s zone)',
        parameters: [
          name,
          {
            name: 'action',
            in: 'query',
            required: true,
            description:
              'start and stop are POST /targets/{name}/start and /stop; keep-running, keep-stopped, skip-next-stop and skip-next-start are POST /targets/{name}/override; remove is DELETE /targets/{name}/override',
            schema: {
              enum: [
                'start',
                'stop',
                'keep-running',
                'keep-stopped',
                'skip-next-stop',
                'skip-next-start',
                'remove',
              ],
            },
          },
          {
            name: 'until',
            in: 'query',
            required: false,
            description:
              'as in the action’s body: ISO 8601 with an offset; keep-running without until or duration previews the suggested end (`keepRunning.suggested`)',
            schema: { type: 'string', format: 'date-time' },
          },
          {
            name: 'duration',
            in: 'query',
            required: false,
            description: 'as in the action’s body: ISO 8601, e.g. PT2H',
            schema: { type: 'string' },
          },
        ],
        responses: {
          ...ok('what the action would do; nothing was changed', {
            $ref: '#/components/schemas/ActionPreview',
          }),
          ...errors(400, 401, 404, 409),
        },
      },
    },
    '/schedules': {
      get: {
        operationId: 'listSchedules',
        summary: 'Every Schedules row, usable or not, with its ETag, problems and warnings',
        responses: {
          ...ok('the schedules', {
            type: 'object',
            properties: { schedules: { type: 'array', items: { $ref: '#/components/schemas/Schedule' } } },
          }),
        },
      },
    },
    '/schedules/{name}': {
      get: {
        operationId: 'getSchedule',
        summary: 'One schedule (ETag header)',
        parameters: [scheduleName],
        responses: { ...ok('the schedule', { $ref: '#/components/schemas/Schedule' }), ...errors(404) },
      },
      put: {
        operationId: 'putSchedule',
        summary:
          'Create (no If-Match) or replace (If-Match) a schedule; a name differing only in case from an existing one is refused (409)',
        parameters: [scheduleName, ifMatch, ifNoneMatch, principal],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ScheduleRequest' } } },
        },
        responses: {
          ...ok('replaced', { $ref: '#/components/schemas/Schedule' }),
          ...ok('created', { $ref: '#/components/schemas/Schedule' }, '201'),
          ...errors(400, 401, 403, 409, 412, 413, 415, 428, 429),
        },
      },
      delete: {
        operationId: 'deleteSchedule',
        summary: 'Delete an unused schedule (If-Match required)',
        parameters: [scheduleName, ifMatch, principal],
        responses: { '204': { description: 'deleted' }, ...errors(401, 403, 404, 409, 412, 428, 429) },
      },
    },
    '/schedules/{name}/preview': {
      get: {
        operationId: 'previewSchedule',
        summary: 'Up and down windows of [from, to) and the hours saved',
        parameters: [
          scheduleName,
          {
            name: 'from',
            in: 'query',
            required: false,
            schema: { type: 'string' },
            description:
              "a date (YYYY-MM-DD: midnight in the schedule's zone) or an ISO 8601 time with an offset; default: the start of today in the schedule's zone. Read exactly as the CLI's `preview --from`; dates the calendar lacks (2026-02-30) are refused",
          },
          {
            name: 'to',
            in: 'query',
            required: false,
            schema: { type: 'string' },
            description:
              "exclusive, in the same forms as from; default: 7 days after from; at most 366 days. Read exactly as the CLI's `preview --to`",
          },
        ],
        responses: {
          ...ok('the preview', { $ref: '#/components/schemas/Preview' }),
          ...errors(400, 404, 409),
        },
      },
    },
    '/audit': {
      get: {
        operationId: 'audit',
        summary: 'Actions taken or refused, newest first',
        parameters: [
          { name: 'target', in: 'query', required: false, schema: { type: 'string' } },
          { name: 'since', in: 'query', required: false, schema: { type: 'string', format: 'date-time' } },
          {
            name: 'limit',
            in: 'query',
            required: false,
            schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
          },
          {
            name: 'after',
            in: 'query',
            required: false,
            description: 'the `next` of the page before: continue after its last entry',
            schema: { type: 'string' },
          },
        ],
        responses: {
          ...ok('the entries; `next` is there when more may follow', {
            type: 'object',
            properties: {
              entries: { type: 'array', items: { $ref: '#/components/schemas/AuditEntry' } },
              next: { type: 'string' },
            },
          }),
          ...errors(400),
        },
      },
    },
    '/savings': {
      get: {
        operationId: 'savings',
        summary:
          'Hours and money saved per target, schedule and subscription, what keeps billing while stopped, and a forecast for the rest of the month (docs/savings.md)',
        parameters: [
          {
            name: 'from',
            in: 'query',
            required: false,
            schema: { type: 'string' },
            description:
              'a date (YYYY-MM-DD: midnight UTC) or an ISO 8601 time with an offset, not after now (400 otherwise); default: the start of this month (UTC)',
          },
          {
            name: 'to',
            in: 'query',
            required: false,
            schema: { type: 'string' },
            description:
              'exclusive, in the same forms as from; default: the start of the month after from; at most 366 days after from. Nothing is counted past now',
          },
          {
            name: 'target',
            in: 'query',
            required: false,
            schema: { type: 'string' },
            description: "one target's name: the report covers only it (the status page's target view)",
          },
        ],
        responses: {
          ...ok('the report', { $ref: '#/components/schemas/SavingsReport' }),
          ...errors(400, 404),
        },
      },
    },
    '/health': {
      get: {
        operationId: 'health',
        summary: 'Storage reachable, last state change, dry run',
        responses: { ...ok('healthy', { type: 'object' }) },
      },
    },
    '/me': {
      get: {
        operationId: 'whoAmI',
        summary:
          'Who the app takes the caller for, and whether they may change things (the status page hides its buttons when not)',
        parameters: [principal],
        responses: {
          ...ok('the caller', {
            type: 'object',
            required: ['signedIn', 'name', 'roles', 'appServiceAuthentication', 'canChange'],
            properties: {
              signedIn: { type: 'boolean' },
              name: { type: 'string', description: 'the sign-in name, or `function key`' },
              roles: { type: 'array', items: { type: 'string' } },
              appServiceAuthentication: { type: 'boolean' },
              canChange: { type: 'boolean' },
              whyNot: { type: 'string', description: 'why changes would be refused' },
            },
          }),
        },
      },
    },
    '/ui': {
      get: {
        operationId: 'statusPage',
        summary: 'The status page (HTML; docs/status-page.md): the fleet, each target, schedules, actions',
        responses: {
          '200': { description: 'the page', content: { 'text/html': { schema: { type: 'string' } } } },
          ...errors(503),
        },
      },
    },
    '/notices/{target}/{linkAction}': noticeLinkPaths(),
    '/openapi.json': {
      get: {
        operationId: 'openApi',
        summary: 'This document',
        responses: { ...ok('OpenAPI 3.1', { type: 'object' }) },
      },
    },
  },
  components: {
    securitySchemes: { functionKey: { type: 'apiKey', in: 'header', name: 'x-functions-key' } },
    schemas: {
      Problem: {
        type: 'object',
        description:
          'RFC 9457 problem details; `type` names the problem (docs/problems.md): branch on it, not on `detail`',
        required: ['type', 'title', 'status', 'detail'],
        properties: {
          type: {
            type: 'string',
            enum: Object.keys(PROBLEM_TYPES).map((code) => problemTypeOf(code as ProblemCode)),
          },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
          errors: {
            type: 'array',
            items: {
              type: 'object',
              required: ['field', 'message'],
              properties: { field: { type: 'string' }, value: {}, message: { type: 'string' } },
            },
          },
        },
      },
      Target: {
        type: 'object',
        required: ['name', 'resourceId', 'source', 'problems'],
        properties: {
          name: { type: 'string' },
          etag: { type: 'string' },
          resourceId: { type: 'string' },
          kind: { enum: ['nodepool', 'cluster', 'vmss'] },
          schedule: { type: 'string' },
          zone: { type: 'string', description: "the schedule's time zone, in which its times are read" },
          enabled: { type: 'boolean' },
          source: { enum: ['row', 'tag'] },
          desired: { enum: ['running', 'stopped'] },
          observed: { enum: ['running', 'stopped', 'starting', 'stopping', 'failed', 'unknown'] },
          nextTransition: { type: 'string', format: 'date-time' },
          lastAction: { type: 'string' },
          lastReason: { type: 'string' },
          problems: { type: 'array', items: { type: 'string' } },
          override: { $ref: '#/components/schemas/Override' },
          plannedStart: {
            $ref: '#/components/schemas/PlannedStart',
            description:
              'GET /targets/{name} only: the next scheduled start, begun ahead so the target is ready at the up time, and why',
          },
          maintenance: { $ref: '#/components/schemas/Maintenance' },
          timeline: {
            $ref: '#/components/schemas/Timeline',
            description:
              'GET /targets/{name} only: what will really happen over the next 7 days (schedule, holidays, override, starts begun ahead) and the operation under way',
          },
        },
      },
      Timeline: {
        type: 'object',
        required: ['zone', 'from', 'to', 'periods', 'changes'],
        properties: {
          zone: { type: 'string', description: "the schedule's zone; `from` is today's midnight there" },
          from: { type: 'string', format: 'date-time' },
          to: { type: 'string', format: 'date-time' },
          periods: {
            type: 'array',
            items: {
              type: 'object',
              required: ['from', 'to', 'state', 'cause'],
              properties: {
                from: { type: 'string', format: 'date-time' },
                to: { type: 'string', format: 'date-time' },
                state: { enum: ['up', 'down'] },
                cause: {
                  enum: ['schedule', 'holiday', 'override', 'start-ahead', 'kept-up'],
                  description:
                    'what the tick follows then: the schedule, a closed day, the override, a start begun ahead of the up time, or a down window too short to stop in',
                },
                override: { type: 'string', description: "the override's kind, for cause override" },
              },
            },
          },
          changes: {
            type: 'array',
            description: 'the starts and stops between the periods',
            items: {
              type: 'object',
              required: ['at', 'action', 'cause'],
              properties: {
                at: { type: 'string', format: 'date-time' },
                action: { enum: ['start', 'stop'] },
                cause: { type: 'string' },
              },
            },
          },
          operation: {
            type: 'object',
            required: ['action', 'status', 'since'],
            description: 'the start or stop under way in Azure (or owed and to be tried again)',
            properties: {
              action: { enum: ['start', 'stop'] },
              status: { type: 'string' },
              since: { type: 'string', format: 'date-time' },
            },
          },
        },
      },
      Maintenance: {
        type: 'object',
        required: ['policy', 'warnings', 'alerts'],
        description:
          "clusters and node pools: their cluster's AKS maintenance windows in the next four weeks and whether the target is up for each; long stops; Kubernetes version support (docs/maintenance.md)",
        properties: {
          policy: { enum: ['wake', 'warn', 'ignore'] },
          windows: {
            type: 'array',
            description: "absent until the cluster's maintenance configurations have been read",
            items: {
              type: 'object',
              required: ['configuration', 'purpose', 'opens', 'closes', 'attendance'],
              properties: {
                configuration: { type: 'string' },
                purpose: { enum: ['kubernetes', 'node-os', 'any'] },
                opens: { type: 'string', format: 'date-time' },
                closes: { type: 'string', format: 'date-time' },
                attendance: { enum: ['attended', 'partly', 'missed'] },
              },
            },
          },
          attended: { type: 'integer', description: 'how many of the windows the target is up for' },
          total: { type: 'integer' },
          stoppedSince: { type: 'string', format: 'date-time' },
          kubernetes: {
            type: 'object',
            required: ['version', 'status'],
            properties: {
              version: { type: 'string' },
              status: { enum: ['supported', 'ending', 'unsupported', 'unknown'] },
              endOfSupport: { type: 'string', format: 'date-time' },
            },
          },
          warnings: { type: 'array', items: { type: 'string' } },
          alerts: {
            type: 'array',
            items: { type: 'string' },
            description: 'warnings that need action soon; also in GET /health',
          },
        },
      },
      TargetRequest: {
        type: 'object',
        required: ['resourceId', 'schedule'],
        additionalProperties: false,
        properties: {
          resourceId: {
            type: 'string',
            description: 'ARM ID of an AKS node pool, an AKS cluster or a VM scale set',
          },
          schedule: { type: 'string' },
          enabled: { type: 'boolean', default: true },
          allowAksManagedScaleSet: { type: 'boolean', default: false },
          description: { type: 'string' },
        },
      },
      Override: {
        type: 'object',
        required: ['kind', 'effect', 'from', 'until'],
        properties: {
          kind: { enum: ['keep-running', 'keep-stopped', 'skip-next-stop', 'skip-next-start'] },
          effect: { enum: ['running', 'stopped'] },
          from: { type: 'string', format: 'date-time' },
          until: { type: 'string', format: 'date-time' },
          createdBy: { type: 'string' },
          reason: { type: 'string' },
          etag: { type: 'string' },
        },
      },
      OverrideRequest: {
        type: 'object',
        required: ['kind'],
        additionalProperties: false,
        properties: {
          kind: { enum: ['keep-running', 'keep-stopped', 'skip-next-stop', 'skip-next-start'] },
          until: {
            type: 'string',
            format: 'date-time',
            description: 'with an offset; keep-* only (a skip ends by itself: 400)',
          },
          duration: {
            type: 'string',
            description: 'ISO 8601, e.g. PT2H; keep-* only (a skip ends by itself: 400)',
          },
          reason: {
            type: 'string',
            maxLength: 1000,
            description: 'one line: control characters such as a newline are refused',
          },
        },
      },
      HoldRequest: {
        type: 'object',
        additionalProperties: false,
        properties: {
          until: { type: 'string', format: 'date-time' },
          duration: { type: 'string' },
          reason: { type: 'string', maxLength: 1000 },
        },
      },
      ActionPreview: {
        type: 'object',
        required: ['target', 'action', 'zone', 'words', 'now', 'change', 'changeWords', 'warnings'],
        properties: {
          target: { type: 'string' },
          action: {
            enum: [
              'start',
              'stop',
              'keep-running',
              'keep-stopped',
              'skip-next-stop',
              'skip-next-start',
              'remove',
            ],
          },
          zone: {
            type: 'string',
            description: 'the schedule’s zone, in which every time in `words` is given',
          },
          words: {
            type: 'string',
            description:
              'what pressing Confirm does, in people’s words: times in the schedule’s zone, named (no ISO 8601), how long the target stays up or down, the override replaced, the change made now, and the warnings',
          },
          override: {
            type: 'object',
            description: 'the override the action would write (absent for remove)',
            required: ['kind', 'effect', 'from', 'until'],
            properties: {
              kind: { enum: ['keep-running', 'keep-stopped', 'skip-next-stop', 'skip-next-start'] },
              effect: { enum: ['running', 'stopped'] },
              from: { type: 'string', format: 'date-time' },
              until: { type: 'string', format: 'date-time' },
            },
          },
          now: {
            type: 'object',
            description:
              'the state asked for from now on, and until when it lasts before the schedule (or the override) changes it',
            required: ['desired'],
            properties: {
              desired: { enum: ['running', 'stopped'] },
              until: { type: 'string', format: 'date-time' },
              hours: { type: 'number', description: 'from now until `until`' },
              words: { type: 'string' },
            },
          },
          skipped: {
            type: 'object',
            description:
              'skips: the scheduled stop (or start) skipped; `tonight` false when there is none this evening and a later one is skipped',
            required: ['at', 'until', 'hours', 'tonight', 'words'],
            properties: {
              at: { type: 'string', format: 'date-time' },
              until: {
                type: 'string',
                format: 'date-time',
                description: 'the transition after it, when the skip ends',
              },
              hours: {
                type: 'number',
                description:
                  'how long the target stays up (or down) in a row, from now at the earliest, the skipped night included',
              },
              tonight: { type: 'boolean' },
              words: { type: 'string' },
            },
          },
          change: {
            enum: ['start', 'stop', 'none'],
            description: 'what would be enqueued now, decided by the tick’s rules on what was last observed',
          },
          changeWords: { type: 'string' },
          replaces: {
            type: 'object',
            description: 'the override in effect (or waiting) that the action replaces or removes',
            required: ['kind', 'until', 'words'],
            properties: {
              kind: { type: 'string' },
              from: { type: 'string', format: 'date-time' },
              until: { type: 'string', format: 'date-time' },
              createdBy: { type: 'string' },
              reason: { type: 'string' },
              words: { type: 'string' },
            },
          },
          warnings: {
            type: 'array',
            items: {
              type: 'object',
              required: ['code', 'words'],
              properties: {
                code: {
                  enum: [
                    'changes-nothing',
                    'shortens-override',
                    'no-stop-tonight',
                    'no-start-tomorrow',
                    'long',
                  ],
                },
                words: { type: 'string' },
              },
            },
          },
          keepRunning: {
            type: 'object',
            description:
              'keep-running only: the suggested end (the next stop plus 2 h, or 22:00 in the schedule’s zone if later) and quick choices',
            required: ['suggested', 'choices'],
            properties: {
              suggested: { $ref: '#/components/schemas/UntilChoice' },
              choices: { type: 'array', items: { $ref: '#/components/schemas/UntilChoice' } },
            },
          },
        },
      },
      UntilChoice: {
        type: 'object',
        required: ['label', 'until', 'words'],
        properties: {
          label: {
            type: 'string',
            description: 'short, for a button: "+1 h", "+2 h", "until 22:00", "until the next up time"',
          },
          until: { type: 'string', format: 'date-time', description: 'pass it as `until`' },
          words: { type: 'string', description: 'the end in the schedule’s zone, e.g. "today 22:00"' },
          warnings: {
            type: 'array',
            items: { type: 'string' },
            description: 'this choice changes nothing, or shortens the current override',
          },
        },
      },
      OverrideResult: {
        type: 'object',
        properties: {
          target: { $ref: '#/components/schemas/Target' },
          decision: {
            type: 'object',
            properties: {
              action: { enum: ['start', 'stop', 'none'] },
              reason: { type: 'string' },
              desired: { type: 'string' },
              observed: { type: 'string' },
              refused: { type: 'boolean' },
              nextTransition: { type: 'string' },
            },
          },
          outcome: {
            type: 'object',
            description: 'whether a change was enqueued, and if not why (docs/decisions.md)',
            properties: { enqueued: { type: 'boolean' }, message: { type: 'string' } },
          },
          summary: {
            type: 'string',
            description: 'what the override does; for a skip, which transition is skipped and until when',
          },
          words: {
            type: 'string',
            description:
              'what the action does in people’s words, as its preview said it (`ActionPreview.words` without the change made now)',
          },
          replaced: {
            type: 'object',
            description: 'the override this one replaced, if any',
            properties: {
              kind: { type: 'string' },
              from: { type: 'string' },
              until: { type: 'string' },
              createdBy: { type: 'string' },
              reason: { type: 'string' },
            },
          },
        },
      },
      ScheduleRequest: {
        type: 'object',
        additionalProperties: false,
        properties: {
          uptime: { type: 'string' },
          downtime: { type: 'string' },
          timeZone: { type: 'string' },
          holidays: { type: 'string' },
          enforce: { type: 'boolean' },
          startLead: {
            type: 'string',
            description:
              'how far ahead of each up time starts begin: auto (learned from past starts, the default), off, or a duration such as 15m or 1h30m',
          },
          maintenance: {
            type: 'string',
            enum: ['wake', 'warn', 'ignore'],
            description:
              "what its targets do about their clusters' AKS maintenance windows: wake (up for each window), warn (the default: report windows left down) or ignore",
          },
          description: { type: 'string' },
        },
      },
      Schedule: {
        type: 'object',
        required: ['name', 'enforce', 'problems'],
        properties: {
          name: { type: 'string' },
          uptime: { type: 'string' },
          downtime: { type: 'string' },
          timeZone: { type: 'string' },
          holidays: { type: 'string' },
          enforce: { type: 'boolean' },
          startLead: { type: 'string', description: 'auto, off, or a duration such as 15m (absent: auto)' },
          maintenance: { type: 'string', description: 'wake, warn or ignore (absent: warn)' },
          description: { type: 'string' },
          etag: { type: 'string' },
          problems: {
            type: 'array',
            items: { type: 'string' },
            description: 'why the schedule cannot be used; empty when it can',
          },
          warnings: {
            type: 'array',
            items: { type: 'string' },
            description: 'worth knowing, not stopping its use: an unknown column, a range that never matches',
          },
          row: {
            type: 'object',
            description: 'the row, when its keys are not simply `schedule` and the name',
            properties: { partitionKey: { type: 'string' }, rowKey: { type: 'string' } },
          },
        },
      },
      TargetRow: {
        type: 'object',
        required: ['name', 'partitionKey', 'rowKey', 'problems'],
        properties: {
          name: { type: 'string', description: 'the name the row stands for: its RowKey as typed' },
          partitionKey: { type: 'string' },
          rowKey: { type: 'string' },
          problems: { type: 'array', items: { type: 'string' } },
        },
      },
      Preview: {
        type: 'object',
        properties: {
          zone: { type: 'string' },
          from: { type: 'string' },
          to: { type: 'string' },
          windows: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                state: { enum: ['up', 'down'] },
                from: { type: 'string' },
                to: { type: 'string' },
              },
            },
          },
          holidays: { type: 'array', items: { type: 'object' } },
          hoursTotal: { type: 'number' },
          hoursUp: { type: 'number' },
          hoursSaved: { type: 'number' },
          plannedStarts: {
            type: 'array',
            description:
              "each up time in the range with the start begun ahead of it (the schedule's StartLead; a learned lead is shown at its default, each target learns its own)",
            items: { $ref: '#/components/schemas/PlannedStart' },
          },
          maintenance: {
            type: 'array',
            description:
              "the schedule's targets whose clusters have AKS maintenance windows: how many of the next four weeks' windows each is up for, and the warnings (docs/maintenance.md)",
            items: {
              type: 'object',
              required: ['target', 'policy', 'attended', 'total', 'warnings'],
              properties: {
                target: { type: 'string' },
                policy: { enum: ['wake', 'warn', 'ignore'] },
                attended: { type: 'integer' },
                total: { type: 'integer' },
                warnings: { type: 'array', items: { type: 'string' } },
              },
            },
          },
        },
      },
      PlannedStart: {
        type: 'object',
        required: ['readyBy', 'startAt', 'leadMinutes', 'keptUp', 'reason'],
        properties: {
          readyBy: { type: 'string', format: 'date-time', description: "the schedule's up time" },
          startAt: {
            type: 'string',
            format: 'date-time',
            description: 'when the start is to begin (the last tick at or before it begins it)',
          },
          leadMinutes: { type: 'number' },
          keptUp: {
            type: 'boolean',
            description:
              'the down window before readyBy is shorter than twice the lead: the target is not stopped in it',
          },
          reason: {
            type: 'string',
            description:
              'e.g. "starting 07:48 to be ready by 08:00 (Europe/Berlin): the 95 % bound of the last 20 starts is 12 min"',
          },
        },
      },
      AuditEntry: {
        type: 'object',
        properties: {
          at: { type: 'string', format: 'date-time' },
          targetName: { type: 'string' },
          resourceId: { type: 'string' },
          action: { type: 'string' },
          actor: { type: 'string' },
          reason: { type: 'string' },
          result: { type: 'string' },
          footprint: {
            ...footprint,
            description: "a stop's entries: the nodes and region observed before it",
          },
        },
      },
      SavingFigures: {
        type: 'object',
        description:
          "`amount` is `listAmount` (pay-as-you-go prices of each node's meter, less what commitments pay, plus a stopped cluster's tier fee) less `discountPercent`, in `currency`; meters in `unpriced` add hours but no money",
        required: [
          'hours',
          'nodeHours',
          'coveredNodeHours',
          'listAmount',
          'amount',
          'currency',
          'discountPercent',
          'unpriced',
          'variable',
        ],
        properties: {
          hours: { type: 'number' },
          nodeHours: { type: 'number' },
          coveredNodeHours: {
            type: 'number',
            description:
              'node-hours covered by a reservation or the savings plan (OFFHOURS_RESERVATIONS, OFFHOURS_SAVINGS_PLAN_HOURLY): saved nothing but a Windows licence',
          },
          listAmount: { type: 'number' },
          amount: { type: 'number' },
          currency: { type: 'string', description: 'ISO 4217, from OFFHOURS_CURRENCY' },
          discountPercent: { type: 'number', description: 'OFFHOURS_DISCOUNT_PERCENT' },
          unpriced: { type: 'array', items: { type: 'string' } },
          variable: {
            type: 'boolean',
            description: "part of the amount is on Spot meters, at today's price",
          },
        },
      },
      GroupSavings: {
        type: 'object',
        required: ['saved', 'forecast', 'stillBilledWhileStopped', 'targets'],
        properties: {
          saved: { $ref: '#/components/schemas/SavingFigures' },
          forecast: {
            $ref: '#/components/schemas/SavingFigures',
            description:
              'the rest of the current month (UTC), from the schedules; zero when the period is over (no forecastPeriod)',
          },
          stillBilledWhileStopped: {
            type: 'object',
            description:
              "the targets' stillBilled.whileStopped added, at list price: what kept billing while they were stopped; unpriced names what is unknown of it (the amount is then at least that)",
            required: ['amount', 'currency', 'unpriced'],
            properties: {
              amount: { type: 'number' },
              currency: { type: 'string' },
              unpriced: { type: 'array', items: { type: 'string' } },
            },
          },
          targets: { type: 'integer' },
        },
      },
      TargetSavings: {
        type: 'object',
        required: ['target', 'resourceId', 'kind', 'subscriptionId', 'saved', 'stillBilled', 'stopped'],
        properties: {
          target: { type: 'string' },
          resourceId: { type: 'string' },
          kind: { type: 'string', enum: ['nodepool', 'cluster', 'vmss'] },
          schedule: { type: 'string' },
          subscriptionId: { type: 'string' },
          footprint: {
            ...footprint,
            properties: {
              ...footprint.properties,
              observed: {
                type: 'string',
                enum: ['before-stop', 'now'],
                description:
                  '`before-stop`: seen before the last stop; `now`: the current profile of a target never stopped yet (used for the forecast only)',
              },
            },
            description: 'the nodes and region last observed before a stop, or the profile now',
          },
          saved: { $ref: '#/components/schemas/SavingFigures' },
          forecast: {
            $ref: '#/components/schemas/SavingFigures',
            description:
              'the rest of the current month (UTC), from the schedule; absent when the period is over',
          },
          stillBilled: {
            type: 'object',
            description:
              'what keeps billing while stopped, as Microsoft documents it; what has a meter is priced in whileStopped',
            required: ['items', 'source'],
            properties: {
              items: { type: 'array', items: { type: 'string' } },
              source: { type: 'string', format: 'uri' },
              whileStopped: {
                type: 'object',
                description:
                  "billed over the hours stopped in the period, at list price: a stopped pool's cluster's tier fee, and what stays in Azure as observed in the node resource group (disks by tier, public IPs, load balancer rules); unpriced names what could not be priced or observed (the amount is then at least that)",
                required: ['amount', 'currency', 'items', 'unpriced'],
                properties: {
                  amount: { type: 'number' },
                  currency: { type: 'string' },
                  items: { type: 'array', items: { type: 'string' } },
                  unpriced: { type: 'array', items: { type: 'string' } },
                  observedAt: {
                    type: 'string',
                    format: 'date-time',
                    description: 'the day (midnight UTC) the node resource group was read',
                  },
                },
              },
            },
          },
          stopped: {
            type: 'array',
            description: 'each time stopped in the period: from the stop succeeding to the next start begun',
            items: {
              type: 'object',
              required: ['from', 'to', 'ongoing'],
              properties: {
                from: { type: 'string', format: 'date-time' },
                to: { type: 'string', format: 'date-time' },
                ongoing: { type: 'boolean' },
                nodes: { type: 'string' },
              },
            },
          },
        },
      },
      SavingsReport: {
        type: 'object',
        required: [
          'from',
          'to',
          'countedTo',
          'currency',
          'discountPercent',
          'total',
          'targets',
          'schedules',
          'subscriptions',
          'commitments',
          'prices',
          'priceProblems',
        ],
        properties: {
          from: { type: 'string', format: 'date-time' },
          to: { type: 'string', format: 'date-time' },
          countedTo: {
            type: 'string',
            format: 'date-time',
            description: 'the end of the period, or now if sooner',
          },
          currency: { type: 'string' },
          discountPercent: { type: 'number' },
          forecastPeriod: {
            type: 'object',
            description:
              'the rest of the current month (UTC) the forecasts cover; absent when the period ends by now (last month) or the month is over',
            properties: {
              from: { type: 'string', format: 'date-time' },
              to: { type: 'string', format: 'date-time' },
            },
          },
          total: { $ref: '#/components/schemas/GroupSavings' },
          targets: { type: 'array', items: { $ref: '#/components/schemas/TargetSavings' } },
          schedules: {
            type: 'array',
            items: {
              allOf: [
                { $ref: '#/components/schemas/GroupSavings' },
                { type: 'object', required: ['schedule'], properties: { schedule: { type: 'string' } } },
              ],
            },
          },
          subscriptions: {
            type: 'array',
            items: {
              allOf: [
                { $ref: '#/components/schemas/GroupSavings' },
                {
                  type: 'object',
                  required: ['subscriptionId'],
                  properties: { subscriptionId: { type: 'string' } },
                },
              ],
            },
          },
          commitments: {
            type: 'object',
            description:
              'the reservations and savings plan counted (settings): the nodes they cover save nothing',
            required: ['reservations', 'savingsPlanHourly'],
            properties: {
              reservations: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['vmSize', 'location', 'count'],
                  properties: {
                    vmSize: { type: 'string' },
                    location: { type: 'string' },
                    count: { type: 'integer' },
                  },
                },
              },
              savingsPlanHourly: { type: 'number' },
            },
          },
          prices: {
            type: 'array',
            description: 'the pay-as-you-go prices used (in effect today), from the Azure Retail Prices API',
            items: {
              type: 'object',
              required: ['priced', 'location', 'hourly', 'currency', 'meterName', 'productName'],
              properties: {
                priced: {
                  type: 'string',
                  description: 'e.g. Standard_D4s_v5, Standard_D4s_v5 Windows Spot, AKS Standard tier',
                },
                location: { type: 'string' },
                hourly: { type: 'number' },
                currency: { type: 'string' },
                meterName: { type: 'string' },
                productName: { type: 'string' },
                effectiveStartDate: { type: 'string', format: 'date-time' },
                variable: { type: 'boolean', description: 'a Spot price: it varies' },
              },
            },
          },
          priceProblems: { type: 'array', items: { type: 'string' } },
          billCheck: { $ref: '#/components/schemas/BillCheck' },
        },
      },
      CostComparison: {
        type: 'object',
        required: ['estimated', 'actual', 'differencePercent', 'flagged'],
        properties: {
          estimated: {
            type: 'number',
            description: "the app's estimate of the compute cost, priced as the savings",
          },
          actual: { type: 'number', description: 'what Cost Management billed' },
          differencePercent: {
            anyOf: [{ type: 'number' }, { type: 'null' }],
            description:
              '(estimated − actual) / actual in %; null when the bill is 0 and the estimate is not',
          },
          flagged: { type: 'boolean', description: 'they differ by more than thresholdPercent' },
        },
      },
      BillCheck: {
        description:
          'estimated against billed compute cost for whole UTC days (docs/savings.md, "Checked against the bill"); available false with the reason when the bill cannot be read (never 0)',
        oneOf: [
          {
            type: 'object',
            required: [
              'available',
              'from',
              'to',
              'currency',
              'thresholdPercent',
              'total',
              'targets',
              'unavailable',
            ],
            properties: {
              available: { enum: [true] },
              from: { type: 'string', format: 'date-time' },
              to: { type: 'string', format: 'date-time', description: 'exclusive' },
              currency: { type: 'string' },
              thresholdPercent: { type: 'number' },
              total: { $ref: '#/components/schemas/CostComparison' },
              targets: {
                type: 'array',
                items: {
                  type: 'object',
                  required: [
                    'target',
                    'estimated',
                    'actual',
                    'differencePercent',
                    'flagged',
                    'unpriced',
                    'days',
                  ],
                  properties: {
                    target: { type: 'string' },
                    estimated: { type: 'number' },
                    actual: { type: 'number' },
                    differencePercent: { anyOf: [{ type: 'number' }, { type: 'null' }] },
                    flagged: { type: 'boolean' },
                    unpriced: { type: 'array', items: { type: 'string' } },
                    days: {
                      type: 'array',
                      items: {
                        type: 'object',
                        required: ['date', 'estimated', 'actual'],
                        properties: {
                          date: { type: 'string', format: 'date' },
                          estimated: { type: 'number' },
                          actual: { type: 'number' },
                        },
                      },
                    },
                  },
                },
              },
              unavailable: {
                type: 'array',
                description: 'subscriptions whose bill could not be read; their targets are left out',
                items: {
                  type: 'object',
                  required: ['subscriptionId', 'reason'],
                  properties: { subscriptionId: { type: 'string' }, reason: { type: 'string' } },
                },
              },
            },
          },
          {
            type: 'object',
            required: ['available', 'reason'],
            properties: { available: { enum: [false] }, reason: { type: 'string' } },
          },
        ],
      },
    },
  },
} as const;

/**
 * The one-click links of stop notices (docs/notifications.md): no function key, the signed token is
 * the authorisation; HTML pages for people, not JSON.
 */
function noticeLinkPaths() {
  const html = (description: string) => ({
    description,
    content: { 'text/html': { schema: { type: 'string' } } },
  });
  const parameters = [
    {
      name: 'target',
      in: 'path',
      required: true,
      description: "the target's name, URL-encoded",
      schema: { type: 'string' },
    },
    {
      name: 'linkAction',
      in: 'path',
      required: true,
      description: 'what the link does; must be the action its token was made for',
      schema: { type: 'string', enum: ['keep-1h', 'keep-until', 'skip-stop'] },
    },
  ];
  const refused = {
    '403': html(
      'forged, altered, cut short, for another target or action, or a form from another site: nothing changed',
    ),
    '404': html('links are not set up (no OFFHOURS_NOTIFY_LINK_KEYS), or no such action'),
    '410': html('expired, already used, or the stop has passed: nothing changed'),
  };
  return {
    get: {
      operationId: 'openNoticeLink',
      summary: 'A confirmation page for a notice link; never acts',
      security: [],
      parameters: [
        ...parameters,
        {
          name: 'token',
          in: 'query',
          required: true,
          description: 'the signed token of the link',
          schema: { type: 'string' },
        },
      ],
      responses: { '200': html('what the link would do, and a Confirm button (a POST)'), ...refused },
    },
    post: {
      operationId: 'confirmNoticeLink',
      summary: 'Does what a notice link says, once, through the override service',
      security: [],
      parameters: [...parameters, principal],
      requestBody: {
        required: true,
        content: {
          'application/x-www-form-urlencoded': {
            schema: { type: 'object', required: ['token'], properties: { token: { type: 'string' } } },
          },
        },
      },
      responses: {
        '200': html('done: the override set, and what will happen'),
        '400': html('the override service refused the request: nothing changed, the link can be used again'),
        '409': html(
          'refused by the override service (target disabled, outside the allowed scopes, protected): nothing changed',
        ),
        ...refused,
        '429': html('too many changes from this client of late'),
      },
    },
  };
}
