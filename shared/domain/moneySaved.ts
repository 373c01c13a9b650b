import type { NodeGroup } from './ComputeFootprint.js';
import { HOUR_MS } from './time.js';

/** A pay-as-you-go price of one node of a VM size for an hour, in the currency it was asked in. */
export interface HourlyPrice {
  amount: number;
  currency: string;
}

/** What a stretch of stopped time saved: priced where a price is known, and what was not priced. */
export interface Saving {
  hours: number;
  /** Node-hours: the hours times the nodes stopped. */
  nodeHours: number;
  /** At list price (pay-as-you-go), before the discount; only the nodes with a price. */
  listAmount: number;
  /** After the discount: `listAmount × (1 − discountPercent / 100)`. */
  amount: number;
  /** VM sizes without a price (not found, or the price list could not be read). */
  unpriced: string[];
}

/** The list amount less the discount (reservations, savings plans, agreements), in whole cents. */
export function applyDiscount(listAmount: number, discountPercent: number): number {
  return roundCents(listAmount * (1 - discountPercent / 100));
}

export function roundCents(amount: number): number {
  return Math.round(amount * 100) / 100;
}

/**
 * What `durationMs` of these nodes stopped saved: each node's hourly price times the hours, less
 * the discount. A size without a price adds hours but no money, and is named in `unpriced`.
 */
export function savingOf(
  nodes: readonly NodeGroup[],
  durationMs: number,
  priceOf: (vmSize: string) => HourlyPrice | undefined,
  discountPercent: number,
): Saving {
  const hours = durationMs / HOUR_MS;
  let listAmount = 0;
  let nodeHours = 0;
  const unpriced = new Set<string>();
  for (const group of nodes) {
    nodeHours += group.count * hours;
    const price = priceOf(group.vmSize);
    if (price) listAmount += group.count * hours * price.amount;
    else unpriced.add(group.vmSize);
  }
  return {
    hours,
    nodeHours,
    listAmount: roundCents(listAmount),
    amount: applyDiscount(listAmount, discountPercent),
    unpriced: [...unpriced],
  };
}

/** Savings added together (a target's periods, a schedule's targets, the fleet). */
export function addSavings(savings: readonly Saving[]): Saving {
  const listAmount = savings.reduce((sum, saving) => sum + saving.listAmount, 0);
  const amount = savings.reduce((sum, saving) => sum + saving.amount, 0);
  return {
    hours: savings.reduce((sum, saving) => sum + saving.hours, 0),
    nodeHours: savings.reduce((sum, saving) => sum + saving.nodeHours, 0),
    listAmount: roundCents(listAmount),
    amount: roundCents(amount),
    unpriced: [...new Set(savings.flatMap((saving) => saving.unpriced))],
  };
}
