import { DateTime } from 'luxon';
import { asciiFold } from '../../domain/asciiFold.js';
import { DomainRuleError } from '../../domain/DomainRuleError.js';
import type { Override } from '../../domain/Override.js';
import { nextPlannedStart } from '../../domain/PlannedStart.js';
import { startLeadOf, type StartLeadPolicy } from '../../domain/StartLead.js';
import { parseResourceId } from '../../domain/ResourceId.js';
import type { TableStorage } from '../storage/TableStorage.js';
import type { TargetGuard } from '../operations/TargetGuard.js';
import { registeredTwice } from '../reconciliation/heldByOtherRows.js';
import {
  joinCatalog,
  loadCatalog,
  loadCatalogOf,
  type Catalog,
  type ScheduledTarget,
} from '../catalog/loadCatalog.js';
import { nameOfRowKey } from '../storage/rowName.js';
import type { LoadedOverrides } from '../overrides/OverrideTable.js';
import type { FleetSummary, RowKeys } from './FleetSummaryTable.js';
import { isInKeyOrder } from './TargetTable.js';
import { targetKeyOf } from './targetKey.js';
import { byKey, isWithin, pageKeysOf } from './pageKeysOf.js';
import type { DecisionLine, Reconciler } from '../reconciliation/Reconciler.js';
import { RowAlreadyExistsError } from '../storage/RowAlreadyExistsError.js';
import { RowChangedError } from '../storage/RowChangedError.js';
import { normaliseText } from '../storage/normaliseText.js';
import { decodeTableKey } from '../storage/tableKey.js';
import type { RowProblem } from '../storage/RowProblem.js';
import {
  groupProblemsByTarget,
  isUnusableRow,
  targetNameOf,
  unusableTargetState,
} from '../reconciliation/unusableTargets.js';
import type { TargetState } from './StateTable.js';
import { targetRowReport, type TargetRowReport, type TargetRowView } from './targetRowReport.js';
import { windowsAttended, type MaintenanceOutlook } from '../../domain/maintenance/maintenanceOutlook.js';
import {
  MAX_OVERRIDE_DAYS,
  parseOverrideRequest,
  type ParsedOverrideRequest,
} from '../overrides/overrideRequest.js';
import { actionOf, previewOf, readAction, type ActionPreview, type PreviewQuery } from './actionPreview.js';
import { describeActionPlan } from '../../domain/actionWords.js';
import {
  keepRunningChoices,
  planTargetAction,
  type ActionPlan,
  type TargetAction,
} from '../../domain/planTargetAction.js';
import { DAY_MS } from '../../domain/time.js';
import { checkOverridePreconditions, type OverridePreconditions } from '../problems/preconditions.js';
import type { Decision } from '../../contract/OverrideResult.js';
import type { PlannedStart, Target } from '../../contract/Target.js';
import {
  ConflictError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
} from '../problems/RequestErrors.js';
import { actionTowards } from '../../domain/powerAction.js';

/**
 * A target as the API shows it: registration, state and active override; the contract's type
 * (shared/contract/Target.ts), so that what the service returns is what the document says.
 */
export type TargetView = Target;
export type MaintenanceView = NonNullable<Target['maintenance']>;
export type PlannedStartView = PlannedStart;

export interface TargetServiceDependencies {
  storage: TableStorage;
  reconciler: Reconciler;
  now: () => number;
  /** Allowed scopes and the production guard, checked before an override is written. */
  guard?: TargetGuard;
  /** Bounds of start leads; without it no planned start is shown (starts begin at the up time). */
  startLeadPolicy?: StartLeadPolicy;
  /** "Keep running until" 22:00 (HH:MM in the schedule's zone): one of its quick choices (OFFHOURS_NOTIFY_KEEP_UNTIL). */
  eveningTime?: string;
}

const iso = (instant: number | undefined) =>
  instant === undefined ? undefined : new Date(instant).toISOString();
const isoOf = (instant: number) => new Date(instant).toISOString();

/** Status of targets, and overrides acted on at once (not at the next tick). */
export class TargetService {
  constructor(private readonly deps: TargetServiceDependencies) {}

  async list(): Promise<TargetView[]> {
    return (await this.readList()).views;
  }

  /** `list()` and the Targets rows' report (`GET /api/targets`), from one read of the catalog. */
  async listWithRowReport(): Promise<{ targets: TargetView[] } & TargetRowReport> {
    const { views, catalog } = await this.readList();
    return { targets: views, ...targetRowReport(catalog) };
  }

  /** Every target's view in key order, and the catalog it was made from. */
  private async readList(): Promise<{ views: TargetView[]; catalog: Catalog }> {
    const { storage } = this.deps;
    const [catalog, states, overrides] = await Promise.all([
      loadCatalog(storage.schedules, storage.targets),
      storage.state.load(),
      storage.overrides.load(this.deps.now()),
    ]);
    // The whole Targets table was read: its clashes are in the catalog, not only in the last tick's State.
    const views = this.viewsOf(catalog, states, overrides, { wholeTable: true });
    const sorted = views.sort((a, b) => byKey(targetKeyOf(a.name), targetKeyOf(b.name)));
    return { views: sorted, catalog };
  }

  /**
   * Rows that cannot be used, as the next tick will record them (the same function writes them): a
   * row typed in the portal shows with its problems at once, not after the tick, and a row broken
   * there loses what the last tick saw of it.
   */
  private unusableRowStates(
    catalog: Catalog,
    overrides: { problems: readonly RowProblem[]; expired: readonly { targetName: string }[] },
    states: ReadonlyMap<string, TargetState>,
  ): TargetState[] {
    // As the tick: an expired override's problem is not shown, since that tick removes it.
    const expired = new Set(overrides.expired.map((record) => record.targetName));
    const problemsByTarget = groupProblemsByTarget([
      ...catalog.problems,
      ...overrides.problems.filter((problem) => !expired.has(decodeTableKey(problem.rowKey))),
    ]);
    const usable = new Set(catalog.targets.map(({ target }) => target.name.toLowerCase()));
    return [...problemsByTarget]
      .filter(([name, problems]) => !usable.has(name) && isUnusableRow(problems))
      .map(([, problems]) => {
        const targetName = targetNameOf(problems[0] as RowProblem);
        return unusableTargetState(targetName, problems, states.get(targetName), this.deps.now());
      });
  }

  /**
   * One page of `list()` in the same order: at most `limit` targets after the key the continuation
   * token names, read by key range (docs/architecture.md, The fleet a page at a time): the page's
   * Targets and State rows, its Overrides rows and the Schedules; `total` and, with `withRowReport`,
   * the Targets rows' report from the last tick's fleet summary, whose age `summaryAsOf` states, the
   * rows this page read as they are now.
   */
  async listPage(
    limit: number,
    continuationToken?: string,
    { withRowReport = false }: { withRowReport?: boolean } = {},
  ): Promise<TargetPage & Partial<TargetRowReport>> {
    const after = continuationToken === undefined ? undefined : readContinuationToken(continuationToken);
    const { storage } = this.deps;
    const at = this.deps.now();
    const [schedules, targetRows, stateRows, summary] = await Promise.all([
      storage.schedules.load(),
      storage.targets.readAfter(after, limit + 1),
      storage.state.loadAfter(after, limit + 1),
      storage.fleetSummary.get(),
    ]);
    const outOfOrder = summary?.outOfOrderRows ?? [];
    const page = pageKeysOf(after, limit, [
      { keys: targetRows.rows.map((row) => row.key), ...optional('frontier', targetRows.frontier) },
      { keys: stateRows.states.map(({ key }) => key), ...optional('frontier', stateRows.frontier) },
      { keys: outOfOrder.map(keyOfRow) },
    ]);
    const [overrides, outOfOrderRows] = await Promise.all([
      page.first !== undefined && page.last !== undefined
        ? storage.overrides.loadRange(page.first, page.last, at)
        : { records: [], problems: [], expired: [] },
      storage.targets.readEach(outOfOrder.filter((row) => page.shown.has(keyOfRow(row)))),
    ]);
    const rows = [...targetRows.rows.filter((row) => page.shown.has(row.key)), ...outOfOrderRows];
    const catalog = joinCatalog(schedules, {
      records: rows.flatMap((row) => (row.record ? [row.record] : [])),
      problems: rows.flatMap((row) => row.problems),
      warnings: rows.flatMap((row) => row.warnings),
    });
    const states = new Map(
      stateRows.states.filter(({ key }) => page.shown.has(key)).map(({ state }) => [state.targetName, state]),
    );
    // The rows this page read, whose report it makes now: in key order up to its last key, and those out of it it read.
    const readByPage = (row: RowKeys) =>
      isInKeyOrder(row)
        ? isWithin(keyOfRow(row), after, page.more ? (page.last ?? after ?? '') : undefined)
        : rows.some((read) => sameRow(read.row, row));
    return {
      targets: this.viewsOf(catalog, states, overrides).sort((a, b) =>
        byKey(targetKeyOf(a.name), targetKeyOf(b.name)),
      ),
      ...(summary ? { total: summary.total, summaryAsOf: isoOf(summary.asOf) } : {}),
      ...(page.resumeAfter !== undefined
        ? { continuationToken: continuationTokenAfter(page.resumeAfter) }
        : {}),
      ...(withRowReport
        ? pageRowReport(catalog, summary, {
            read: readByPage,
            heldByTick: (name) => registeredTwice(states.get(name)),
          })
        : {}),
    };
  }

  /**
   * The views of these targets, from their rows. Unless the catalog is the `wholeTable`, what only the
   * whole Targets table shows (a name or resource registered twice) comes from their State rows, as
   * `get` does.
   */
  private viewsOf(
    catalog: Catalog,
    states: ReadonlyMap<string, TargetState>,
    overrides: LoadedOverrides,
    { wholeTable = false }: { wholeTable?: boolean } = {},
  ): TargetView[] {
    const overridesByTarget = new Map(
      overrides.records.map((record) => [
        record.targetName,
        { ...record.override, ...(record.row?.etag ? { etag: record.row.etag } : {}) },
      ]),
    );
    const views = new Map<string, TargetView>();
    for (const state of states.values())
      views.set(state.targetName, viewOf(state, undefined, overridesByTarget.get(state.targetName)));
    for (const state of this.unusableRowStates(catalog, overrides, states))
      views.set(state.targetName, viewOf(state, undefined, overridesByTarget.get(state.targetName)));
    for (const scheduled of catalog.targets) {
      const { name } = scheduled.target;
      const state = states.get(name);
      if (wholeTable || !registeredTwice(state))
        views.set(name, viewOf(state, scheduled, overridesByTarget.get(name)));
    }
    return [...views.values()];
  }

  /**
   * One target, from its own rows read by key (its Targets row, State, override and the schedules),
   * as `list` shows it (docs/architecture.md, One target's action).
   */
  async get(name: string): Promise<TargetView> {
    const { storage } = this.deps;
    const at = this.deps.now();
    const [catalog, state, overrides] = await Promise.all([
      loadCatalogOf(storage.schedules, storage.targets, name),
      storage.state.get(name),
      storage.overrides.loadOne(name, at),
    ]);
    if (!catalog) return this.getFromList(name);
    const [record] = overrides.records;
    const override = record
      ? { ...record.override, ...(record.row?.etag ? { etag: record.row.etag } : {}) }
      : undefined;
    const [scheduled] = catalog.targets;
    if (scheduled && !registeredTwice(state)) {
      const view = viewOf(state, scheduled, override);
      const plannedStart = this.plannedStartOf(scheduled, state, override, at);
      return plannedStart ? { ...view, plannedStart } : view;
    }
    const unusable = this.unusableRowStates(catalog, overrides, new Map(state ? [[name, state]] : []));
    const shown = unusable.find((candidate) => candidate.targetName === name) ?? state;
    if (!shown)
      throw new NotFoundError(`there is no registered target named "${name}"; GET /api/targets lists them`);
    return viewOf(shown, undefined, override);
  }

  /** A target whose row cannot be read by key alone (`TargetTable.readOne`): found in the whole list. */
  private async getFromList(name: string): Promise<TargetView> {
    const view = (await this.list()).find((candidate) => candidate.name === name);
    if (!view)
      throw new NotFoundError(`there is no registered target named "${name}"; GET /api/targets lists them`);
    const scheduled = await this.registered(name);
    if (!scheduled) return view;
    const at = this.deps.now();
    const [state, override] = await Promise.all([
      this.deps.storage.state.get(name),
      this.deps.storage.overrides.get(name),
    ]);
    const plannedStart = this.plannedStartOf(scheduled, state, override?.override, at);
    return plannedStart ? { ...view, plannedStart } : view;
  }

  /** When the target's next scheduled start begins and why (docs/decisions.md, Ready by). */
  private plannedStartOf(
    scheduled: ScheduledTarget,
    state: TargetState | undefined,
    override: Override | undefined,
    at: number,
  ): PlannedStartView | undefined {
    const { startLeadPolicy } = this.deps;
    if (!startLeadPolicy || !scheduled.target.enabled) return undefined;
    const sameResource =
      state !== undefined && asciiFold(state.resourceId) === scheduled.target.resourceId.key;
    const { schedule } = scheduled.schedule;
    const lead = startLeadOf(
      schedule.startLead,
      sameResource ? state?.startHistory : undefined,
      startLeadPolicy,
    );
    const planned = nextPlannedStart(schedule, override ? [override] : [], at, lead);
    if (!planned) return undefined;
    return {
      readyBy: new Date(planned.readyBy).toISOString(),
      startAt: new Date(planned.startAt).toISOString(),
      leadMinutes: planned.lead.ms / 60_000,
      keptUp: planned.keptUp,
      reason: planned.reason,
    };
  }

  /** The registered, enabled target an override or its preview is for; 404 or 409 otherwise. */
  private async overridable(name: string): Promise<ScheduledTarget> {
    const scheduled = await this.registered(name);
    if (!scheduled)
      throw new NotFoundError(
        `there is no registered target named "${name}"; only registered targets can be overridden`,
      );
    if (!scheduled.target.enabled)
      throw new ConflictError(
        `target "${name}" is disabled (Enabled is false on its Targets row); enable it first`,
        { code: 'target-disabled' },
      );
    return scheduled;
  }

  /**
   * Sets the target's override and decides for it at once. `hold` is "start now" or "stop now": its
   * kind is fixed and, without until or duration, it lasts until the schedule's own next change. The
   * answer says whether a change was enqueued, and if not why; which override it replaced; and for a
   * skip, which transition is skipped and until when (docs/decisions.md).
   */
  async setOverride(
    name: string,
    body: unknown,
    actor: string,
    preconditions: OverridePreconditions = {},
    hold?: 'keep-running' | 'keep-stopped',
  ): Promise<OverrideAnswer> {
    const { storage, now } = this.deps;
    const scheduled = await this.overridable(name);
    const at = now();
    const request = parseOverrideRequest(hold ? { ...(body as object), kind: hold } : body, at);
    const current = await storage.overrides.get(name);
    const plan = this.plan(scheduled, request, actionOf(request.kind, hold), at, current?.override, actor);
    const override = plan.override as Override;
    await this.refuseIfGuarded(scheduled, override, actor);
    // A row the reader refuses (typed by hand) has no record but still has an ETag: replace it.
    const currentEtag = current?.row?.etag ?? (await storage.overrides.etagOf(name));
    // A row the reader refuses is in doubt: it may be an override someone typed, so it counts.
    const inEffect = current ? current.override.until > at : currentEtag !== undefined;
    checkOverridePreconditions(name, preconditions, { etag: currentEtag, inEffect });
    try {
      await storage.overrides.put({ targetName: name, override }, currentEtag);
    } catch (error) {
      if (error instanceof RowChangedError || error instanceof RowAlreadyExistsError)
        throw new PreconditionFailedError(
          `the override of "${name}" was changed by someone else just now; read it again`,
          { cause: error },
        );
      throw error;
    }
    const replaced = current && current.override.until > at ? current.override : undefined;
    const summary = describeOverride(override, scheduled);
    await storage.audit.append({
      at,
      targetName: name,
      resourceId: scheduled.target.resourceId.id,
      action: 'override',
      actor,
      reason: request.reason ?? override.kind,
      result: replaced ? `${summary}; replaced ${describeReplaced(replaced)}` : summary,
    });
    return {
      ...(await this.actNow(name, actor)),
      summary,
      words: describeActionPlan(plan, name, scheduled.schedule.schedule.displayZone).words,
      ...(replaced ? { replaced: replacedView(replaced) } : {}),
    };
  }

  /**
   * What an action would do, without doing it: the same parsing, plan and decision rules as doing it
   * (`setOverride`, `deleteOverride`), in fields and in words (docs/decisions.md, One source for an
   * action's effect). Keep-running without an end previews the suggested end.
   */
  async preview(name: string, query: PreviewQuery): Promise<ActionPreview> {
    const { storage, now } = this.deps;
    const action = readAction(query.action);
    const scheduled = await this.overridable(name);
    const at = now();
    const { schedule } = scheduled.schedule;
    const stored = await storage.overrides.get(name);
    const current = stored && stored.override.until > at ? stored.override : undefined;
    if (action === 'remove' && !stored && !(await storage.overrides.etagOf(name)))
      throw new NotFoundError(`target "${name}" has no override`);
    const choices =
      action === 'keep-running'
        ? keepRunningChoices(
            schedule,
            current,
            at,
            this.deps.eveningTime ?? '22:00',
            MAX_OVERRIDE_DAYS * DAY_MS,
          )
        : undefined;
    const request =
      action === 'remove'
        ? undefined
        : parseOverrideRequest(
            {
              kind: action === 'start' ? 'keep-running' : action === 'stop' ? 'keep-stopped' : action,
              ...(query.until !== undefined ? { until: query.until } : {}),
              ...(query.duration !== undefined ? { duration: query.duration } : {}),
            },
            at,
          );
    const suggested: ParsedOverrideRequest | undefined =
      choices && request && request.until === undefined
        ? { ...request, until: choices.suggested.until }
        : request;
    const plan = suggested
      ? this.plan(scheduled, suggested, action, at, stored?.override, 'preview')
      : planTargetAction({ action, schedule, now: at, ...(current ? { current } : {}) });
    if (plan.override) await this.refuseIfGuarded(scheduled, plan.override, undefined);
    const report = await this.deps.reconciler.tick({
      onlyTarget: name,
      planOnly: true,
      supposedOverride: plan.override ?? null,
    });
    const decision = report.decisions.find((line) => line.target === name);
    return previewOf(name, scheduled, plan, decision, choices);
  }

  private plan(
    scheduled: ScheduledTarget,
    request: ParsedOverrideRequest,
    action: TargetAction,
    at: number,
    stored: Override | undefined,
    actor: string,
  ): ActionPlan {
    try {
      return planTargetAction({
        action,
        ...(request.until !== undefined ? { until: request.until } : {}),
        schedule: scheduled.schedule.schedule,
        now: at,
        ...(stored && stored.until > at ? { current: stored } : {}),
        createdBy: storableActor(actor),
        ...(request.reason !== undefined ? { reason: request.reason } : {}),
      });
    } catch (error) {
      if (error instanceof DomainRuleError) {
        const field = request.kind.startsWith('keep-') ? 'until' : 'kind';
        throw new ValidationError(
          [{ field, value: field === 'kind' ? request.kind : request.until, message: error.message }],
          { cause: error },
        );
      }
      throw error;
    }
  }

  async deleteOverride(name: string, actor: string, ifMatch?: string): Promise<ActNowAnswer> {
    const { storage, now } = this.deps;
    const scheduled = await this.registered(name);
    if (!scheduled) throw new NotFoundError(`there is no registered target named "${name}"`);
    const current = await storage.overrides.get(name);
    const currentEtag = current?.row?.etag ?? (await storage.overrides.etagOf(name));
    if (!currentEtag) throw new NotFoundError(`target "${name}" has no override`);
    checkOverridePreconditions(name, { ifMatch }, { etag: currentEtag, inEffect: true });
    try {
      await storage.overrides.delete(name, currentEtag);
    } catch (error) {
      if (error instanceof RowChangedError)
        throw new PreconditionFailedError(
          `the override of "${name}" was changed by someone else just now; read it again`,
          { cause: error },
        );
      throw error;
    }
    await storage.audit.append({
      at: now(),
      targetName: name,
      resourceId: scheduled.target.resourceId.id,
      action: 'override-removed',
      actor,
      reason: 'removed through the API',
      result: current ? `${current.override.kind} removed` : 'an unreadable override row removed',
    });
    return this.actNow(name, actor);
  }

  /** Outside the allowed scopes, or a stop of a protected resource: refused and audited, nothing written. */
  private async refuseIfGuarded(
    scheduled: ScheduledTarget,
    override: Override,
    /** Who asked, for the audit trail; a preview, which does nothing, is refused without an entry. */
    actor: string | undefined,
  ): Promise<void> {
    const { resourceId, name } = scheduled.target;
    const refusal = await this.deps.guard?.refusal(resourceId, actionTowards(override.effect));
    if (!refusal) return;
    if (actor === undefined)
      throw new ConflictError(`${override.kind} of "${name}" would be refused: ${refusal}`, {
        code: 'action-refused',
      });
    await this.deps.storage.audit.append({
      at: this.deps.now(),
      targetName: name,
      resourceId: resourceId.id,
      action: 'refused',
      actor,
      reason: `${override.kind} requested`,
      result: `refused: ${refusal}`,
    });
    throw new ConflictError(`${override.kind} of "${name}" refused: ${refusal}; nothing was changed`, {
      code: 'action-refused',
    });
  }

  private async actNow(name: string, actor: string): Promise<ActNowAnswer> {
    const report = await this.deps.reconciler.tick({ onlyTarget: name, actor });
    const decision = report.decisions.find((line) => line.target === name);
    const enqueued = report.enqueued.some((request) => request.targetName === name);
    const problems = report.problems
      .filter((problem) => problem.table === 'Targets' || problem.table === 'Tags')
      .filter((problem) => decodeTableKey(problem.rowKey).toLowerCase() === name.toLowerCase())
      .map((problem) => problem.reason);
    return {
      target: await this.get(name),
      ...(decision ? { decision: decisionOf(decision) } : {}),
      outcome: outcomeOf(decision, enqueued, problems),
    };
  }

  /**
   * A usable Targets row (read by key; not one the last tick found registered twice), or
   * a target that opted in by tag (known from the State the last tick wrote).
   */
  private async registered(name: string): Promise<ScheduledTarget | undefined> {
    const { storage } = this.deps;
    if (!name.startsWith('tag:')) {
      const [catalog, state] = await Promise.all([
        loadCatalogOf(storage.schedules, storage.targets, name),
        storage.state.get(name),
      ]);
      if (catalog) return registeredTwice(state) ? undefined : catalog.targets[0];
    }
    const catalog = await loadCatalog(storage.schedules, storage.targets);
    const row = catalog.targets.find(({ target }) => target.name === name);
    if (row || !name.startsWith('tag:')) return row;
    const state = await storage.state.get(name);
    const parsed = state ? parseResourceId(state.resourceId) : undefined;
    const schedule = catalog.schedules.find(
      (candidate) => candidate.name.toLowerCase() === state?.scheduleName?.toLowerCase(),
    );
    if (!parsed?.ok || !schedule || !state?.scheduleName) return undefined;
    return {
      target: {
        name,
        resourceId: parsed.resourceId,
        scheduleName: state.scheduleName,
        enabled: true,
        allowAksManagedScaleSet: false,
      },
      schedule,
    };
  }
}

/**
 * A page of targets; `continuationToken` is there when more follow. `total` is the last tick's
 * count, as of `summaryAsOf`; both are absent before any tick counted.
 */
export interface TargetPage {
  targets: TargetView[];
  total?: number;
  summaryAsOf?: string;
  continuationToken?: string;
  /** Rows with problems or warnings the fleet summary had no room to list. */
  unlistedRows?: number;
}

/** The token names the last key shown (docs/api.md): opaque to clients, checked when it comes back. */
function continuationTokenAfter(key: string): string {
  return Buffer.from(JSON.stringify({ afterKey: key }), 'utf8').toString('base64url');
}

/** The key after which the next page begins; a token of the name-ordered pages before names a target. */
function readContinuationToken(token: string): string {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      afterKey?: unknown;
      after?: unknown;
    } | null;
    if (typeof value?.afterKey === 'string' && value.afterKey !== '') return value.afterKey;
    if (typeof value?.after === 'string' && value.after !== '') return targetKeyOf(value.after);
  } catch {
    // Answered below as any other token that is not ours.
  }
  throw new ValidationError([
    {
      field: 'continuationToken',
      value: token,
      message: 'must be the continuationToken of an earlier page, as it was returned',
    },
  ]);
}

/** `{ [name]: value }` when the value is there, else nothing (exactOptionalPropertyTypes). */
function optional<K extends string, V>(name: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [name]: value } as { [P in K]?: V });
}

function keyOfRow(row: RowKeys): string {
  return targetKeyOf(nameOfRowKey(row.rowKey));
}

function sameRow(a: RowKeys, b: RowKeys): boolean {
  return a.partitionKey === b.partitionKey && a.rowKey === b.rowKey;
}

/**
 * The first page's Targets rows' report: the rows this page read as they are now, the others as the
 * last tick's summary listed them (a row the tick found clashing with another stays as the tick saw
 * it: only the whole table shows that). Before any tick, the rows this page read only.
 */
function pageRowReport(
  catalog: Catalog,
  summary: FleetSummary | undefined,
  page: { read: (row: RowKeys) => boolean; heldByTick: (name: string) => boolean },
): TargetRowReport & { unlistedRows?: number } {
  const fresh = targetRowReport(catalog);
  const freshHere = (view: TargetRowView) => !page.heldByTick(view.name);
  const fromSummary = (view: TargetRowView) => !page.read(view) || page.heldByTick(view.name);
  const merged = (ours: TargetRowView[], tick: readonly TargetRowView[]) =>
    [...ours.filter(freshHere), ...tick.filter(fromSummary)].sort(
      (a, b) => a.name.localeCompare(b.name) || a.partitionKey.localeCompare(b.partitionKey),
    );
  const unlisted = summary ? summary.unlisted.unusableRows + summary.unlisted.rowWarnings : 0;
  return {
    unusableRows: merged(fresh.unusableRows, summary?.unusableRows ?? []),
    rowWarnings: merged(fresh.rowWarnings, summary?.rowWarnings ?? []),
    ...(unlisted > 0 ? { unlistedRows: unlisted } : {}),
  };
}

/** What came of a person's request: a change enqueued, or nothing, and why. */
export interface RequestOutcome {
  enqueued: boolean;
  message: string;
}

export interface ActNowAnswer {
  target: TargetView;
  /** Absent when the target could not be decided for (held by its problems, or not found this time). */
  decision?: Decision;
  outcome: RequestOutcome;
}

/**
 * The decision as the API shows it (shared/contract, Decision): the tick's log line less what the
 * answer says already (the target), so that the log can change without changing the contract.
 */
function decisionOf(line: DecisionLine): Decision {
  return {
    action: line.action,
    rule: line.rule,
    reason: line.reason,
    ...(line.desired !== undefined ? { desired: line.desired } : {}),
    observed: line.observed,
    refused: line.refused,
    ...(line.nextTransition !== undefined ? { nextTransition: line.nextTransition } : {}),
  };
}

export interface OverrideAnswer extends ActNowAnswer {
  /** What the override does, in words: for a skip, which transition is skipped and until when. */
  summary: string;
  /** The same plan in people's words, as the preview said it (`ActionPreview.words` without the change now). */
  words: string;
  /** The override this one replaced (one override per target). */
  replaced?: { kind: string; from: string; until: string; createdBy?: string; reason?: string };
}

function outcomeOf(
  decision: DecisionLine | undefined,
  enqueued: boolean,
  problems: readonly string[],
): RequestOutcome {
  if (!decision)
    return {
      enqueued: false,
      message:
        problems.length > 0
          ? `nothing will happen: the target is held until its problems are fixed: ${problems.join('; ')}`
          : 'nothing will happen: the target was not found this time',
    };
  if (enqueued) return { enqueued, message: `${decision.action} enqueued: ${decision.reason}` };
  return { enqueued, message: `nothing will happen now: ${decision.reason}` };
}

function describeOverride(override: Override, scheduled: ScheduledTarget): string {
  const zone = scheduled.schedule.schedule.displayZone;
  const when = (instant: number) => `${iso(instant)} (${localTime(instant, zone)})`;
  switch (override.kind) {
    case 'skip-next-stop':
      return `skip-next-stop: the stop at ${when(override.from)} is skipped; the target stays up until the next start at ${when(override.until)}`;
    case 'skip-next-start':
      return `skip-next-start: the start at ${when(override.from)} is skipped; the target stays down until the next stop at ${when(override.until)}`;
    default:
      return `${override.kind} from ${when(override.from)} until ${when(override.until)}`;
  }
}

function localTime(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toFormat("ccc yyyy-MM-dd HH:mm '" + zone + "'");
}

function describeReplaced(override: Override): string {
  const by = override.createdBy ? ` by ${override.createdBy}` : '';
  const reason = override.reason ? ` (reason: ${override.reason})` : '';
  return `${override.kind}${by} until ${iso(override.until) ?? ''}${reason}`;
}

function replacedView(override: Override): NonNullable<OverrideAnswer['replaced']> {
  return {
    kind: override.kind,
    from: iso(override.from) ?? '',
    until: iso(override.until) ?? '',
    ...(override.createdBy ? { createdBy: override.createdBy } : {}),
    ...(override.reason ? { reason: override.reason } : {}),
  };
}

/** The caller as the Overrides row can keep it: the reader takes at most 256 characters and no control characters. */
function storableActor(actor: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
  const text = normaliseText(actor.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' '));
  return text.length > 256 ? normaliseText(text.slice(0, 256)) : text;
}

function viewOf(
  state: TargetState | undefined,
  scheduled: ScheduledTarget | undefined,
  override: (Override & { etag?: string }) | undefined,
): TargetView {
  const target = scheduled?.target;
  return {
    name: target?.name ?? state?.targetName ?? '',
    resourceId: target?.resourceId.id ?? state?.resourceId ?? '',
    ...(target
      ? {
          kind: target.resourceId.kind,
          schedule: target.scheduleName,
          ...(scheduled ? { zone: scheduled.schedule.schedule.displayZone } : {}),
          enabled: target.enabled,
        }
      : state?.scheduleName
        ? { schedule: state.scheduleName }
        : {}),
    source: (target?.name ?? state?.targetName ?? '').startsWith('tag:') ? 'tag' : 'row',
    ...(state?.desired ? { desired: state.desired } : {}),
    ...(state?.observed ? { observed: state.observed } : {}),
    ...(state?.nextTransition !== undefined ? { nextTransition: isoOf(state.nextTransition) } : {}),
    ...(state?.lastAction ? { lastAction: state.lastAction } : {}),
    ...(state?.lastReason ? { lastReason: state.lastReason } : {}),
    problems: state?.problems ?? [],
    ...(state?.maintenance ? { maintenance: maintenanceViewOf(state.maintenance) } : {}),
    ...(target?.row?.etag ? { etag: target.row.etag } : {}),
    ...(override
      ? {
          override: {
            kind: override.kind,
            effect: override.effect,
            from: iso(override.from) ?? '',
            until: iso(override.until) ?? '',
            ...(override.createdBy ? { createdBy: override.createdBy } : {}),
            ...(override.reason ? { reason: override.reason } : {}),
            ...(override.etag ? { etag: override.etag } : {}),
          },
        }
      : {}),
  };
}

function maintenanceViewOf(outlook: MaintenanceOutlook): MaintenanceView {
  const windows = outlook.windows?.map((window) => ({
    configuration: window.configuration,
    purpose: window.purpose,
    opens: iso(window.opens) ?? '',
    closes: iso(window.closes) ?? '',
    attendance: window.attendance,
  }));
  return {
    policy: outlook.policy,
    ...(windows
      ? {
          windows,
          attended: windowsAttended(windows),
          total: windows.length,
        }
      : {}),
    ...(outlook.stoppedSince !== undefined ? { stoppedSince: isoOf(outlook.stoppedSince) } : {}),
    ...(outlook.kubernetes
      ? {
          kubernetes: {
            version: outlook.kubernetes.version,
            status: outlook.kubernetes.status,
            ...(outlook.kubernetes.endOfSupport !== undefined
              ? { endOfSupport: isoOf(outlook.kubernetes.endOfSupport) }
              : {}),
          },
        }
      : {}),
    warnings: outlook.warnings,
    alerts: outlook.alerts,
  };
}
