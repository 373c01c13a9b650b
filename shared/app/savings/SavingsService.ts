import { NO_COMMITMENTS, type Commitments } from '../../domain/Commitments.js';
import { coveredNodeHoursOf } from '../../domain/commitmentCoverage.js';
import {
  billedMeterOf,
  describeFootprint,
  type ComputeFootprint,
  type NodeGroup,
  type PaidTier,
} from '../../domain/ComputeFootprint.js';
import { addSavings, roundCents, savingOf, type NodePrice, type Saving } from '../../domain/moneySaved.js';
import type { TargetKind } from '../../domain/PowerState.js';
import { keptItemsOf, type KeptItem } from '../../domain/keptItemsOf.js';
import { keptMeterName, type KeptMeter, type KeptResources } from '../../domain/KeptResources.js';
import type { KeptResourceSource } from './KeptResourceSource.js';
import { parseNodesSeen, type NodesSeen } from '../../domain/NodesSeen.js';
import { parseResourceId, type ResourceId } from '../../domain/ResourceId.js';
import type { Schedule } from '../../domain/Schedule.js';
import { monthStart, savingsRange, SavingsRangeError } from '../../domain/savingsRange.js';
import { STILL_BILLED } from '../../domain/stillBilled.js';
import { stoppedPeriods, type PowerEvent, type StoppedPeriod } from '../../domain/stoppedPeriods.js';
import { plannedTimeline } from '../../domain/plannedTimeline.js';
import { startLeadOf, type StartLead, type StartLeadPolicy } from '../../domain/StartLead.js';
import { asciiFold } from '../../domain/asciiFold.js';
import { DAY_MS, HOUR_MS } from '../../domain/time.js';
import { NotFoundError, ValidationError } from '../problems/RequestErrors.js';
import { loadCatalog } from '../catalog/loadCatalog.js';
import type { PriceCatalog, PriceQuote, VmMeter } from './PriceCatalog.js';
import type { TableStorage } from '../storage/TableStorage.js';
import type { AuditEntry } from '../audit/AuditTrail.js';
import type { BillChecker } from '../billing/BillChecker.js';
import { billCheckOf } from '../billing/billCheckOf.js';
import { PriceLookupError } from './PriceLookupError.js';
import {
  SIZE_NOT_OBSERVED,
  type GroupSavings,
  type SavingFigures,
  type SavingsReport,
  type StillBilledTotal,
  type TargetSavings,
} from './SavingsReport.js';

export interface SavingsServiceDependencies {
  storage: TableStorage;
  prices: PriceCatalog;
  now: () => number;
  discountPercent: number;
  /** Reservations and a savings plan the fleet's owner declared (settings); none by default. */
  commitments?: Commitments;
  /**
   * The nodes targets run now (their pool's or scale set's profile), for targets never seen before a
   * stop: their forecast is priced on it. Absent (the CLI), such targets stay "size not observed".
   */
  profiles?: (targets: readonly ResourceId[]) => Promise<Map<string, ComputeFootprint>>;
  /** The check against the bill (Cost Management); absent, the report has no `billCheck`. */
  billChecker?: BillChecker;
  /**
   * The tick's bounds on start leads: the forecast takes off each target's planned start lead and
   * the short down windows kept up, as the tick will. Absent, starts are foreseen at the up time.
   */
  startLeadPolicy?: StartLeadPolicy;
  /**
   * What stays in the clusters' node resource groups and a scale set's instances' disks (Resource
   * Graph): what keeps billing while a target is stopped is priced from it. Absent, it is listed, not priced.
   */
  keptResources?: KeptResourceSource;
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
  /** The nodes seen while it ran, each time they changed (the bill check's estimate). */
  nodesSeen?: NodesSeen[];
  /** Its start lead as the tick learns it (its State row's start history). */
  startLead?: StartLead;
  /** Its State row says it is stopped now: a reading of its resources now shows what stays while stopped. */
  stoppedNow?: boolean;
}

/**
 * Money saved by stopping, from what happened (docs/savings.md): the audit trail's stops and starts
 * give the hours each target was stopped, the nodes observed before each stop give what was
 * stopped, and the Retail Prices API's pay-as-you-go Linux price of each size gives the money, less
 * the discount. The rest of the month is forecast from the schedules.
 */
export class SavingsService {
  private profileCache: { at: number; profiles: Map<string, ComputeFootprint> } | undefined;
  /** Each cluster's node resource group, read at most once a UTC day (docs/savings.md), and who was stopped then. */
  private readonly keptCache = new Map<
    string,
    { day: number; resources: KeptResources | undefined; stopped: ReadonlySet<string> }
  >();

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
    const footprints = histories.flatMap((history) => [
      ...(periodsOf.get(history.name) ?? []).flatMap((period) =>
        period.footprint ? [period.footprint] : [],
      ),
      ...[history.latestFootprint ?? history.profile].flatMap((footprint) => (footprint ? [footprint] : [])),
    ]);
    const kept = await this.keptOf(histories, periodsOf, now);
    const { prices, problems } = await this.lookUp(
      footprints,
      [...kept.values()].flatMap((view) =>
        view.items.flatMap((item) => (item.meter ? [{ meter: item.meter, location: view.location }] : [])),
      ),
    );
    const pricing = pricingOf(prices);
    const past = this.priced(
      histories.flatMap((history) =>
        (periodsOf.get(history.name) ?? []).map((period) => ({ history, ...period })),
      ),
      pricing,
    );
    const future = this.priced(
      forecastPeriod ? histories.flatMap((history) => forecastStretches(history, forecastPeriod)) : [],
      pricing,
    );
    const discount = this.deps.discountPercent;
    const none = savingOf([], 0, () => undefined, discount);
    const targets = histories.map((history) => {
      const periods = periodsOf.get(history.name) ?? [];
      const savedRaw = addSavings(past.get(history.name) ?? [none]);
      const forecastRaw = addSavings(future.get(history.name) ?? [none]);
      const footprint = history.latestFootprint ?? history.profile;
      const target: TargetSavings = {
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
        stillBilled: {
          ...STILL_BILLED[history.resourceId.kind],
          ...this.billedWhileStopped(history.resourceId.kind, periods, pricing, kept.get(history.name)),
        },
        stopped: periods.map((period) => ({
          from: new Date(period.from).toISOString(),
          to: new Date(period.to).toISOString(),
          ongoing: period.ongoing,
          ...(period.footprint ? { nodes: describeFootprint(period.footprint) } : {}),
        })),
      };
      return { ...target, savedRaw, forecastRaw };
    });
    const group = (members: typeof targets): GroupSavings => ({
      saved: this.figures(addSavings(members.map((member) => member.savedRaw))),
      forecast: this.figures(addSavings(members.map((member) => member.forecastRaw))),
      stillBilledWhileStopped: this.stillBilledTotal(members),
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
      commitments: this.commitments(),
      prices: [
        ...new Map(
          [...prices.values()].map((quote) => [`${quote.priced}|${quote.location}`, quote]),
        ).values(),
      ]
        .map((quote) => ({
          priced: quote.priced,
          location: quote.location,
          hourly: quote.amount,
          currency: quote.currency,
          meterName: quote.meterName,
          productName: quote.productName,
          ...(quote.effectiveStartDate ? { effectiveStartDate: quote.effectiveStartDate } : {}),
          ...(quote.variable ? { variable: true } : {}),
        }))
        .sort((a, b) => a.location.localeCompare(b.location) || a.priced.localeCompare(b.priced)),
      priceProblems: problems,
      ...(this.deps.billChecker
        ? {
            billCheck: await billCheckOf(this.deps.billChecker, histories, {
              range,
              now,
              currency: this.deps.prices.currency,
              pricing,
              commitments: this.commitments(),
              discountPercent: discount,
            }),
          }
        : {}),
    };
  }

  private commitments(): Commitments {
    return this.deps.commitments ?? NO_COMMITMENTS;
  }

  /**
   * Each stretch's saving, by target: the nodes on their meters, less what the fleet's commitments
   * would have paid (counted over every stretch at once: a reservation covers nodes of any target),
   * plus a stopped cluster's tier fee. A stretch without observed nodes counts hours only.
   */
  private priced(stretches: Stretch[], pricing: Pricing): Map<string, Saving[]> {
    const discount = this.deps.discountPercent;
    const coveredOf = coveredNodeHoursOf(stretches, this.commitments(), pricing.compute);
    const savings = new Map<string, Saving[]>();
    for (const stretch of stretches) {
      const { footprint, history } = stretch;
      const durationMs = stretch.to - stretch.from;
      const saving = footprint
        ? savingOf(footprint.nodes, durationMs, pricing.node(footprint.location), discount, {
            coveredNodeHours: coveredOf.get(stretch) ?? [],
            // A stopped cluster is not billed for its tier; a stopped pool's cluster still is.
            ...(footprint.tier && history.resourceId.kind === 'cluster'
              ? { tierFee: { tier: footprint.tier, price: pricing.tier(footprint.tier, footprint.location) } }
              : {}),
          })
        : { ...savingOf([], durationMs, () => undefined, discount), unpriced: [SIZE_NOT_OBSERVED] };
      savings.set(history.name, [...(savings.get(history.name) ?? []), saving]);
    }
    return savings;
  }

  /**
   * What keeps billing over the hours stopped in the period: a stopped pool's cluster's tier fee, and
   * what stays in Azure as observed (keptItemsOf: disks by tier, public IPs, load balancer rules),
   * each on its meter. What has no price, or was not observed, is named in `unpriced`: the amount is
   * then what is known of it at least.
   */
  private billedWhileStopped(
    kind: TargetKind,
    periods: readonly StoppedPeriod[],
    pricing: Pricing,
    kept: KeptView | undefined,
  ): { whileStopped?: WhileStopped } {
    let amount = 0;
    const items = new Set<string>();
    const unpriced = new Set<string>(kept?.problem ? [kept.problem] : []);
    if (kind === 'nodepool')
      for (const period of periods) {
        const tier = period.footprint?.tier;
        const price = tier ? pricing.tier(tier, period.footprint?.location ?? '') : undefined;
        if (!tier || !price) continue;
        amount += ((period.to - period.from) / HOUR_MS) * price.amount;
        items.add(`the cluster's ${tier} tier fee`);
      }
    const hours = periods.reduce((sum, period) => sum + (period.to - period.from) / HOUR_MS, 0);
    for (const item of hours > 0 ? (kept?.items ?? []) : []) {
      items.add(item.description);
      if (item.unknown) unpriced.add(item.unknown);
      if (!item.meter || item.quantity === 0) continue;
      const price = pricing.kept(item.meter, kept?.location ?? '');
      if (price) amount += hours * item.quantity * price.amount;
      else unpriced.add(`no price for ${keptMeterName(item.meter)} in ${kept?.location ?? ''}`);
    }
    if (items.size === 0 && unpriced.size === 0) return {};
    return {
      whileStopped: {
        amount: roundCents(amount),
        currency: this.deps.prices.currency,
        items: [...items],
        unpriced: [...unpriced],
        ...(kept?.observedAt !== undefined ? { observedAt: new Date(kept.observedAt).toISOString() } : {}),
      },
    };
  }

  /** The group's still-billed amounts added; what is unknown of any is named. */
  private stillBilledTotal(
    members: readonly { stillBilled: TargetSavings['stillBilled'] }[],
  ): StillBilledTotal {
    const billed = members.flatMap((member) =>
      member.stillBilled.whileStopped ? [member.stillBilled.whileStopped] : [],
    );
    return {
      amount: roundCents(billed.reduce((sum, each) => sum + each.amount, 0)),
      currency: this.deps.prices.currency,
      unpriced: [...new Set(billed.flatMap((each) => each.unpriced))],
    };
  }

  /**
   * What stays in each stopped pool's or cluster's node resource group, or of a stopped scale set: one
   * Resource Graph query for the clusters, one for the scale sets, not yet read today (docs/savings.md,
   * What keeps billing while stopped), then the items each target keeps. A reading that failed is not
   * kept: the next report tries again.
   */
  private async keptOf(
    histories: readonly TargetHistory[],
    periodsOf: ReadonlyMap<string, readonly StoppedPeriod[]>,
    now: number,
  ): Promise<Map<string, KeptView>> {
    const source = this.deps.keptResources;
    const views = new Map<string, KeptView>();
    const wanted = histories.flatMap((history) => {
      if ((periodsOf.get(history.name)?.length ?? 0) === 0) return [];
      if (history.resourceId.kind === 'vmss') return [{ history, read: history.resourceId }];
      const cluster = parseResourceId(history.resourceId.id.replace(/\/agentPools\/[^/]+$/i, ''));
      return cluster.ok ? [{ history, read: cluster.resourceId }] : [];
    });
    if (!source || wanted.length === 0) return views;
    const day = Math.floor(now / DAY_MS);
    const missing = [
      ...new Map(
        wanted
          .filter(({ read }) => this.keptCache.get(read.key)?.day !== day)
          .map(({ read }) => [read.key, read]),
      ).values(),
    ];
    const problems = new Map<'vmss' | 'cluster', string>();
    const readAll = async (kind: 'vmss' | 'cluster', ids: ResourceId[]) => {
      if (ids.length === 0) return;
      try {
        const read = await (kind === 'vmss' ? source.scaleSetDisks(ids) : source.nodeResources(ids));
        for (const id of ids)
          this.keptCache.set(id.key, {
            day,
            resources: read.get(id.key),
            stopped: stoppedUnder(histories, id),
          });
      } catch (error) {
        // The first line says why (a credential chain's message lists every credential it tried).
        const why = (error instanceof Error ? error.message : String(error)).split('\n')[0];
        problems.set(
          kind,
          `${kind === 'vmss' ? 'its scale set' : 'what stays in the node resource group'} could not be read (${why})`,
        );
      }
    };
    await readAll(
      'cluster',
      missing.filter((id) => id.kind !== 'vmss'),
    );
    await readAll(
      'vmss',
      missing.filter((id) => id.kind === 'vmss'),
    );
    for (const { history, read } of wanted) {
      const cached = this.keptCache.get(read.key);
      const location = history.latestFootprint?.location ?? history.profile?.location ?? '';
      if (!cached || cached.day !== day) {
        const problem = problems.get(read.kind === 'vmss' ? 'vmss' : 'cluster');
        views.set(history.name, { location, items: [], ...(problem ? { problem } : {}) });
        continue;
      }
      if (!cached.resources) {
        views.set(history.name, {
          location,
          items: [],
          problem:
            read.kind === 'vmss'
              ? 'its scale set was not found in Resource Graph (or the identity may not read it)'
              : 'nothing of its node resource group was found in Resource Graph (or the identity may not read it)',
        });
        continue;
      }
      views.set(history.name, {
        location: cached.resources.location || location,
        observedAt: day * DAY_MS,
        items: keptItemsOf(
          history.resourceId.kind,
          history.resourceId.poolName,
          cached.resources,
          cached.stopped.has(history.name),
        ),
      });
    }
    return views;
  }

  private figures(saving: Saving): SavingFigures {
    return {
      hours: round(saving.hours),
      nodeHours: round(saving.nodeHours),
      coveredNodeHours: round(saving.coveredNodeHours),
      listAmount: roundCents(saving.listAmount),
      amount: roundCents(saving.amount),
      currency: this.deps.prices.currency,
      discountPercent: this.deps.discountPercent,
      unpriced: saving.unpriced,
      variable: saving.variable,
    };
  }

  /**
   * Every price the footprints need: each node group's meter, the Linux meter of a Windows group
   * (the compute part a commitment pays), and the tier fee of a cluster on a paid tier.
   */
  private async lookUp(
    footprints: readonly ComputeFootprint[],
    keptMeters: readonly { meter: KeptMeter; location: string }[] = [],
  ): Promise<{ prices: Map<string, PriceQuote>; problems: string[] }> {
    const wanted = new Map<string, () => Promise<PriceQuote | undefined>>();
    const names = new Map<string, string>();
    for (const { meter, location } of keptMeters) {
      const key = keptKey(meter, location);
      wanted.set(key, () => this.deps.prices.keptPrice(meter, location));
      names.set(key, `${keptMeterName(meter)} in ${location}`);
    }
    for (const footprint of footprints) {
      const location = footprint.location;
      for (const group of footprint.nodes) {
        const meter = billedMeterOf(group);
        const meters =
          meter.os === 'Windows' && !meter.spot ? [meter, { ...meter, os: 'Linux' as const }] : [meter];
        for (const each of meters) {
          const key = vmKey(each, location);
          wanted.set(key, () => this.deps.prices.vmPrice(each, location));
          names.set(key, `${meterTitle(each)} in ${location}`);
        }
      }
      if (footprint.tier) {
        const tier = footprint.tier;
        const key = tierKey(tier, location);
        wanted.set(key, () => this.deps.prices.tierPrice(tier, location));
        names.set(key, `the AKS ${tier} tier in ${location}`);
      }
    }
    const prices = new Map<string, PriceQuote>();
    const problems: string[] = [];
    await Promise.all(
      [...wanted].map(async ([key, ask]) => {
        try {
          const quote = await ask();
          if (quote) prices.set(key, quote);
          else problems.push(`no pay-as-you-go price for ${names.get(key) ?? key}`);
        } catch (error) {
          if (!(error instanceof PriceLookupError)) throw error;
          problems.push(`${names.get(key) ?? key}: ${error.message}`);
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
    const policy = this.deps.startLeadPolicy;
    const learnedOf = (name: string, resourceId: ResourceId, schedule: Schedule | undefined) => {
      const state = states.get(name);
      const seen = parseNodesSeen(state?.nodesSeen);
      // As the tick: a row that now names another resource starts its history afresh.
      const sameResource = state !== undefined && asciiFold(state.resourceId) === resourceId.key;
      const lead =
        policy && schedule
          ? startLeadOf(schedule.startLead, sameResource ? state.startHistory : undefined, policy)
          : undefined;
      return {
        ...(seen.length > 0 ? { nodesSeen: seen } : {}),
        ...(lead ? { startLead: lead } : {}),
        ...(sameResource && state.observed === 'stopped' ? { stoppedNow: true } : {}),
      };
    };
    for (const { target, schedule } of catalog.targets)
      targets.set(target.name, {
        name: target.name,
        resourceId: target.resourceId,
        scheduleName: schedule.name,
        schedule: schedule.schedule,
        ...learnedOf(target.name, target.resourceId, schedule.schedule),
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
        ...learnedOf(state.targetName, parsed.resourceId, schedule?.schedule),
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

/** Stopped time of one target, observed (past) or foreseen (the rest of the month). */
interface Stretch {
  history: TargetHistory;
  from: number;
  to: number;
  footprint?: ComputeFootprint;
}

interface Pricing {
  node: (location: string) => (group: NodeGroup) => NodePrice | undefined;
  compute: (vmSize: string, location: string) => number | undefined;
  tier: (tier: PaidTier, location: string) => PriceQuote | undefined;
  kept: (meter: KeptMeter, location: string) => PriceQuote | undefined;
}

/** What a target keeps while stopped, as read today, and where. */
interface KeptView {
  location: string;
  items: KeptItem[];
  /** The instant (midnight UTC of the day) the reading stands for. */
  observedAt?: number;
  /** Why it could not be read. */
  problem?: string;
}

type WhileStopped = NonNullable<TargetSavings['stillBilled']['whileStopped']>;

/** Prices looked up, as the domain asks for them. */
function pricingOf(prices: Map<string, PriceQuote>): Pricing {
  const linux = (vmSize: string, location: string) =>
    prices.get(vmKey({ vmSize, os: 'Linux', spot: false }, location))?.amount;
  return {
    node: (location) => (group) => {
      const meter = billedMeterOf(group);
      const quote = prices.get(vmKey(meter, location));
      if (!quote) return undefined;
      // A commitment pays the compute (the Linux rate); without that price, it is taken as the whole.
      const computeAmount =
        meter.os === 'Windows' ? (linux(meter.vmSize, location) ?? quote.amount) : quote.amount;
      return {
        amount: quote.amount,
        currency: quote.currency,
        computeAmount,
        ...(meter.spot ? { variable: true } : {}),
      };
    },
    compute: linux,
    tier: (tier, location) => prices.get(tierKey(tier, location)),
    kept: (meter, location) => prices.get(keptKey(meter, location)),
  };
}

/**
 * The rest of the month's stopped time as the tick will plan it (plannedTimeline, the status page's
 * timeline): the schedule's down windows (holidays included) less each start begun ahead by the
 * target's start lead and the short down windows kept up, on the nodes last seen before a stop, or
 * its profile now. Overrides are not foreseen.
 */
function forecastStretches(history: TargetHistory, period: { from: number; to: number }): Stretch[] {
  if (!history.schedule) return [];
  const footprint = history.latestFootprint ?? history.profile;
  return plannedTimeline({ schedule: history.schedule, overrides: [], ...period, lead: history.startLead })
    .periods.filter((planned) => !planned.up && planned.to > planned.from)
    .map((planned) => ({
      history,
      from: planned.from,
      to: planned.to,
      ...(footprint ? { footprint } : {}),
    }));
}

function vmKey(meter: VmMeter, location: string): string {
  return `vm|${meter.vmSize.toLowerCase()}|${meter.os}|${meter.spot}|${location.toLowerCase()}`;
}

/** The targets stopped now on a cluster (itself and its pools) or a scale set: whose reading shows them stopped. */
function stoppedUnder(histories: readonly TargetHistory[], read: ResourceId): Set<string> {
  return new Set(
    histories
      .filter(
        (history) =>
          history.stoppedNow &&
          (history.resourceId.key === read.key || history.resourceId.key.startsWith(`${read.key}/`)),
      )
      .map((history) => history.name),
  );
}

function keptKey(meter: KeptMeter, location: string): string {
  return `kept|${keptMeterName(meter)}|${location.toLowerCase()}`;
}

function tierKey(tier: PaidTier, location: string): string {
  return `tier|${tier}|${location.toLowerCase()}`;
}

/** `Standard_D4s_v5 Windows Spot`. */
function meterTitle(meter: VmMeter): string {
  return [meter.vmSize, meter.os === 'Windows' ? 'Windows' : '', meter.spot ? 'Spot' : '']
    .filter((part) => part !== '')
    .join(' ');
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
