import { describeFootprint, type ComputeFootprint } from '../../domain/ComputeFootprint.js';
import { addSavings, savingOf, type HourlyPrice, type Saving } from '../../domain/moneySaved.js';
import { parseResourceId, type ResourceId } from '../../domain/ResourceId.js';
import type { Schedule } from '../../domain/Schedule.js';
import { monthStart, savingsRange, SavingsRangeError } from '../../domain/savingsRange.js';
import { STILL_BILLED } from '../../domain/stillBilled.js';
import { stoppedPeriods, type PowerEvent } from '../../domain/stoppedPeriods.js';
import { previewSchedule } from '../../domain/previewSchedule.js';
import { DAY_MS, HOUR_MS } from '../../domain/time.js';
import { NotFoundError, ValidationError } from '../api/RequestErrors.js';
import { loadCatalog } from '../loadCatalog.js';
import type { PriceCatalog, PriceQuote } from '../ports/PriceCatalog.js';
import type { TableStorage } from '../TableStorage.js';
import type { AuditEntry } from '../tables/AuditTrail.js';
import type { BillChecker } from '../billing/BillChecker.js';
import { billCheckOf } from '../billing/billCheckOf.js';
import { PriceLookupError } from './PriceLookupError.js';
import {
  SIZE_NOT_OBSERVED,
  type GroupSavings,
  type SavingFigures,
  type SavingsReport,
  type TargetSavings,
} from './SavingsReport.js';

export interface SavingsServiceDependencies {
  storage: TableStorage;
  prices: PriceCatalog;
  now: () => number;
  discountPercent: number;
  /**
   * The nodes targets run now (their pool's or scale set's profile), for targets never seen before a
   * stop: their forecast is priced on it. Absent (the CLI), such targets stay "size not observed".
   */
  profiles?: (targets: readonly ResourceId[]) => Promise<Map<string, ComputeFootprint>>;
  /** The check against the bill (Cost Management); absent, the report has no `billCheck`. */
  billChecker?: BillChecker;
}

/** A stop begun this long before the period can still be under way at its start. */
const LOOKBACK_MS = 45 * DAY_MS;
const AUDIT_PAGE = 1000;
/** Profiles change rarely; one fleet read serves the reports of this long. */
const PROFILE_TTL_MS = 15 * 60_000;

interface TargetHistory {
  name: string;
  resourceId: ResourceId;
  scheduleName?: string;
  schedule?: Schedule;
  events: PowerEvent[];
  latestFootprint?: ComputeFootprint;
  /** The profile read now, when no stop has been observed. */
  profile?: ComputeFootprint;
}

/**
 * Money saved by stopping, from what happened (docs/savings.md): the audit trail's stops and starts
 * give the hours each target was stopped, the nodes observed before each stop give what was
 * stopped, and the Retail Prices API's pay-as-you-go Linux price of each size gives the money, less
 * the discount. The rest of the month is forecast from the schedules.
 */
export class SavingsService {
  private profileCache: { at: number; profiles: Map<string, ComputeFootprint> } | undefined;

  constructor(private readonly deps: SavingsServiceDependencies) {}

  /** Reads `from` and `to` as the API and the CLI take them; a bad value is a `ValidationError`. */
  rangeOf(fromText: string | undefined, toText: string | undefined): { from: number; to: number } {
    try {
      return savingsRange({ from: fromText, to: toText }, this.deps.now());
    } catch (error) {
      if (!(error instanceof SavingsRangeError)) throw error;
      throw new ValidationError([{ field: error.field, value: error.value, message: error.problem }], {
        cause: error,
      });
    }
  }

  /** The fleet's report, or one target's (`onlyTarget`: its page shows it without reading everyone's audit trail). */
  async report(range: { from: number; to: number }, onlyTarget?: string): Promise<SavingsReport> {
    const now = this.deps.now();
    const countedTo = Math.min(range.to, now);
    const histories = await this.histories(range.from, onlyTarget);
    const forecastPeriod = forecastPeriodOf(range, now);
    const periodsOf = new Map(
      histories.map((history) => [
        history.name,
        stoppedPeriods(history.events, { from: range.from, to: range.to, now }),
      ]),
    );
    const wanted = new Map<string, { vmSize: string; location: string }>();
    for (const history of histories) {
      const footprints = [
        ...(periodsOf.get(history.name) ?? []).map((period) => period.footprint),
        history.latestFootprint ?? history.profile,
      ];
      for (const footprint of footprints)
        for (const group of footprint?.nodes ?? [])
          wanted.set(priceKey(group.vmSize, footprint?.location ?? ''), {
            vmSize: group.vmSize,
            location: footprint?.location ?? '',
          });
    }
    const { prices, problems } = await this.lookUp([...wanted.values()]);
    const priceIn = (location: string) => (vmSize: string) => prices.get(priceKey(vmSize, location));
    const discount = this.deps.discountPercent;
    const targets: (TargetSavings & { savedRaw: Saving; forecastRaw: Saving })[] = histories.map(
      (history) => {
        const periods = periodsOf.get(history.name) ?? [];
        const savedRaw = addSavings(
          periods.map((period) =>
            period.footprint
              ? savingOf(
                  period.footprint.nodes,
                  period.to - period.from,
                  priceIn(period.footprint.location),
                  discount,
                )
              : {
                  ...savingOf([], period.to - period.from, () => undefined, discount),
                  unpriced: [SIZE_NOT_OBSERVED],
                },
          ),
        );
        const forecastRaw = this.forecast(history, forecastPeriod, priceIn);
        const footprint = history.latestFootprint ?? history.profile;
        return {
          target: history.name,
          resourceId: history.resourceId.id,
          kind: history.resourceId.kind,
          ...(history.scheduleName ? { schedule: history.scheduleName } : {}),
          subscriptionId: history.resourceId.subscriptionId,
          ...(footprint
            ? {
                footprint: {
                  ...footprint,
                  description: describeFootprint(footprint),
                  observed: history.latestFootprint ? ('before-stop' as const) : ('now' as const),
                },
              }
            : {}),
          saved: this.figures(savedRaw),
          ...(forecastPeriod ? { forecast: this.figures(forecastRaw) } : {}),
          stillBilled: STILL_BILLED[history.resourceId.kind],
          stopped: periods.map((period) => ({
            from: new Date(period.from).toISOString(),
            to: new Date(period.to).toISOString(),
            ongoing: period.ongoing,
            ...(period.footprint ? { nodes: describeFootprint(period.footprint) } : {}),
          })),
          savedRaw,
          forecastRaw,
        };
      },
    );
    const group = (members: typeof targets): GroupSavings => ({
      saved: this.figures(addSavings(members.map((member) => member.savedRaw))),
      forecast: this.figures(addSavings(members.map((member) => member.forecastRaw))),
      targets: members.length,
    });
    const groupsBy = (key: (member: (typeof targets)[number]) => string) => {
      const groups = new Map<string, typeof targets>();
      for (const member of targets) groups.set(key(member), [...(groups.get(key(member)) ?? []), member]);
      return [...groups].sort(([a], [b]) => a.localeCompare(b));
    };
    return {
      from: new Date(range.from).toISOString(),
      to: new Date(range.to).toISOString(),
      countedTo: new Date(Math.max(countedTo, range.from)).toISOString(),
      currency: this.deps.prices.currency,
      discountPercent: discount,
      ...(forecastPeriod
        ? {
            forecastPeriod: {
              from: new Date(forecastPeriod.from).toISOString(),
              to: new Date(forecastPeriod.to).toISOString(),
            },
          }
        : {}),
      total: group(targets),
      targets: targets.map(({ savedRaw: _saved, forecastRaw: _forecast, ...target }) => target),
      schedules: groupsBy((member) => member.schedule ?? '(none)').map(([schedule, members]) => ({
        schedule,
        ...group(members),
      })),
      subscriptions: groupsBy((member) => member.subscriptionId).map(([subscriptionId, members]) => ({
        subscriptionId,
        ...group(members),
      })),
      prices: [...prices.values()]
        .map((quote) => ({
          vmSize: quote.vmSize,
          location: quote.location,
          hourly: quote.amount,
          currency: quote.currency,
          meterName: quote.meterName,
          productName: quote.productName,
        }))
        .sort((a, b) => a.location.localeCompare(b.location) || a.vmSize.localeCompare(b.vmSize)),
      priceProblems: problems,
      ...(this.deps.billChecker
        ? {
            billCheck: await billCheckOf(this.deps.billChecker, histories, {
              range,
              now,
              currency: this.deps.prices.currency,
              priceIn,
              discountPercent: discount,
            }),
          }
        : {}),
    };
  }

  private figures(saving: Saving): SavingFigures {
    return {
      hours: round(saving.hours),
      nodeHours: round(saving.nodeHours),
      listAmount: saving.listAmount,
      amount: saving.amount,
      currency: this.deps.prices.currency,
      discountPercent: this.deps.discountPercent,
      unpriced: saving.unpriced,
    };
  }

  /** The schedule's down hours for the rest of the month, on the nodes last seen before a stop. */
  private forecast(
    history: TargetHistory,
    period: { from: number; to: number } | undefined,
    priceIn: (location: string) => (vmSize: string) => HourlyPrice | undefined,
  ): Saving {
    const none = savingOf([], 0, () => undefined, this.deps.discountPercent);
    if (!history.schedule || !period) return none;
    // The same windows as a schedule's preview (holidays included): its hours saved are the hours down.
    const downMs = previewSchedule(history.schedule, period.from, period.to).hoursSaved * HOUR_MS;
    const footprint = history.latestFootprint ?? history.profile;
    if (!footprint)
      return {
        ...savingOf([], downMs, () => undefined, this.deps.discountPercent),
        unpriced: [SIZE_NOT_OBSERVED],
      };
    return savingOf(footprint.nodes, downMs, priceIn(footprint.location), this.deps.discountPercent);
  }

  private async lookUp(
    wanted: { vmSize: string; location: string }[],
  ): Promise<{ prices: Map<string, PriceQuote>; problems: string[] }> {
    const prices = new Map<string, PriceQuote>();
    const problems: string[] = [];
    await Promise.all(
      wanted.map(async ({ vmSize, location }) => {
        try {
          const quote = await this.deps.prices.hourlyPrice(vmSize, location);
          if (quote) prices.set(priceKey(vmSize, location), quote);
          else problems.push(`no pay-as-you-go Linux price for ${vmSize} in ${location}`);
        } catch (error) {
          if (!(error instanceof PriceLookupError)) throw error;
          problems.push(`${vmSize} in ${location}: ${error.message}`);
        }
      }),
    );
    return { prices, problems: problems.sort() };
  }

  /** Registered targets and those that opted in by tag (known from the State table). */
  private async histories(from: number, onlyTarget: string | undefined): Promise<TargetHistory[]> {
    const { storage } = this.deps;
    const [catalog, states] = await Promise.all([
      loadCatalog(storage.schedules, storage.targets),
      storage.state.load(),
    ]);
    const schedules = new Map(catalog.schedules.map((loaded) => [loaded.name.toLowerCase(), loaded]));
    const targets = new Map<string, Omit<TargetHistory, 'events'>>();
    for (const { target, schedule } of catalog.targets)
      targets.set(target.name, {
        name: target.name,
        resourceId: target.resourceId,
        scheduleName: schedule.name,
        schedule: schedule.schedule,
      });
    for (const state of states.values()) {
      const parsed = parseResourceId(state.resourceId);
      if (targets.has(state.targetName) || !parsed.ok) continue;
      const schedule = state.scheduleName ? schedules.get(state.scheduleName.toLowerCase()) : undefined;
      targets.set(state.targetName, {
        name: state.targetName,
        resourceId: parsed.resourceId,
        ...(state.scheduleName ? { scheduleName: state.scheduleName } : {}),
        ...(schedule ? { schedule: schedule.schedule } : {}),
      });
    }
    if (onlyTarget !== undefined && !targets.has(onlyTarget))
      throw new NotFoundError(`there is no target named "${onlyTarget}"; GET /api/targets lists them`);
    const wanted = [...targets.values()].filter(
      (target) => onlyTarget === undefined || target.name === onlyTarget,
    );
    const histories: TargetHistory[] = [];
    for (const target of wanted.sort((a, b) => a.name.localeCompare(b.name))) {
      const entries = await this.entriesOf(target.name, from - LOOKBACK_MS);
      const events = entries.flatMap(powerEventOf);
      const latest = entries.find((entry) => entry.footprint)?.footprint;
      histories.push({ ...target, events, ...(latest ? { latestFootprint: latest } : {}) });
    }
    return this.withProfiles(histories);
  }

  /** Targets never seen before a stop get their current profile, read once for all of them. */
  private async withProfiles(histories: TargetHistory[]): Promise<TargetHistory[]> {
    const unseen = histories.filter((history) => !history.latestFootprint);
    if (!this.deps.profiles || unseen.length === 0) return histories;
    const now = this.deps.now();
    if (!this.profileCache || now - this.profileCache.at >= PROFILE_TTL_MS) {
      try {
        this.profileCache = { at: now, profiles: await this.deps.profiles(unseen.map((h) => h.resourceId)) };
      } catch {
        // Azure could not be read: those targets stay "size not observed"; the next report tries again.
        return histories;
      }
    }
    const profiles = this.profileCache.profiles;
    return histories.map((history) => {
      const profile = history.latestFootprint ? undefined : profiles.get(history.resourceId.key);
      return profile ? { ...history, profile } : history;
    });
  }

  /** The target's audit entries since an instant, newest first, page by page. */
  private async entriesOf(targetName: string, since: number): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    let after: string | undefined;
    do {
      const page = await this.deps.storage.audit.page({
        targetName,
        since,
        limit: AUDIT_PAGE,
        ...(after ? { after } : {}),
      });
      entries.push(...page.entries);
      after = page.next;
    } while (after);
    return entries;
  }
}

/**
 * The audit entries that say what happened to the power: a stop the executor began (or finished at
 * once), a stop the follower saw succeed, a start the executor began. Dry runs, refusals and
 * failures change nothing and are not counted.
 */
export function powerEventOf(entry: AuditEntry): PowerEvent[] {
  if (entry.action === 'stop' && entry.result.startsWith('begun:'))
    return [
      { at: entry.at, kind: 'stop-begun', ...(entry.footprint ? { footprint: entry.footprint } : {}) },
      ...(entry.result.includes('done at once') ? [{ at: entry.at, kind: 'stopped' as const }] : []),
    ];
  if (entry.action === 'stop' && entry.result.startsWith('succeeded'))
    return [{ at: entry.at, kind: 'stopped' }];
  if (entry.action === 'start' && entry.result.startsWith('begun:'))
    return [{ at: entry.at, kind: 'start-begun' }];
  return [];
}

/**
 * The rest of the current month (UTC), forecast only for a period that runs past now: a period that
 * is over (last month) has nothing left to foresee. Undefined when there is nothing to forecast.
 */
function forecastPeriodOf(
  range: { from: number; to: number },
  now: number,
): { from: number; to: number } | undefined {
  const period = { from: Math.max(now, monthStart(now)), to: monthStart(now, 1) };
  return range.to > now && period.to > period.from ? period : undefined;
}

function priceKey(vmSize: string, location: string): string {
  return `${vmSize.toLowerCase()}|${location.toLowerCase()}`;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
