import type { DecisionMemory } from '../../domain/DecisionMemory.js';
import type { MaintenanceOutlook } from '../../domain/maintenance/maintenanceOutlook.js';
import { deepFreeze } from '../../domain/deepFreeze.js';
import type { DesiredState, ObservedState } from '../../domain/PowerState.js';
import type { StartHistory, StartSample } from '../../domain/StartHistory.js';
import type { RowTable, TableRow } from '../storage/RowTable.js';
import { encodeTableKey, decodeTableKey } from '../storage/tableKey.js';
import { rowsAfter } from '../storage/rowsAfter.js';

/** What the app knows and last did about one target; shown by the API and in the portal. */
export interface TargetState {
  targetName: string;
  resourceId: string;
  /** The schedule the target follows (for targets that opted in by tag, the only record of it). */
  scheduleName?: string;
  memory: DecisionMemory;
  desired?: DesiredState;
  observed?: ObservedState;
  nextTransition?: number;
  lastAction?: string;
  lastReason?: string;
  /**
   * The target's last starts (oldest first, at most 20: from begun to seen Succeeded in the
   * Operations table, or at least until it failed or timed out), the margin its late mornings
   * added and the shape they were measured on: what its start lead is learned from.
   */
  startHistory?: StartHistory;
  /** Its cluster's maintenance windows ahead, whether it is up for each, and what to fix (docs/maintenance.md). */
  maintenance?: MaintenanceOutlook;
  /**
   * The nodes it was seen running each time they changed, as the `NodesSeen` column's text
   * (domain/NodesSeen.ts): the bill check prices an autoscaled pool's runs on them. Parsed only by
   * the savings report.
   */
  nodesSeen?: string;
  /** Problems with the target's rows, in words, so people see them next to the state. */
  problems: string[];
  updatedAt: number;
}

/** The State table: written by the app only, one row per target, so plain upserts are safe. */
export class StateTable {
  static readonly tableName = 'State';
  static readonly partitionKey = 'state';

  constructor(readonly rows: RowTable) {}

  /** Every target's state by target name; unreadable rows are treated as no memory (a fresh start). */
  async load(): Promise<Map<string, TargetState>> {
    // Parsed afresh each time: keeping 20,000 parsed states between ticks cost more memory than the
    // parsing costs time (BENCHMARKS.md, Steady tick).
    const states = new Map<string, TargetState>();
    for (const row of await this.rows.list({ partitionKey: StateTable.partitionKey })) {
      const state = fromRow(row);
      states.set(state.targetName, state);
    }
    return states;
  }

  /**
   * The states whose keys follow `afterKey`, in key order, each with its key: at most `count`, and
   * when the read stopped short of the table's end, the last key read (`frontier`): every state up
   * to it is there (docs/architecture.md, The fleet a page at a time).
   */
  async loadAfter(
    afterKey: string | undefined,
    count: number,
  ): Promise<{ states: { key: string; state: TargetState }[]; frontier?: string }> {
    const { rows, frontier } = await rowsAfter(this.rows, StateTable.partitionKey, afterKey, count);
    return {
      states: rows.map((row) => ({ key: row.rowKey, state: fromRow(row) })),
      ...(frontier !== undefined ? { frontier } : {}),
    };
  }

  /** One target's state, by key. */
  async get(targetName: string): Promise<TargetState | undefined> {
    const row = await this.rows.get(StateTable.partitionKey, encodeTableKey(targetName));
    return row ? fromRow(row) : undefined;
  }

  async save(state: TargetState): Promise<void> {
    await this.rows.upsert(toRow(state));
  }

  async delete(targetName: string): Promise<void> {
    await this.rows.delete(StateTable.partitionKey, encodeTableKey(targetName));
  }

  /** Writes many states in batches (100 rows a request). */
  async saveMany(states: readonly TargetState[]): Promise<void> {
    await this.rows.upsertMany(states.map(toRow));
  }

  /** Whether two states differ in anything a person or the next tick would care about. */
  static differs(before: TargetState | undefined, after: TargetState): boolean {
    if (!before) return true;
    // Equal states, or equal rows, read back as equal states: the common case (nothing changed) is cheap.
    if (sameButUpdatedAt(before, after)) return false;
    const [rowBefore, rowAfter] = [toRow(before), toRow(after)];
    if (sameColumnsButUpdatedAt(rowBefore, rowAfter)) return false;
    // Each row written once for both comparisons: in a transition tick every state differs.
    const { updatedAt: _before, ...left } = fromRow(rowBefore);
    const { updatedAt: _after, ...right } = fromRow(rowAfter);
    return JSON.stringify(left) !== JSON.stringify(right);
  }
}

/** Field by field, without copying either state: this runs for every target on every tick. */
function sameButUpdatedAt(left: TargetState, right: TargetState): boolean {
  return equalValues(left, right, 'updatedAt');
}

/** Deep equality of plain data, a missing key equal to one holding `undefined`; `ignored` is skipped at the top. */
function equalValues(left: unknown, right: unknown, ignored?: string): boolean {
  if (left === right) return true;
  if (Array.isArray(left) || Array.isArray(right)) {
    if (!Array.isArray(left) || !Array.isArray(right) || left.length !== right.length) return false;
    for (let index = 0; index < left.length; index++)
      if (!equalValues(left[index], right[index])) return false;
    return true;
  }
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
  const a = left as Record<string, unknown>;
  const b = right as Record<string, unknown>;
  for (const key in a) if (key !== ignored && !equalValues(a[key], b[key])) return false;
  for (const key in b) if (key !== ignored && !(key in a) && b[key] !== undefined) return false;
  return true;
}

function sameColumnsButUpdatedAt(left: TableRow, right: TableRow): boolean {
  for (const column of Object.keys(left))
    if (column !== 'UpdatedAt' && left[column] !== right[column]) return false;
  return Object.keys(left).length === Object.keys(right).length;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function instant(value: unknown): number | undefined {
  const parsed =
    typeof value === 'string' ? Date.parse(value) : value instanceof Date ? value.getTime() : NaN;
  return Number.isNaN(parsed) ? undefined : parsed;
}

function fromRow(row: TableRow): TargetState {
  const memory: DecisionMemory = {};
  const firstSeenAt = instant(row['FirstSeenAt']);
  const lastDesired = text(row['LastDesired']);
  const pendingAction = text(row['PendingAction']);
  const pendingSince = instant(row['PendingSince']);
  if (firstSeenAt !== undefined) memory.firstSeenAt = firstSeenAt;
  if (lastDesired === 'running' || lastDesired === 'stopped') memory.lastDesired = lastDesired;
  const honouredOverride = instant(row['HonouredOverride']);
  if (honouredOverride !== undefined) memory.honouredOverride = honouredOverride;
  const startedAheadFor = instant(row['StartedAheadFor']);
  if (startedAheadFor !== undefined) memory.startedAheadFor = startedAheadFor;
  const stoppedSince = instant(row['StoppedSince']);
  if (stoppedSince !== undefined) memory.stoppedSince = stoppedSince;
  const stopEndedAt = instant(row['StopEndedAt']);
  if (stopEndedAt !== undefined) memory.stopEndedAt = stopEndedAt;
  const wokenUntil = instant(row['WokenUntil']);
  if (wokenUntil !== undefined) memory.wokenUntil = wokenUntil;
  if ((pendingAction === 'start' || pendingAction === 'stop') && pendingSince !== undefined)
    memory.pendingOperation = { action: pendingAction, startedAt: pendingSince };
  const problems = text(row['Problems']);
  // Assigned one by one rather than spread (every target's row is read on every tick), in the order the fields are declared.
  const state = {
    targetName: decodeTableKey(row.rowKey),
    resourceId: text(row['ResourceId']) ?? '',
  } as TargetState;
  const scheduleName = text(row['Schedule']);
  if (scheduleName) state.scheduleName = scheduleName;
  state.memory = memory;
  const desired = text(row['Desired']);
  if (desired) state.desired = desired as DesiredState;
  const observed = text(row['Observed']);
  if (observed) state.observed = observed as ObservedState;
  const nextTransition = instant(row['NextTransition']);
  if (nextTransition !== undefined) state.nextTransition = nextTransition;
  const lastAction = text(row['LastAction']);
  if (lastAction) state.lastAction = lastAction;
  const lastReason = text(row['LastReason']);
  if (lastReason) state.lastReason = lastReason;
  const startHistory = startHistoryOf(row);
  if (startHistory) state.startHistory = startHistory;
  const maintenance = outlookOf(row['Maintenance']);
  if (maintenance) state.maintenance = maintenance;
  const nodesSeen = text(row['NodesSeen']);
  if (nodesSeen) state.nodesSeen = nodesSeen;
  state.problems = problems ? problems.split('\n') : [];
  state.updatedAt = instant(row['UpdatedAt']) ?? 0;
  return state;
}

const outlooksByText = new Map<string, MaintenanceOutlook | undefined>();

/**
 * The `Maintenance` column: the outlook as JSON, written by the app; anything else is no outlook.
 * Thousands of pools share one text (a version, no window): each distinct text is parsed once, and
 * the outlook is frozen, as it is shared (docs/architecture.md, Memory and tick time).
 */
function outlookOf(value: unknown): MaintenanceOutlook | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  if (outlooksByText.has(value)) return outlooksByText.get(value);
  let outlook: MaintenanceOutlook | undefined;
  try {
    const parsed = JSON.parse(value) as MaintenanceOutlook | null;
    outlook =
      parsed && typeof parsed === 'object' && Array.isArray(parsed.warnings) ? deepFreeze(parsed) : undefined;
  } catch {
    outlook = undefined;
  }
  if (outlooksByText.size >= 1024) outlooksByText.clear();
  outlooksByText.set(value, outlook);
  return outlook;
}

/**
 * `StartDurations` (whole seconds separated by commas, `+` after a start that failed or timed out:
 * at least that long), `StartLeadMargin` (whole seconds) and `StartShape`. A cell edited into
 * something else is no history: the default lead, which errs long.
 */
function startHistoryOf(row: TableRow): StartHistory | undefined {
  const samples = startSamples(row['StartDurations']);
  const marginSeconds = Number(text(row['StartLeadMargin']) || 0);
  const shape = text(row['StartShape']);
  if (samples.length === 0 && !shape) return undefined;
  const history: StartHistory = {
    samples,
    marginMs:
      samples.length > 0 && Number.isInteger(marginSeconds) && marginSeconds > 0 ? marginSeconds * 1000 : 0,
  };
  if (shape) history.shape = shape;
  return history;
}

const SAMPLE = /^(\d{1,7})(\+?)$/;

function startSamples(value: unknown): StartSample[] {
  if (typeof value !== 'string' || value.trim() === '') return [];
  const samples: StartSample[] = [];
  for (const part of value.split(',')) {
    const match = SAMPLE.exec(part.trim());
    if (!match) return [];
    const ms = Number(match[1]) * 1000;
    samples.push(match[2] ? { ms, atLeast: true } : { ms });
  }
  return samples;
}

function formatStartSamples(samples: readonly StartSample[]): string {
  return samples.map((sample) => `${Math.round(sample.ms / 1000)}${sample.atLeast ? '+' : ''}`).join(',');
}

const iso = (value: number | undefined) => (value === undefined ? '' : new Date(value).toISOString());

function toRow(state: TargetState): TableRow {
  return {
    partitionKey: StateTable.partitionKey,
    rowKey: encodeTableKey(state.targetName),
    ResourceId: state.resourceId,
    Schedule: state.scheduleName ?? '',
    Desired: state.desired ?? '',
    Observed: state.observed ?? '',
    NextTransition: iso(state.nextTransition),
    LastAction: state.lastAction ?? '',
    LastReason: state.lastReason ?? '',
    Problems: state.problems.join('\n'),
    FirstSeenAt: iso(state.memory.firstSeenAt),
    LastDesired: state.memory.lastDesired ?? '',
    HonouredOverride: iso(state.memory.honouredOverride),
    PendingAction: state.memory.pendingOperation?.action ?? '',
    PendingSince: iso(state.memory.pendingOperation?.startedAt),
    StartedAheadFor: iso(state.memory.startedAheadFor),
    StoppedSince: iso(state.memory.stoppedSince),
    StopEndedAt: iso(state.memory.stopEndedAt),
    WokenUntil: iso(state.memory.wokenUntil),
    StartDurations: formatStartSamples(state.startHistory?.samples ?? []),
    StartLeadMargin: state.startHistory?.marginMs
      ? String(Math.round(state.startHistory.marginMs / 1000))
      : '',
    StartShape: state.startHistory?.shape ?? '',
    Maintenance: state.maintenance ? JSON.stringify(state.maintenance) : '',
    NodesSeen: state.nodesSeen ?? '',
    UpdatedAt: iso(state.updatedAt),
  };
}
