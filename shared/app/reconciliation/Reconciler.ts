import { recordNodesSeen } from '../../domain/NodesSeen.js';
import type { DecisionRule } from '../../domain/DecisionRule.js';
import { asciiFold } from '../../domain/asciiFold.js';
import { decide, type DecisionSettings } from '../../domain/decide.js';
import type { Decision } from '../../domain/Decision.js';
import type { DesiredState, ObservedState } from '../../domain/PowerState.js';
import { guardDecision, type GuardPolicy } from '../../domain/guardDecision.js';
import type { Override } from '../../domain/Override.js';
import type { ResourceId } from '../../domain/ResourceId.js';
import { startLeadOf, type StartLeadPolicy } from '../../domain/StartLead.js';
import { nextStartHistory, type EndedStart } from './nextStartHistory.js';
import { transitionKeyOf, type ChangeRequest } from '../operations/ChangeRequest.js';
import { discoverTaggedTargets } from './discoverTaggedTargets.js';
import { fleetSummaryOf } from './fleetSummaryOf.js';
import { holdOverlappingTargets } from './holdOverlappingTargets.js';
import { heldByOtherRows } from './heldByOtherRows.js';
import { loadCatalog, loadCatalogOf, type ScheduledTarget } from '../catalog/loadCatalog.js';
import { rowKeyOfName } from '../storage/rowName.js';
import { TargetTable } from '../targets/TargetTable.js';
import type { OperationFollower } from '../operations/OperationFollower.js';
import type { ActionQueue } from '../operations/ActionQueue.js';
import type { ObservedResource, PowerControl } from '../operations/PowerControl.js';
import { RowChangedError } from '../storage/RowChangedError.js';
import { formatRowProblem, type RowProblem } from '../storage/RowProblem.js';
import {
  groupProblemsByTarget,
  isUnusableRow,
  targetNameOf,
  unusableTargetState,
} from './unusableTargets.js';
import { notifyProblems } from '../notifications/notifyChannels.js';
import { decodeTableKey } from '../storage/tableKey.js';
import { StateTable, type TargetState } from '../targets/StateTable.js';
import type { TableStorage } from '../storage/TableStorage.js';
import type { WritePacer } from '../operations/WritePacer.js';
import type { MaintenanceFacts, MaintenanceView } from '../maintenance/MaintenanceFacts.js';
import {
  DEFAULT_MAINTENANCE_THRESHOLDS,
  maintenanceOutlook,
  type MaintenanceThresholds,
} from '../../domain/maintenance/maintenanceOutlook.js';
import type { ClusterFacts } from '../operations/PowerControl.js';
import type { NotBegun } from '../../domain/NotBegun.js';
import { notBegunOf } from '../operations/notBegunOf.js';
import type { OperationRecord } from '../operations/OperationTable.js';

export interface ReconcilerDependencies {
  storage: TableStorage;
  queue: ActionQueue;
  power: PowerControl;
  follower: OperationFollower;
  settings: DecisionSettings;
  /** Subscriptions to search for opted-in resources, beyond those of registered targets. */
  subscriptions: readonly string[];
  now: () => number;
  /** One structured line per decision, and a summary per tick. */
  log: (line: Record<string, unknown>) => void;
  /** Allowed scopes and protected tags: limits no row, tag or request lifts (docs/security.md). */
  guard?: GuardPolicy;
  /** Bounds of start leads (docs/decisions.md, Ready by); without it starts begin at the up time. */
  startLeadPolicy?: StartLeadPolicy;
  /** The configured notification channels: a Notify column naming another is shown as a problem. */
  notifyChannels?: readonly string[];
  /** Spreads the messages over ARM's write budget per subscription; without it all are visible at once. */
  pacer?: WritePacer;
  /** Each cluster's planned maintenance (docs/maintenance.md); without it no window is known. */
  maintenance?: MaintenanceFacts;
  maintenanceThresholds?: MaintenanceThresholds;
}

/** One decision as logged and returned. */
export interface DecisionLine {
  target: string;
  resourceId: string;
  action: Decision['action'];
  desired?: DesiredState;
  observed: ObservedState;
  refused: boolean;
  /** The rule that answered (DECISION_RULES): stable, for queries over the log. */
  rule: DecisionRule;
  reason: string;
  nextTransition?: string;
}

export interface TickReport {
  at: string;
  targets: number;
  enqueued: ChangeRequest[];
  decisions: DecisionLine[];
  problems: RowProblem[];
  statesWritten: number;
}

export interface TickOptions {
  isPastDue?: boolean;
  /** Decide for this target only (an API call that must act now, not at the next tick). */
  onlyTarget?: string;
  /** Who caused this run, for the audit trail of what it enqueues. */
  actor?: string;
  /** Decide and report only: follow no operation, enqueue nothing, write nothing (`aks-offhours plan`). */
  planOnly?: boolean;
  /**
   * With `onlyTarget` and `planOnly`: decide as if this were the target's override (null: as if it
   * had none), for the preview of an action (docs/decisions.md, One source for an action's effect).
   */
  supposedOverride?: Override | null;
}

/**
 * The reconcile timer's work (docs/architecture.md, The tick): load schedules, targets, overrides and state (one
 * query each), follow operations in flight, observe the fleet (one Resource Graph query), decide for
 * every target, enqueue the changes and write the states that changed.
 */
export class Reconciler {
  constructor(private readonly deps: ReconcilerDependencies) {}

  async tick(options: TickOptions = {}): Promise<TickReport> {
    if (options.onlyTarget !== undefined && !options.onlyTarget.startsWith('tag:')) {
      const report = await this.tickOne(options.onlyTarget, options);
      if (report) return report;
    }
    const now = this.deps.now();
    const { storage } = this.deps;
    // Overrides and states are read while the fleet is observed: only the catalog must come first.
    const rest = Promise.all([
      storage.overrides.load(now),
      storage.state.load(),
      storage.operations.list(),
      this.deps.maintenance?.load(),
    ]);
    rest.catch(() => undefined); // awaited below; a failure must not go unhandled while the catalog loads
    const catalog = await loadCatalog(storage.schedules, storage.targets);
    if (options.isPastDue)
      this.deps.log({
        event: 'tick-past-due',
        at: new Date(now).toISOString(),
        message:
          'the timer was past due; decisions compare with the remembered state, so missed transitions are caught up',
      });
    const registered = catalog.targets.filter(
      ({ target }) => !options.onlyTarget || target.name === options.onlyTarget,
    );
    // A tag-discovered target names its subscription: `tag:<subscription>/…`.
    const extraSubscription = options.onlyTarget?.startsWith('tag:')
      ? options.onlyTarget.slice(4).split('/')[0]
      : undefined;
    const [[overrides, states, operations, maintenance], observed] = await Promise.all([
      rest,
      this.observe(
        registered.map(({ target }) => target.resourceId),
        extraSubscription,
      ),
    ]);
    // Operations under way are followed through this observation; Azure is asked only where it is not enough.
    const endedStarts = options.planOnly
      ? new Map<string, EndedStart>()
      : await this.followOperations(observed, operations);
    const tagged = this.taggedTargets(observed, catalog);
    // Found among all targets, also when deciding for one only: a held target is never acted on.
    const overlapping = holdOverlappingTargets([...catalog.targets, ...tagged.targets], observed);
    // An expired override is reported by the loader, but this tick removes it: no need to show it on the target.
    const expiredNames = new Set(overrides.expired.map((record) => record.targetName));
    const problems = [
      ...catalog.problems,
      ...overrides.problems.filter((problem) => !expiredNames.has(decodeTableKey(problem.rowKey))),
      ...tagged.problems,
      ...overlapping.problems,
    ];
    const overridesByTarget = new Map(
      overrides.records.map((record) => [record.targetName, [record.override]]),
    );
    const decidable = [
      ...registered,
      ...tagged.targets.filter(({ target }) => !options.onlyTarget || target.name === options.onlyTarget),
    ].filter(({ target }) => !overlapping.held.has(target.name));
    const { enqueued, decisions, nextStates, guardRefusals, logged } = this.decideAll(decidable, {
      states,
      observed,
      overridesByTarget,
      problems,
      now,
      options,
      endedStarts,
      maintenance,
      operations,
    });
    const at = new Date(now).toISOString();
    if (options.planOnly)
      return { at, targets: decisions.length, enqueued, decisions, problems, statesWritten: 0 };
    enqueued.push(...(await this.owedChanges(decisions, enqueued)));
    // Changes go on the queue before their decisions are remembered, so a failed send is decided again next tick.
    await this.send(enqueued);
    const changed = nextStates.filter((state) => StateTable.differs(states.get(state.targetName), state));
    // What follows the send is independent work on different tables and ARM: done at once, so the
    // tick's time is the longest of them, not their sum.
    await Promise.all([
      storage.state.saveMany(changed),
      maintenance && this.deps.maintenance
        ? this.deps.maintenance.refresh(clustersOf(decidable, observed), maintenance, now)
        : undefined,
      this.auditGuardRefusals(guardRefusals, now, options.actor),
      ...overrides.expired.map((record) => this.removeExpiredOverride(record.targetName, record.row?.etag)),
    ]);
    // One write: the fleet's figures a page of the list states without reading the fleet.
    const stateNames = [...states.keys(), ...nextStates.map((state) => state.targetName)];
    await storage.fleetSummary.save(fleetSummaryOf(catalog, stateNames, now));
    return this.reported({ at, enqueued, decisions, problems, statesWritten: changed.length }, logged);
  }

  /** The tick's summary line, logged once, and its report: the whole tick and one target's alike. */
  private reported(report: Omit<TickReport, 'targets'>, logged: number): TickReport {
    const { at, enqueued, decisions, problems, statesWritten } = report;
    this.deps.log({
      event: 'tick',
      at,
      targets: decisions.length,
      enqueued: enqueued.length,
      unchanged: decisions.length - logged,
      problems: problems.length,
      statesWritten,
    });
    return { ...report, targets: decisions.length };
  }

  /**
   * One target's tick, for a person's action on it: its rows read by key, its resource alone observed,
   * its operation alone followed, decided by the same rules as the whole tick (docs/architecture.md,
   * One target's action). Undefined when its row cannot be read by key alone: the whole tick then.
   */
  private async tickOne(name: string, options: TickOptions): Promise<TickReport | undefined> {
    const now = this.deps.now();
    const { storage } = this.deps;
    const [catalog, before, overrides, operation] = await Promise.all([
      loadCatalogOf(storage.schedules, storage.targets, name),
      storage.state.get(name),
      storage.overrides.loadOne(name, now),
      storage.operations.get(name),
    ]);
    if (!catalog) return undefined;
    const at = new Date(now).toISOString();
    const held = heldByOtherRows(before);
    const rowKey = catalog.targets[0]?.target.row?.rowKey ?? rowKeyOfName(name);
    const heldProblems = held.map((reason): RowProblem => ({
      table: 'Targets',
      partitionKey: TargetTable.partitionKey,
      rowKey,
      reason,
    }));
    if (held.length > 0 || catalog.targets.length === 0)
      return {
        at,
        targets: 0,
        enqueued: [],
        decisions: [],
        problems: [...catalog.problems, ...heldProblems],
        statesWritten: 0,
      };
    const scheduled = catalog.targets;
    const { resourceId } = scheduled[0]!.target;
    const observed = await this.deps.power.observeEach([resourceId]);
    const operations = operation ? [operation] : [];
    const endedStarts = options.planOnly
      ? new Map<string, EndedStart>()
      : await this.followOperations(observed, operations);
    const location = observed.get(resourceId.key)?.aks?.location;
    const maintenance =
      resourceId.kind === 'vmss'
        ? undefined
        : await this.deps.maintenance?.loadFor(clusterKeyOf(resourceId), location);
    const expiredNames = new Set(overrides.expired.map((record) => record.targetName));
    const problems = [
      ...catalog.problems,
      ...overrides.problems.filter((problem) => !expiredNames.has(decodeTableKey(problem.rowKey))),
    ];
    const stored = overrides.records.map((record) => record.override);
    const supposed = options.supposedOverride;
    const overridesByTarget = new Map([
      [name, supposed === undefined ? stored : supposed === null ? [] : [supposed]],
    ]);
    const { enqueued, decisions, nextStates, guardRefusals, logged } = this.decideAll(scheduled, {
      states: new Map(before ? [[name, before]] : []),
      observed,
      overridesByTarget,
      problems,
      now,
      options,
      endedStarts,
      maintenance,
      operations,
    });
    if (options.planOnly)
      return { at, targets: decisions.length, enqueued, decisions, problems, statesWritten: 0 };
    const decided = new Set(enqueued.map((request) => request.targetName));
    enqueued.push(
      ...(await this.deps.follower.retryOwed(
        decisions.filter((decision) => !decided.has(decision.target)),
        operations,
      )),
    );
    await this.send(enqueued);
    const changed = nextStates.filter((state) => StateTable.differs(before, state));
    await storage.state.saveMany(changed);
    await this.auditGuardRefusals(guardRefusals, now, options.actor);
    await Promise.all(
      overrides.expired.map((record) => this.removeExpiredOverride(record.targetName, record.row?.etag)),
    );
    return this.reported({ at, enqueued, decisions, problems, statesWritten: changed.length }, logged);
  }

  /**
   * Each message waits its turn in the write plan (docs/architecture.md, Throttling). The plan is
   * made now, after the tick's reads, and each message is visible at the plan's instant plus its
   * delay, however long the sending takes: a delay counted from its own send would add the time
   * the messages before it took to every begin.
   */
  private async send(requests: readonly ChangeRequest[]): Promise<void> {
    if (!this.deps.pacer) return this.deps.queue.enqueue(requests);
    const plannedAt = this.deps.now();
    const plan = this.deps.pacer.plan(requests, plannedAt);
    await this.deps.queue.enqueue(
      plan.map(({ request }) => request),
      (index) => plannedAt + (plan[index]?.delayMs ?? 0) - this.deps.now(),
    );
  }

  /**
   * One look at every operation under way, through the tick's observation; the ones that ended are
   * logged (the failed-operations alert reads them). Returns each start that ended (Succeeded,
   * failed or timed out), by target name.
   */
  private async followOperations(
    observed: ReadonlyMap<string, ObservedResource>,
    operations: readonly OperationRecord[],
  ): Promise<Map<string, EndedStart>> {
    const endedStarts = new Map<string, EndedStart>();
    for (const followed of await this.deps.follower.followAll(observed, operations)) {
      if (followed.endedStart) endedStarts.set(followed.targetName, followed.endedStart);
      if (followed.outcome !== 'running')
        this.deps.log({
          event: 'operation',
          target: followed.targetName,
          action: followed.action,
          outcome: followed.outcome,
          message: followed.message,
        });
    }
    return endedStarts;
  }

  /** Changes Azure did not take (throttled, or another operation held the target) that are due again. */
  private async owedChanges(
    decisions: readonly DecisionLine[],
    enqueued: readonly ChangeRequest[],
  ): Promise<ChangeRequest[]> {
    const decided = new Set(enqueued.map((request) => request.targetName));
    return this.deps.follower.retryOwed(decisions.filter((decision) => !decided.has(decision.target)));
  }

  private decideAll(
    targets: readonly ScheduledTarget[],
    context: {
      states: ReadonlyMap<string, TargetState>;
      observed: ReadonlyMap<string, ObservedResource>;
      overridesByTarget: ReadonlyMap<string, Override[]>;
      problems: readonly RowProblem[];
      now: number;
      options: TickOptions;
      endedStarts: ReadonlyMap<string, EndedStart>;
      maintenance: MaintenanceView | undefined;
      /** The Operations rows as this tick read them: a change Azure never began is said so. */
      operations: readonly OperationRecord[];
    },
  ): {
    enqueued: ChangeRequest[];
    decisions: DecisionLine[];
    nextStates: TargetState[];
    guardRefusals: DecisionLine[];
    logged: number;
  } {
    const { states, observed, overridesByTarget, now, options } = context;
    const operationsByTarget = new Map(
      context.operations.map((operation) => [operation.targetName, operation]),
    );
    const problemsByTarget = groupProblemsByTarget(context.problems);
    const enqueued: ChangeRequest[] = [];
    const decisions: DecisionLine[] = [];
    const nextStates: TargetState[] = [];
    const guardRefusals: DecisionLine[] = [];
    let logged = 0;
    for (const scheduled of targets) {
      const { target } = scheduled;
      const result = this.decideFor(
        scheduled,
        states.get(target.name),
        observed.get(target.resourceId.key),
        overridesByTarget.get(target.name) ?? [],
        now,
        observed.get(clusterKeyOf(target.resourceId))?.tags,
        context.endedStarts.get(target.name),
        operationsByTarget.get(target.name),
        context.maintenance,
      );
      if (result.guarded && states.get(target.name)?.lastReason !== result.line.reason)
        guardRefusals.push(result.line);
      decisions.push(result.line);
      // One line per change or new reason, not one per target per tick: the tick's summary counts the rest.
      if (result.line.action !== 'none' || states.get(target.name)?.lastReason !== result.line.reason) {
        this.deps.log({ event: 'decision', ...result.line });
        logged++;
      }
      if (result.request) enqueued.push({ ...result.request, actor: options.actor ?? result.request.actor });
      // The state is this tick's own object: its problems are set in place rather than copied.
      result.state.problems = [
        ...(problemsByTarget.get(target.name.toLowerCase()) ?? []).map(formatRowProblem),
        ...notFoundProblem(scheduled, observed),
        ...(scheduled.target.name.startsWith('tag:')
          ? []
          : notifyProblems(scheduled, this.deps.notifyChannels ?? [])),
      ];
      nextStates.push(result.state);
    }
    if (!options.onlyTarget)
      nextStates.push(...this.statesOfUnusableTargets(problemsByTarget, nextStates, states, now));
    return { enqueued, decisions, nextStates, guardRefusals, logged };
  }

  /** An expired override's row goes; one that a person replaced meanwhile stays (theirs is newer). */
  private async removeExpiredOverride(targetName: string, etag: string | undefined): Promise<void> {
    try {
      await this.deps.storage.overrides.delete(targetName, etag);
    } catch (error) {
      if (!(error instanceof RowChangedError)) throw error;
    }
  }

  private async observe(
    targets: readonly ResourceId[],
    extraSubscription?: string,
  ): Promise<Map<string, ObservedResource>> {
    const subscriptions = new Set(
      [
        ...this.deps.subscriptions,
        ...targets.map((target) => target.subscriptionId),
        ...(extraSubscription ? [extraSubscription] : []),
      ].map((id) => id.toLowerCase()),
    );
    if (subscriptions.size === 0) return new Map();
    return this.deps.power.observe([...subscriptions], targets);
  }

  private taggedTargets(
    observed: ReadonlyMap<string, ObservedResource>,
    catalog: Awaited<ReturnType<typeof loadCatalog>>,
  ): { targets: ScheduledTarget[]; problems: RowProblem[] } {
    const registeredKeys = new Set(catalog.targets.map(({ target }) => target.resourceId.key));
    const discovered = discoverTaggedTargets(observed, registeredKeys, this.deps.guard?.allowedScopes);
    const schedulesByName = new Map(
      catalog.schedules.map((schedule) => [schedule.name.toLowerCase(), schedule]),
    );
    const targets: ScheduledTarget[] = [];
    const problems = [...discovered.problems];
    for (const target of discovered.targets) {
      const schedule = schedulesByName.get(target.scheduleName.toLowerCase());
      if (schedule) targets.push({ target, schedule });
      else
        problems.push({
          table: 'Tags',
          partitionKey: target.resourceId.id,
          rowKey: target.name,
          column: 'offhours-schedule',
          value: target.scheduleName,
          reason: `there is no schedule named "${target.scheduleName}"`,
        });
    }
    return { targets, problems };
  }

  private decideFor(
    scheduled: ScheduledTarget,
    before: TargetState | undefined,
    observation: ObservedResource | undefined,
    overrides: Override[],
    now: number,
    clusterTags?: Readonly<Record<string, string>>,
    endedStart?: EndedStart,
    operation?: OperationRecord,
    maintenance?: MaintenanceView,
  ): { line: DecisionLine; state: TargetState; request?: ChangeRequest; guarded?: boolean } {
    const { target, schedule } = scheduled;
    // A row that now names another resource starts afresh: the old memory was about something else.
    const sameResource =
      before !== undefined &&
      (before.resourceId === target.resourceId.id || asciiFold(before.resourceId) === target.resourceId.key);
    const memory = sameResource ? before.memory : {};
    // The remembered object itself unless a start ended or the target was resized.
    const startHistory = nextStartHistory({
      remembered: sameResource ? before.startHistory : undefined,
      kind: target.resourceId.kind,
      observation,
      ended: endedStart,
      startedAheadFor: memory.startedAheadFor,
      now,
    });
    // The bill check prices an autoscaled pool's runs on the nodes seen then (docs/savings.md).
    const nodesSeen = recordNodesSeen(
      sameResource ? before.nodesSeen : undefined,
      observation?.state === 'running',
      observation?.footprint,
      now,
    );
    // States and lines are built field by field, not spread: this runs for every target on every tick.
    const stateOf = (fields: Omit<TargetState, 'targetName' | 'resourceId' | 'problems' | 'updatedAt'>) => {
      const state: TargetState = {
        targetName: target.name,
        resourceId: target.resourceId.id,
        scheduleName: target.scheduleName,
        problems: [],
        updatedAt: now,
        ...fields,
      };
      if (startHistory.samples.length > 0 || startHistory.shape !== undefined)
        state.startHistory = startHistory;
      if (nodesSeen) state.nodesSeen = nodesSeen;
      return state;
    };
    const startLead = this.deps.startLeadPolicy
      ? startLeadOf(schedule.schedule.startLead, startHistory, this.deps.startLeadPolicy)
      : undefined;
    if (!target.enabled) {
      const line: DecisionLine = {
        target: target.name,
        resourceId: target.resourceId.id,
        action: 'none',
        observed: observation?.state ?? 'unknown',
        refused: false,
        rule: 'held',
        reason: 'disabled (Enabled is false on its Targets row)',
      };
      const state = stateOf({ memory, lastReason: line.reason });
      if (observation) state.observed = observation.state;
      return { line, state };
    }
    const clusterKey = target.resourceId.kind === 'vmss' ? undefined : clusterKeyOf(target.resourceId);
    const windows = clusterKey ? maintenance?.windows(clusterKey, now) : undefined;
    const unguarded = decide({
      target: {
        id: target.resourceId.id,
        kind: target.resourceId.kind,
        registered: true,
        allowAksManagedScaleSet: target.allowAksManagedScaleSet,
      },
      schedule: schedule.schedule,
      overrides,
      observed: observation ?? { state: 'unknown' },
      memory,
      now,
      settings: this.deps.settings,
      ...(startLead ? { startLead } : {}),
      ...(clusterKey
        ? { maintenance: { policy: schedule.schedule.maintenancePolicy, windows: windows ?? [] } }
        : {}),
      ...notBegunFact(operation),
    });
    const decision = this.deps.guard
      ? guardDecision(
          unguarded,
          { resource: target.resourceId, tags: observation?.tags, clusterTags, memory },
          this.deps.guard,
        )
      : unguarded;
    const guarded = decision !== unguarded;
    const reason = observation
      ? decision.reason
      : `${decision.reason} (not found in Azure: check the ResourceId and the app's permissions)`;
    const line: DecisionLine = {
      target: target.name,
      resourceId: target.resourceId.id,
      action: decision.action,
      desired: decision.desired,
      observed: observation?.state ?? 'unknown',
      refused: decision.refused,
      rule: decision.rule,
      reason,
    };
    if (decision.nextTransition !== undefined) line.nextTransition = this.isoTime(decision.nextTransition);
    const state = stateOf({
      memory: decision.memory,
      desired: decision.desired,
      observed: observation?.state ?? 'unknown',
      lastReason: reason,
    });
    if (decision.nextTransition !== undefined) state.nextTransition = decision.nextTransition;
    const outlook = maintenanceOutlook({
      targetName: target.name,
      scheduleName: target.scheduleName,
      kind: target.resourceId.kind,
      schedule: schedule.schedule,
      overrides,
      policy: schedule.schedule.maintenancePolicy,
      windows,
      now,
      observed: observation?.state,
      stoppedSince: decision.memory.stoppedSince,
      kubernetesVersion: observation?.aks?.kubernetesVersion,
      supportedMinors: maintenance?.supportedMinors(observation?.aks?.location),
      allowAksManagedScaleSet: target.allowAksManagedScaleSet === true,
      thresholds: this.deps.maintenanceThresholds ?? DEFAULT_MAINTENANCE_THRESHOLDS,
      configurationProblems: clusterKey ? (maintenance?.problems(clusterKey, now) ?? []) : [],
    });
    if (outlook.windows || outlook.warnings.length > 0 || outlook.kubernetes) state.maintenance = outlook;
    const lastAction =
      decision.action !== 'none'
        ? `${decision.action} at ${new Date(now).toISOString()}`
        : before?.lastAction;
    if (lastAction) state.lastAction = lastAction;
    if (decision.action === 'none') return { line, state, guarded };
    const request: ChangeRequest = {
      targetName: target.name,
      resourceId: target.resourceId.id,
      action: decision.action,
      transitionKey: transitionKeyOf(target.name, decision.action, now),
      reason,
      actor: decision.activeOverride?.createdBy ?? 'schedule',
      requestedAt: now,
      ...(decision.action === 'stop' && observation?.scale ? { scaleBeforeStop: observation.scale } : {}),
      ...(decision.action === 'stop' && observation?.footprint
        ? { footprintBeforeStop: observation.footprint }
        : {}),
    };
    return { line, state, request };
  }

  private lastIsoTime: { at: number; text: string } | undefined;

  /** An instant as ISO 8601; the targets of a schedule share their next transition, so the last answer is kept. */
  private isoTime(at: number): string {
    if (this.lastIsoTime?.at !== at) this.lastIsoTime = { at, text: new Date(at).toISOString() };
    return this.lastIsoTime.text;
  }

  /** A guard refusal goes into the audit trail once, when it first appears (not at every tick). */
  private async auditGuardRefusals(refusals: readonly DecisionLine[], now: number, actor?: string) {
    for (const line of refusals)
      await this.deps.storage.audit.append({
        at: now,
        targetName: line.target,
        resourceId: line.resourceId,
        action: 'refused',
        actor: actor ?? 'schedule',
        reason: line.reason,
        result: 'refused',
      });
  }

  /** Targets whose rows cannot be used still get a State row, so their problems show next to everything else. */
  private statesOfUnusableTargets(
    problemsByTarget: Map<string, RowProblem[]>,
    written: readonly TargetState[],
    states: ReadonlyMap<string, TargetState>,
    now: number,
  ): TargetState[] {
    const done = new Set(written.map((state) => state.targetName.toLowerCase()));
    const result: TargetState[] = [];
    for (const [name, problems] of problemsByTarget) {
      const first = problems[0];
      if (done.has(name) || !first || !isUnusableRow(problems)) continue;
      const targetName = targetNameOf(first);
      result.push(unusableTargetState(targetName, problems, states.get(targetName), now));
    }
    return result;
  }
}

/** The clusters of the targets decided, once each, as observed: whose maintenance facts are kept. */
function clustersOf(
  targets: readonly ScheduledTarget[],
  observed: ReadonlyMap<string, ObservedResource>,
): ClusterFacts[] {
  const clusters = new Map<string, ClusterFacts>();
  for (const { target } of targets) {
    if (target.resourceId.kind === 'vmss') continue;
    const facts = observed.get(target.resourceId.key)?.aks;
    if (facts) clusters.set(clusterKeyOf(target.resourceId), facts);
  }
  return [...clusters.values()];
}

/** A node pool's cluster, as observed resources are keyed (ResourceId.key). */
function clusterKeyOf(resource: ResourceId): string {
  return resource.key.replace(/\/agentpools\/[^/]+$/, '');
}

/** A registered resource Azure does not show: missing, not readable by the app, or a wrong ID. */
function notFoundProblem(
  { target }: ScheduledTarget,
  observed: ReadonlyMap<string, ObservedResource>,
): string[] {
  if (observed.has(target.resourceId.key)) return [];
  return [
    `ResourceId "${target.resourceId.id}" is not found in Azure: the resource does not exist, the app's identity cannot read it (it needs Reader on the subscription), or the ID is wrong; the target is not acted on until it is found`,
  ];
}

/** The decision's `notBegun` input, when the target's latest change was never begun in Azure. */
function notBegunFact(operation: OperationRecord | undefined): { notBegun?: NotBegun } {
  const notBegun = operation ? notBegunOf(operation) : undefined;
  return notBegun ? { notBegun } : {};
}
