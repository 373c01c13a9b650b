import { asciiFold } from '../../domain/asciiFold.js';
import { BILL_CHECK_THRESHOLD_PERCENT, compareCosts } from '../../domain/billCheck.js';
import type { ResourceId } from '../../domain/ResourceId.js';
import { DAY_MS, HOUR_MS } from '../../domain/time.js';
import type { ActualCostRow, ActualCostSource } from './ActualCostSource.js';
import { ActualCostUnavailableError } from './ActualCostUnavailableError.js';
import type { BillCheck, BillCheckTarget } from './BillCheck.js';

export interface BillCheckerDependencies {
  costs: ActualCostSource;
  now: () => number;
  /**
   * The node resource group of each cluster (by ResourceId key), where AKS keeps its pools' scale
   * sets and Cost Management bills them; a cluster not found there is taken to use AKS's default
   * `MC_<group>_<cluster>_<location>`.
   */
  nodeResourceGroups?: (clusters: readonly ResourceId[]) => Promise<Map<string, string>>;
}

export interface EstimatedTarget {
  name: string;
  resourceId: ResourceId;
  /** The app's estimate per whole day (midnight UTC), in the report's currency. */
  byDay: Map<number, number>;
  unpriced: string[];
}

/**
 * Cost Management refreshes its data every four hours or so; Microsoft asks for the same data no
 * more often. One bill per subscription and period serves the reports of that long.
 */
const BILL_TTL_MS = 4 * HOUR_MS;
/** Node resource groups change rarely (never, once a cluster exists): one fleet read serves this long. */
const GROUPS_TTL_MS = 15 * 60_000;
/** Compute's meter categories: a node pool's scale set, and a cluster's tier fee on the cluster. */
const NODES = 'virtual machines';
const TIER_FEE = 'azure kubernetes service';

/**
 * Checks the savings' pricing against the bill (docs/savings.md, "Checked against the bill"): reads
 * each subscription's daily compute costs (`ActualCostSource`), finds each target's share (a scale
 * set its own; a node pool its scale set `aks-<pool>-<n>-vmss` in the node resource group; a
 * cluster all its pools' scale sets and its tier fee), and sets them beside the app's estimates.
 */
export class BillChecker {
  private readonly cache = new Map<string, { at: number; rows: Promise<ActualCostRow[]> }>();
  private groupsCache: { at: number; groups: Map<string, string> } | undefined;

  constructor(private readonly deps: BillCheckerDependencies) {}

  async check(input: {
    days: { from: number; to: number };
    currency: string;
    targets: readonly EstimatedTarget[];
  }): Promise<BillCheck> {
    const { days, currency, targets } = input;
    const subscriptions = [...new Set(targets.map((target) => asciiFold(target.resourceId.subscriptionId)))];
    const bills = new Map<string, ActualCostRow[]>();
    const unavailable: { subscriptionId: string; reason: string }[] = [];
    await Promise.all(
      subscriptions.map(async (subscriptionId) => {
        try {
          const rows = await this.bill(subscriptionId, days);
          const other = rows.find((row) => row.currency.toUpperCase() !== currency.toUpperCase());
          if (other)
            unavailable.push({
              subscriptionId,
              reason: `the bill is in ${other.currency} and the prices in ${currency} (set OFFHOURS_CURRENCY to the billing currency)`,
            });
          else bills.set(subscriptionId, rows);
        } catch (error) {
          if (!(error instanceof ActualCostUnavailableError)) throw error;
          unavailable.push({ subscriptionId, reason: error.message });
        }
      }),
    );
    if (bills.size === 0)
      return {
        available: false,
        reason:
          unavailable.map((problem) => problem.reason).join('; ') || 'no targets to check against the bill',
      };
    const checked = targets.filter((target) => bills.has(asciiFold(target.resourceId.subscriptionId)));
    const groups = await this.nodeResourceGroupsOf(checked);
    const results = checked.map((target) =>
      this.compare(target, bills.get(asciiFold(target.resourceId.subscriptionId)) ?? [], groups, days),
    );
    return {
      available: true,
      from: new Date(days.from).toISOString(),
      to: new Date(days.to).toISOString(),
      currency,
      thresholdPercent: BILL_CHECK_THRESHOLD_PERCENT,
      total: compareCosts(
        results.reduce((sum, result) => sum + result.estimated, 0),
        results.reduce((sum, result) => sum + result.actual, 0),
      ),
      targets: results,
      unavailable: unavailable.sort((a, b) => a.subscriptionId.localeCompare(b.subscriptionId)),
    };
  }

  private compare(
    target: EstimatedTarget,
    rows: readonly ActualCostRow[],
    groups: Map<string, string>,
    days: { from: number; to: number },
  ): BillCheckTarget {
    const billed = billedBy(target.resourceId, groups.get(clusterKeyOf(target.resourceId)));
    const actualByDay = new Map<number, number>();
    for (const row of rows)
      if (row.day >= days.from && row.day < days.to && billed(row))
        actualByDay.set(row.day, (actualByDay.get(row.day) ?? 0) + row.cost);
    const dayList: BillCheckTarget['days'] = [];
    for (let day = days.from; day < days.to; day += DAY_MS)
      dayList.push({
        date: new Date(day).toISOString().slice(0, 10),
        estimated: round(target.byDay.get(day) ?? 0),
        actual: round(actualByDay.get(day) ?? 0),
      });
    const sum = (values: Iterable<number>) => [...values].reduce((total, value) => total + value, 0);
    return {
      target: target.name,
      ...compareCosts(sum(target.byDay.values()), sum(actualByDay.values())),
      unpriced: target.unpriced,
      days: dayList,
    };
  }

  private bill(subscriptionId: string, days: { from: number; to: number }): Promise<ActualCostRow[]> {
    const key = `${subscriptionId}|${days.from}|${days.to}`;
    const now = this.deps.now();
    const cached = this.cache.get(key);
    if (cached && now - cached.at < BILL_TTL_MS) return cached.rows;
    const rows = this.deps.costs.dailyCosts(subscriptionId, days.from, days.to);
    this.cache.set(key, { at: now, rows });
    // A failure is not kept: the next report asks again.
    rows.catch(() => {
      if (this.cache.get(key)?.rows === rows) this.cache.delete(key);
    });
    return rows;
  }

  private async nodeResourceGroupsOf(targets: readonly EstimatedTarget[]): Promise<Map<string, string>> {
    const clusters = targets
      .filter((target) => target.resourceId.kind !== 'vmss')
      .map((target) => target.resourceId);
    if (clusters.length === 0 || !this.deps.nodeResourceGroups) return new Map();
    const now = this.deps.now();
    const cached = this.groupsCache;
    if (
      cached &&
      now - cached.at < GROUPS_TTL_MS &&
      clusters.every((id) => cached.groups.has(clusterKeyOf(id)))
    )
      return cached.groups;
    try {
      const groups = await this.deps.nodeResourceGroups(clusters);
      this.groupsCache = { at: now, groups };
      return groups;
    } catch {
      // Azure could not be read: AKS's default names are assumed; a custom one shows as a difference.
      return new Map();
    }
  }
}

/** The cluster's ResourceId key, for a cluster or a node pool. */
function clusterKeyOf(resourceId: ResourceId): string {
  return resourceId.kind === 'nodepool' ? resourceId.key.replace(/\/agentpools\/[^/]+$/, '') : resourceId.key;
}

/** Whether a line of the bill is the target's compute. IDs compare as Azure compares them (ASCII case). */
function billedBy(
  resourceId: ResourceId,
  nodeResourceGroup: string | undefined,
): (row: ActualCostRow) => boolean {
  const id = (row: ActualCostRow) => asciiFold(row.resourceId).replace(/\/+$/, '');
  const category = (row: ActualCostRow) => asciiFold(row.meterCategory);
  if (resourceId.kind === 'vmss') return (row) => category(row) === NODES && id(row) === resourceId.key;
  const group = nodeResourceGroup
    ? escape(asciiFold(nodeResourceGroup))
    : `mc_${escape(asciiFold(resourceId.resourceGroup))}_${escape(asciiFold(resourceId.clusterName ?? ''))}_[^/]+`;
  const pool = resourceId.kind === 'nodepool' ? escape(asciiFold(resourceId.poolName ?? '')) : '[a-z0-9]+';
  const scaleSet = new RegExp(
    `^/subscriptions/${escape(asciiFold(resourceId.subscriptionId))}/resourcegroups/${group}/providers/microsoft\\.compute/virtualmachinescalesets/aks-${pool}-\\d+-vmss$`,
  );
  const clusterKey = clusterKeyOf(resourceId);
  return (row) =>
    (category(row) === NODES && scaleSet.test(id(row))) ||
    (resourceId.kind === 'cluster' && category(row) === TIER_FEE && id(row) === clusterKey);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
