import type { PaidTier } from '../../domain/ComputeFootprint.js';
import { keptMeterName, type KeptMeter } from '../../domain/KeptResources.js';
import { DAY_MS } from '../../domain/time.js';
import type { PriceCatalog, PriceQuote, VmMeter } from './PriceCatalog.js';

/**
 * Prices change rarely: each meter and region is asked for at most once per UTC day (per process),
 * whatever the number of reports, and calls that arrive together share one request. A failed
 * lookup is not kept, so the next report asks again.
 */
export class CachedPriceCatalog implements PriceCatalog {
  private readonly cache = new Map<string, { day: number; price: Promise<PriceQuote | undefined> }>();

  constructor(
    private readonly inner: PriceCatalog,
    private readonly now: () => number,
  ) {}

  get currency(): string {
    return this.inner.currency;
  }

  vmPrice(meter: VmMeter, location: string): Promise<PriceQuote | undefined> {
    const key = `vm|${meter.vmSize.toLowerCase()}|${meter.os}|${meter.spot}|${location.toLowerCase()}`;
    return this.cached(key, () => this.inner.vmPrice(meter, location));
  }

  tierPrice(tier: PaidTier, location: string): Promise<PriceQuote | undefined> {
    return this.cached(`tier|${tier}|${location.toLowerCase()}`, () => this.inner.tierPrice(tier, location));
  }

  keptPrice(meter: KeptMeter, location: string): Promise<PriceQuote | undefined> {
    return this.cached(`kept|${keptMeterName(meter)}|${location.toLowerCase()}`, () =>
      this.inner.keptPrice(meter, location),
    );
  }

  private cached(key: string, ask: () => Promise<PriceQuote | undefined>): Promise<PriceQuote | undefined> {
    const day = Math.floor(this.now() / DAY_MS);
    const cached = this.cache.get(key);
    if (cached && cached.day === day) return cached.price;
    const price = ask();
    this.cache.set(key, { day, price });
    price.catch(() => {
      if (this.cache.get(key)?.price === price) this.cache.delete(key);
    });
    return price;
  }
}
