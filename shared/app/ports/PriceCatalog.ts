import type { HourlyPrice } from '../../domain/moneySaved.js';

/** Where a price came from, to show next to it. */
export interface PriceQuote extends HourlyPrice {
  vmSize: string;
  location: string;
  /** The meter priced, e.g. `D4s v5`, and its product, e.g. `Virtual Machines Dsv5 Series`. */
  meterName: string;
  productName: string;
}

/** Pay-as-you-go Linux prices of VM sizes; implemented by `RetailPricesCatalog` (docs/savings.md). */
export interface PriceCatalog {
  readonly currency: string;
  /**
   * The hourly price of one VM of this size in this region, or `undefined` when the price list has
   * none. Throws `PriceLookupError` when the price list cannot be read.
   */
  hourlyPrice(vmSize: string, location: string): Promise<PriceQuote | undefined>;
}
