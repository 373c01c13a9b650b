import type { BilledMeter, PaidTier } from '../../domain/ComputeFootprint.js';
import type { KeptMeter } from '../../domain/KeptResources.js';
import type { HourlyPrice } from '../../domain/moneySaved.js';

/** The meter a VM is billed on (`billedMeterOf`: Windows under Hybrid Benefit is Linux). */
export type VmMeter = BilledMeter;

/** Where a price came from, to show next to it. */
export interface PriceQuote extends HourlyPrice {
  /** What was priced: `Standard_D4s_v5 Windows Spot`, `AKS Standard tier`. */
  priced: string;
  location: string;
  /** The meter priced, e.g. `D4s v5`, and its product, e.g. `Virtual Machines Dsv5 Series`. */
  meterName: string;
  productName: string;
  /** The price list's `effectiveStartDate` of the price used (the newest not after today). */
  effectiveStartDate?: string;
  /** A Spot price: it varies; this is today's. */
  variable?: boolean;
}

/** Prices from the Retail Prices API; implemented by `RetailPricesCatalog` (docs/savings.md, Prices). */
export interface PriceCatalog {
  readonly currency: string;
  /**
   * The hourly pay-as-you-go price of one VM on this meter in this region, or `undefined` when the
   * price list has none. Throws `PriceLookupError` when the price list cannot be read.
   */
  vmPrice(meter: VmMeter, location: string): Promise<PriceQuote | undefined>;
  /** The hourly fee of an AKS cluster on a paid tier in this region, likewise. */
  tierPrice(tier: PaidTier, location: string): Promise<PriceQuote | undefined>;
  /**
   * The hourly price of one of what keeps billing while a target is stopped (a disk tier, a public
   * IP, load balancer rules) in this region, likewise; a monthly disk price is given an hour (÷ 730).
   */
  keptPrice(meter: KeptMeter, location: string): Promise<PriceQuote | undefined>;
}
