import type { BillCheck } from '../billing/BillCheck.js';
import type { Commitments } from '../../domain/Commitments.js';
import type { NodeGroup, PaidTier } from '../../domain/ComputeFootprint.js';
import type { TargetKind } from '../../domain/PowerState.js';
import type { StillBilled } from '../../domain/stillBilled.js';

/** In `unpriced`: hours whose nodes were never observed, so that no price applies to them. */
export const SIZE_NOT_OBSERVED = 'size not observed';

/**
 * Hours and money, with the currency and the discount beside every amount (docs/savings.md).
 * `amount` is `listAmount` less `discountPercent`; sizes in `unpriced` add hours but no money.
 */
export interface SavingFigures {
  hours: number;
  nodeHours: number;
  /** Node-hours a reservation or the savings plan would have paid for ("covered by a reservation"): saved nothing. */
  coveredNodeHours: number;
  listAmount: number;
  amount: number;
  currency: string;
  discountPercent: number;
  unpriced: string[];
  /** Part of the amount is on Spot meters, whose price varies: it is today's price. */
  variable: boolean;
}

export interface StoppedTime {
  from: string;
  to: string;
  /** Still stopped at the end of the period. */
  ongoing: boolean;
  /** What was stopped, e.g. `3 × Standard_D4s_v5 in japaneast`; absent when not observed. */
  nodes?: string;
}

export interface TargetSavings {
  target: string;
  resourceId: string;
  kind: TargetKind;
  schedule?: string;
  subscriptionId: string;
  /**
   * The nodes and region last observed before a stop (`observed: before-stop`), or, for a target
   * never stopped yet, its profile now (`observed: now`, used for the forecast only).
   */
  footprint?: {
    location: string;
    nodes: NodeGroup[];
    tier?: PaidTier;
    description: string;
    observed: 'before-stop' | 'now';
  };
  saved: SavingFigures;
  /** The rest of the month, if the schedule holds and the size stays: hours down times the price; absent when the period is over. */
  forecast?: SavingFigures;
  stillBilled: StillBilled & {
    /**
     * What of it has a meter, priced over the hours stopped in the period: the tier fee of a stopped
     * pool's cluster, and what stays in Azure as observed (disks by tier, public IPs, load balancer
     * rules; docs/savings.md). `unpriced` names what could not be priced or observed: `amount` is
     * then at least that much (never a 0.00 that is not one).
     */
    whileStopped?: {
      amount: number;
      currency: string;
      items: string[];
      unpriced: string[];
      /** The day (midnight UTC) the node resource group was read; absent when it was not. */
      observedAt?: string;
    };
  };
  stopped: StoppedTime[];
}

/** The group's `stillBilled.whileStopped` added: shown beside what was saved. */
export interface StillBilledTotal {
  amount: number;
  currency: string;
  unpriced: string[];
}

export interface GroupSavings {
  saved: SavingFigures;
  forecast: SavingFigures;
  /** What kept billing while its targets were stopped, in the period. */
  stillBilledWhileStopped: StillBilledTotal;
  targets: number;
}

export interface PriceUsed {
  /** What was priced: `Standard_D4s_v5`, `Standard_D4s_v5 Windows Spot`, `AKS Standard tier`. */
  priced: string;
  location: string;
  hourly: number;
  currency: string;
  meterName: string;
  productName: string;
  /** The price list's date the price took effect (the newest not after today). */
  effectiveStartDate?: string;
  /** A Spot price: it varies. */
  variable?: boolean;
}

/** The answer of `GET /api/savings` and `aks-offhours savings --json`. */
export interface SavingsReport {
  from: string;
  to: string;
  /** Counted up to here: the end of the period, or now if sooner. */
  countedTo: string;
  currency: string;
  discountPercent: number;
  /** The rest of the current month (UTC) the forecast covers; absent when the period ends by now (last month). */
  forecastPeriod?: { from: string; to: string };
  total: GroupSavings;
  targets: TargetSavings[];
  schedules: (GroupSavings & { schedule: string })[];
  subscriptions: (GroupSavings & { subscriptionId: string })[];
  /** The reservations and savings plan counted (settings; docs/savings.md, Commitments). */
  commitments: Commitments;
  /** Pay-as-you-go prices used, from the Azure Retail Prices API. */
  prices: PriceUsed[];
  /** Why some sizes have no price (the price list could not be read). */
  priceProblems: string[];
  /** Estimated against billed compute cost, whole days (docs/savings.md, "Checked against the bill"). */
  billCheck?: BillCheck;
}
