import { NO_START_HISTORY, START_HISTORY_SIZE, type StartHistory } from './StartHistory.js';
import { START_COVERAGE, startBound } from './startBound.js';
import { MINUTE_MS } from './time.js';

/** What a schedule's `StartLead` column asks for: learn from past starts, a fixed lead, or none. */
export type StartLeadSetting = { kind: 'learned' } | { kind: 'fixed'; ms: number } | { kind: 'off' };

export const LEARNED_START_LEAD: StartLeadSetting = { kind: 'learned' };

/** The fleet-wide bounds on a lead (docs/decisions.md, Ready by). */
export interface StartLeadPolicy {
  /** No lead is longer than this (`OFFHOURS_MAX_START_LEAD_MINUTES`); 0 turns leads off everywhere. */
  maxLeadMs: number;
  /** The lead before a target has enough completed starts to learn from. */
  defaultLeadMs: number;
}

/**
 * Microsoft publishes no typical start time for a node pool, a cluster or a scale set; 15 minutes
 * is longer than the starts we and AKS users commonly see for small pools, and is only used until
 * a target has `MIN_LEARNED_STARTS` completed starts of its own (docs/decisions.md, Ready by).
 */
export const DEFAULT_START_LEAD_MS = 15 * MINUTE_MS;
/** Below this many starts the learned figure is not trusted to be shorter than the default. */
export const MIN_LEARNED_STARTS = 5;
/** The longest fixed lead a StartLead column may ask for. */
export const MAX_FIXED_START_LEAD_MS = 12 * 60 * MINUTE_MS;

export const DEFAULT_START_LEAD_POLICY: StartLeadPolicy = {
  maxLeadMs: 60 * MINUTE_MS,
  defaultLeadMs: DEFAULT_START_LEAD_MS,
};

/** How much earlier than the scheduled up time a start begins, and why, in words. */
export interface StartLead {
  ms: number;
  reason: string;
}

/**
 * The lead for one target: the schedule's fixed lead, or the 95 % bound of its last 20 starts
 * (`startBound`; never below the default while there are fewer than 5) plus the margin its late
 * mornings added, bounded by the policy's maximum. Undefined when there is no lead (StartLead off,
 * or a maximum of 0).
 */
export function startLeadOf(
  setting: StartLeadSetting,
  history: StartHistory = NO_START_HISTORY,
  policy: StartLeadPolicy = DEFAULT_START_LEAD_POLICY,
): StartLead | undefined {
  if (setting.kind === 'off' || policy.maxLeadMs <= 0) return undefined;
  const wanted = setting.kind === 'fixed' ? fixedLead(setting.ms) : learnedLead(history, policy);
  if (wanted.ms <= 0) return undefined;
  if (wanted.ms <= policy.maxLeadMs) return wanted;
  return {
    ms: policy.maxLeadMs,
    reason: `${wanted.reason}, capped at the ${minutes(policy.maxLeadMs)} maximum (OFFHOURS_MAX_START_LEAD_MINUTES)`,
  };
}

function fixedLead(ms: number): StartLead {
  return { ms, reason: `the schedule's StartLead is ${formatLeadMs(ms)}` };
}

function learnedLead(history: StartHistory, policy: StartLeadPolicy): StartLead {
  const recent = history.samples.slice(-START_HISTORY_SIZE);
  const bound = startBound(recent);
  const learned = bound ? ceilMinutes(bound.ms) : 0;
  const keepsDefault = !bound || (recent.length < MIN_LEARNED_STARTS && learned < policy.defaultLeadMs);
  const base = keepsDefault ? policy.defaultLeadMs : learned;
  const margin = history.marginMs > 0 ? `, plus ${minutes(history.marginMs)} after a late morning` : '';
  const ms = base + Math.max(0, history.marginMs);
  if (!bound) return { ms, reason: `no completed start yet, so the default of ${minutes(base)}${margin}` };
  const censored = recent.filter((sample) => sample.atLeast).length;
  const measured =
    `the ${Math.round(START_COVERAGE * 100)} % bound of the last ${recent.length} start${recent.length === 1 ? '' : 's'} is ${minutes(learned)}` +
    (censored > 0 ? ` (${censored} failed or timed out, counted as at least their time)` : '');
  if (keepsDefault)
    return {
      ms,
      reason: `${measured}, but with fewer than ${MIN_LEARNED_STARTS} starts the default of ${minutes(policy.defaultLeadMs)} is kept${margin}`,
    };
  return { ms, reason: `${measured}${margin}` };
}

function ceilMinutes(ms: number): number {
  return Math.ceil(ms / MINUTE_MS) * MINUTE_MS;
}

/** Whole minutes, rounded up: a lead is never shown shorter than it is. */
function minutes(ms: number): string {
  return `${Math.ceil(ms / MINUTE_MS)} min`;
}

/** A lead as the StartLead column writes it: `15m`, `1h30m`. */
export function formatLeadMs(ms: number): string {
  const total = Math.round(ms / MINUTE_MS);
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  if (hours === 0) return `${rest}m`;
  return rest === 0 ? `${hours}h` : `${hours}h${rest}m`;
}

export function formatStartLeadSetting(setting: StartLeadSetting): string {
  if (setting.kind === 'off') return 'off';
  if (setting.kind === 'learned') return 'auto';
  return formatLeadMs(setting.ms);
}

const DURATION = /^(?:(\d{1,2})h)?(?:(\d{1,3})m(?:in)?)?$/;

/**
 * Reads a StartLead value: empty or `auto` (learn from past starts), `off`, or a duration of whole
 * minutes up to 12 hours such as `15m`, `1h`, `1h30m`.
 */
export function parseStartLead(
  text: string,
): { ok: true; setting: StartLeadSetting } | { ok: false; message: string } {
  const value = text.trim().toLowerCase().replace(/\s+/g, '');
  if (value === '' || value === 'auto') return { ok: true, setting: LEARNED_START_LEAD };
  if (value === 'off') return { ok: true, setting: { kind: 'off' } };
  const match = DURATION.exec(value);
  const invalid = {
    ok: false as const,
    message: `"${text.trim()}" is not a start lead; write auto (learn from past starts, the default), off, or a duration from 1m to 12h such as 15m, 1h or 1h30m`,
  };
  if (!match || (match[1] === undefined && match[2] === undefined)) return invalid;
  const ms = (Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0)) * MINUTE_MS;
  if (ms === 0) return { ok: true, setting: { kind: 'off' } };
  if (ms > MAX_FIXED_START_LEAD_MS) return invalid;
  return { ok: true, setting: { kind: 'fixed', ms } };
}

/**
 * The lead a schedule gives a target that has no starts yet, for previews of the schedule itself:
 * each target's own lead is learned from its starts (`startLeadOf`).
 */
export function scheduleStartLead(
  setting: StartLeadSetting,
  policy: StartLeadPolicy = DEFAULT_START_LEAD_POLICY,
): StartLead | undefined {
  const lead = startLeadOf(setting, NO_START_HISTORY, policy);
  if (!lead || setting.kind !== 'learned') return lead;
  return {
    ms: lead.ms,
    reason: `each target's lead is learned from its last ${START_HISTORY_SIZE} starts; ${Math.ceil(lead.ms / MINUTE_MS)} min until it has ${MIN_LEARNED_STARTS}`,
  };
}
