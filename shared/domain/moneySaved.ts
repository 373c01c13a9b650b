import { meterLabel, type NodeGroup, type PaidTier } from './ComputeFootprint.js';
import { HOUR_MS } from './time.js';

/** A pay-as-you-go price for an hour, in the currency it was asked in. */
export interface HourlyPrice {
  amount: number;
  currency: string;
}

/** The hourly price of one node on its meter (docs/savings.md, The meter that bills each node). */
export interface NodePrice extends HourlyPrice {
  /**
   * The compute part, which a reservation or savings plan pays: the size's Linux rate. A Windows
   * meter's price is that plus the licence, which a commitment does not pay, so a covered Windows
   * node still saves its licence.
   */
  computeAmount: number;
  /** A Spot price: it varies with Azure's spare capacity; the figure is today's. */
  variable?: boolean;
}

/** What a stretch of stopped time saved: priced where a price is known, and what was not priced. */
export interface Saving {
  hours: number;
  /** Node-hours: the hours times the nodes stopped. */
  nodeHours: number;
  /** Node-hours a reservation or the savings plan would have paid for: they saved nothing (a licence aside). */
  coveredNodeHours: number;
  /** At list price (pay-as-you-go), before the discount; only what has a price. Not rounded: round the total. */
  listAmount: number;
  /** After the discount: `listAmount × (1 − discountPercent / 100)`; not rounded either. */
  amount: number;
  /** Meters without a price (not found, or the price list could not be read). */
  unpriced: string[];
  /** Some of the amount is on Spot meters, whose price varies. */
  variable: boolean;
}

/** The list amount less the discount (agreements), in whole cents. */
export function applyDiscount(listAmount: number, discountPercent: number): number {
  return roundCents(listAmount * (1 - discountPercent / 100));
}

export function roundCents(amount: number): number {
  return Math.round(amount * 100) / 100;
}

/** `Standard_D4s_v5`, `Standard_D4s_v5 Windows`: how an unpriced meter is named. */
export function meterNameOf(group: NodeGroup): string {
  return [group.vmSize, meterLabel(group)].filter((part) => part !== '').join(' ');
}

export interface SavingOptions {
  /** The node-hours of each group (by index) a commitment would have paid for (commitmentCoverage). */
  coveredNodeHours?: readonly number[];
  /** A stopped cluster's paid tier, and its hourly fee (undefined when it has no price). */
  tierFee?: { tier: PaidTier; price: HourlyPrice | undefined };
}

/**
 * What `durationMs` of these nodes stopped saved: each node's hourly price on its meter times the
 * hours, less what commitments would have paid (their compute part), plus a stopped cluster's tier
 * fee, less the discount. A meter without a price adds hours but no money, and is named in
 * `unpriced`.
 */
export function savingOf(
  nodes: readonly NodeGroup[],
  durationMs: number,
  priceOf: (group: NodeGroup) => NodePrice | undefined,
  discountPercent: number,
  options: SavingOptions = {},
): Saving {
  const hours = durationMs / HOUR_MS;
  let listAmount = 0;
  let nodeHours = 0;
  let coveredNodeHours = 0;
  let variable = false;
  const unpriced = new Set<string>();
  nodes.forEach((group, index) => {
    const groupHours = group.count * hours;
    const covered = Math.min(groupHours, options.coveredNodeHours?.[index] ?? 0);
    nodeHours += groupHours;
    coveredNodeHours += covered;
    const price = priceOf(group);
    if (!price) {
      if (group.count > 0) unpriced.add(meterNameOf(group));
      return;
    }
    listAmount += Math.max(0, groupHours * price.amount - covered * price.computeAmount);
    variable ||= price.variable === true && group.count > 0;
  });
  const fee = options.tierFee;
  if (fee?.price) listAmount += hours * fee.price.amount;
  else if (fee) unpriced.add(`AKS ${fee.tier} tier`);
  return {
    hours,
    nodeHours,
    coveredNodeHours,
    listAmount,
    amount: listAmount * (1 - discountPercent / 100),
    unpriced: [...unpriced],
    variable,
  };
}

/** Savings added together (a target's periods, a schedule's targets, the fleet), rounded once, at the end. */
export function addSavings(savings: readonly Saving[]): Saving {
  const sum = (field: 'hours' | 'nodeHours' | 'coveredNodeHours' | 'listAmount' | 'amount') =>
    savings.reduce((total, saving) => total + saving[field], 0);
  return {
    hours: sum('hours'),
    nodeHours: sum('nodeHours'),
    coveredNodeHours: sum('coveredNodeHours'),
    listAmount: sum('listAmount'),
    amount: sum('amount'),
    unpriced: [...new Set(savings.flatMap((saving) => saving.unpriced))],
    variable: savings.some((saving) => saving.variable),
  };
}
