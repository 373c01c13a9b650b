import type { CostComparison } from '../../domain/billCheck.js';

/** One target's estimate beside its bill, over the whole days checked. */
export interface BillCheckTarget extends CostComparison {
  target: string;
  /** Sizes the estimate has no price for: it is too low by their hours. */
  unpriced: string[];
  /** Day by day (`date` is the UTC day, `YYYY-MM-DD`). */
  days: { date: string; estimated: number; actual: number }[];
}

/**
 * The savings report's check against the bill (docs/savings.md, "Checked against the bill"): what
 * the app estimates its targets' compute cost, priced as the savings are, beside what Cost
 * Management billed, for whole UTC days, per target and in total. Unavailable (never 0) without
 * Cost Management Reader or when the bill cannot be read.
 */
export type BillCheck =
  | {
      available: true;
      /** The whole days checked: `from` to `to` (exclusive), midnights UTC. */
      from: string;
      to: string;
      currency: string;
      thresholdPercent: number;
      total: CostComparison;
      targets: BillCheckTarget[];
      /** Subscriptions whose bill could not be read: their targets are left out of the check. */
      unavailable: { subscriptionId: string; reason: string }[];
    }
  | { available: false; reason: string };
