import { DateTime } from 'luxon';
import type { Target } from '../../contract/Target.js';
import { asciiFold } from '../../domain/asciiFold.js';
import { DEFAULT_PREVIEW_DAYS } from '../../domain/previewRange.js';
import { plannedTimeline } from '../../domain/plannedTimeline.js';
import { startLeadOf, type StartLeadPolicy } from '../../domain/StartLead.js';
import { loadCatalog } from '../catalog/loadCatalog.js';
import type { TableStorage } from '../storage/TableStorage.js';

/** A target's timeline as the API answers it (GET /api/targets/{name}, field `timeline`: the contract's Timeline). */
export type TimelineView = NonNullable<Target['timeline']>;

export interface TargetTimelineDependencies {
  storage: TableStorage;
  now: () => number;
  startLeadPolicy?: StartLeadPolicy;
}

/** Operations still under way or waiting to be tried again: the target is changing. */
const UNDER_WAY = new Set(['beginning', 'running', 'owed', 'retrying']);

const iso = (instant: number) => new Date(instant).toISOString();

/**
 * What will really happen to a target over the next 7 days, from today's midnight in its schedule's
 * zone (docs/status-page.md): plannedTimeline over its schedule, its override and its start lead as
 * the tick learns it, and the operation under way. Undefined for a target with no usable schedule.
 */
export class TargetTimelineService {
  constructor(private readonly deps: TargetTimelineDependencies) {}

  async of(name: string): Promise<TimelineView | undefined> {
    const { storage, now, startLeadPolicy } = this.deps;
    const at = now();
    const [catalog, override, states, operation] = await Promise.all([
      loadCatalog(storage.schedules, storage.targets),
      storage.overrides.get(name),
      storage.state.load(),
      storage.operations.get(name),
    ]);
    const state = states.get(name);
    const row = catalog.targets.find(({ target }) => target.name === name);
    // A target that opted in by tag has no Targets row: its schedule is the one its State names.
    const schedule = (
      row?.schedule ??
      catalog.schedules.find(
        (candidate) =>
          name.startsWith('tag:') &&
          state?.scheduleName !== undefined &&
          asciiFold(candidate.name) === asciiFold(state.scheduleName),
      )
    )?.schedule;
    if (!schedule) return undefined;
    const zone = schedule.displayZone;
    const sameResource =
      state !== undefined && (!row || asciiFold(state.resourceId) === row.target.resourceId.key);
    const lead = startLeadPolicy
      ? startLeadOf(schedule.startLead, sameResource ? state?.startHistory : undefined, startLeadPolicy)
      : undefined;
    const from = DateTime.fromMillis(at, { zone }).startOf('day').toMillis();
    const to = DateTime.fromMillis(from, { zone }).plus({ days: DEFAULT_PREVIEW_DAYS }).toMillis();
    const { periods, changes } = plannedTimeline({
      schedule,
      overrides: override ? [override.override] : [],
      from,
      to,
      lead,
    });
    return {
      zone,
      from: iso(from),
      to: iso(to),
      periods: periods.map((period) => ({
        from: iso(period.from),
        to: iso(period.to),
        state: period.up ? 'up' : 'down',
        cause: period.cause,
        ...(period.override ? { override: period.override } : {}),
      })),
      changes: changes.map((change) => ({ at: iso(change.at), action: change.action, cause: change.cause })),
      ...(operation && UNDER_WAY.has(operation.status)
        ? {
            operation: {
              action: operation.action,
              status: operation.status,
              since: iso(operation.startedAt),
            },
          }
        : {}),
    };
  }
}
