import { z } from 'zod';
import type { PaidTier } from '../domain/ComputeFootprint.js';
import type { Attendance } from '../domain/maintenance/windowCoverage.js';
import type { KubernetesSupportStatus } from '../domain/maintenance/kubernetesSupport.js';
import type { MaintenancePolicy } from '../domain/maintenance/MaintenancePolicy.js';
import type { MaintenancePurpose } from '../domain/maintenance/MaintenanceWindow.js';
import { OVERRIDE_KINDS, type OverrideKind } from '../domain/Override.js';
import type { PeriodCause } from '../domain/plannedTimeline.js';
import type { DesiredState, ObservedState, TargetKind } from '../domain/PowerState.js';
import { named } from './CONTRACT.js';
import { enumOf, instant } from './fields.js';

export const TargetKindEnum = enumOf<TargetKind>()(['nodepool', 'cluster', 'vmss']);
export const DesiredStateEnum = enumOf<DesiredState>()(['running', 'stopped']);
export const ObservedStateEnum = enumOf<ObservedState>()([
  'running',
  'stopped',
  'starting',
  'stopping',
  'failed',
  'unknown',
]);
export const OverrideKindEnum = z.enum(
  OVERRIDE_KINDS as readonly OverrideKind[] as [OverrideKind, ...OverrideKind[]],
);
export const MaintenancePolicyEnum = enumOf<MaintenancePolicy>()(['wake', 'warn', 'ignore']);
export const PaidTierEnum = enumOf<PaidTier>()(['Standard', 'Premium']);
const PeriodCauseEnum = enumOf<PeriodCause>()(['schedule', 'holiday', 'override', 'start-ahead', 'kept-up']);
const startOrStop = z.enum(['start', 'stop']);

/** The override in effect (or waiting), as a target shows it. */
export const Override = named(
  'Override',
  z.strictObject({
    kind: OverrideKindEnum,
    effect: DesiredStateEnum,
    from: instant,
    until: instant,
    createdBy: z.string().optional(),
    reason: z.string().optional(),
    etag: z.string().optional(),
  }),
);

export const PlannedStart = named(
  'PlannedStart',
  z.strictObject({
    readyBy: instant.describe("the schedule's up time"),
    startAt: instant.describe('when the start is to begin (the last tick at or before it begins it)'),
    leadMinutes: z.number(),
    keptUp: z
      .boolean()
      .describe(
        'the down window before readyBy is shorter than twice the lead: the target is not stopped in it',
      ),
    reason: z
      .string()
      .describe(
        'e.g. "starting 07:48 to be ready by 08:00 (Europe/Berlin): the 95 % bound of the last 20 starts is 12 min"',
      ),
  }),
);
export type PlannedStart = z.infer<typeof PlannedStart>;

export const Maintenance = named(
  'Maintenance',
  z.strictObject({
    policy: MaintenancePolicyEnum,
    windows: z
      .array(
        z.strictObject({
          configuration: z.string(),
          purpose: enumOf<MaintenancePurpose>()(['kubernetes', 'node-os', 'any']),
          opens: instant,
          closes: instant,
          attendance: enumOf<Attendance>()(['attended', 'partly', 'missed']),
        }),
      )
      .optional()
      .describe("absent until the cluster's maintenance configurations have been read"),
    attended: z.number().int().optional().describe('how many of the windows the target is up for'),
    total: z.number().int().optional(),
    stoppedSince: instant.optional(),
    kubernetes: z
      .strictObject({
        version: z.string(),
        status: enumOf<KubernetesSupportStatus>()(['supported', 'ending', 'unsupported', 'unknown']),
        endOfSupport: instant.optional(),
      })
      .optional(),
    warnings: z.array(z.string()),
    alerts: z.array(z.string()).describe('warnings that need action soon; also in GET /health'),
  }),
  "clusters and node pools: their cluster's AKS maintenance windows in the next four weeks and whether the target is up for each; long stops; Kubernetes version support (docs/maintenance.md)",
);

export const Timeline = named(
  'Timeline',
  z.strictObject({
    zone: z.string().describe("the schedule's zone; `from` is today's midnight there"),
    from: instant,
    to: instant,
    periods: z.array(
      z.strictObject({
        from: instant,
        to: instant,
        state: z.enum(['up', 'down']),
        cause: PeriodCauseEnum.describe(
          'what the tick follows then: the schedule, a closed day, the override, a start begun ahead of the up time, or a down window too short to stop in',
        ),
        override: z.string().optional().describe("the override's kind, for cause override"),
      }),
    ),
    changes: z
      .array(z.strictObject({ at: instant, action: startOrStop, cause: PeriodCauseEnum }))
      .describe('the starts and stops between the periods'),
    operation: z
      .strictObject({ action: startOrStop, status: z.string(), since: instant })
      .optional()
      .describe('the start or stop under way in Azure (or owed and to be tried again)'),
  }),
);

export const Target = named(
  'Target',
  z.strictObject({
    name: z.string(),
    etag: z.string().optional(),
    resourceId: z.string(),
    kind: TargetKindEnum.optional(),
    schedule: z.string().optional(),
    zone: z.string().optional().describe("the schedule's time zone, in which its times are read"),
    enabled: z.boolean().optional(),
    source: z.enum(['row', 'tag']),
    desired: DesiredStateEnum.optional(),
    observed: ObservedStateEnum.optional(),
    nextTransition: instant.optional(),
    lastAction: z.string().optional(),
    lastReason: z.string().optional(),
    problems: z.array(z.string()),
    override: Override.optional(),
    plannedStart: PlannedStart.optional().describe(
      'GET /targets/{name} only: the next scheduled start, begun ahead so the target is ready at the up time, and why',
    ),
    maintenance: Maintenance.optional(),
    timeline: Timeline.optional().describe(
      'GET /targets/{name} only: what will really happen over the next 7 days (schedule, holidays, override, starts begun ahead) and the operation under way',
    ),
  }),
);
export type Target = z.infer<typeof Target>;

/** A Targets row as the fleet list shows it when it cannot be used, or has something worth knowing. */
export const TargetRow = named(
  'TargetRow',
  z.strictObject({
    name: z.string().describe('the name the row stands for: its RowKey as typed'),
    partitionKey: z.string(),
    rowKey: z.string(),
    problems: z.array(z.string()),
  }),
);

export const TargetList = named(
  'TargetList',
  z.strictObject({
    targets: z.array(Target),
    total: z
      .number()
      .int()
      .optional()
      .describe(
        'every target, when paged: as the last reconcile tick counted them (`summaryAsOf`); absent before the first tick counted',
      ),
    summaryAsOf: z
      .string()
      .optional()
      .describe(
        'when paged: when the last reconcile tick counted `total` and listed the rows of `unusableRows` and `rowWarnings` this page did not read (an ISO instant); absent before the first tick: not counted yet',
      ),
    continuationToken: z
      .string()
      .optional()
      .describe(
        'present when more targets follow: pass it back for the next page. It names the last key shown; the pages are in key order (the State RowKey: the name with `%`, `/`, `\\`, `#`, `?` and control characters percent-encoded), ordinal',
      ),
    unusableRows: z
      .array(TargetRow)
      .optional()
      .describe('Targets rows not acted on, each with every problem that holds it'),
    rowWarnings: z
      .array(TargetRow)
      .optional()
      .describe('rows acted on all the same, with something worth knowing (an unknown column)'),
    unlistedRows: z
      .number()
      .int()
      .optional()
      .describe(
        'when paged: rows with problems or warnings the fleet summary had no room to list (it keeps at most 450,000 characters of them)',
      ),
  }),
);
export type TargetList = z.infer<typeof TargetList>;
