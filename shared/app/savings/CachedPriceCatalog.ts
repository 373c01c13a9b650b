import { DAY_MS } from '../../domain/time.js';
import type { PriceCatalog, PriceQuote } from '../ports/PriceCatalog.js';

/**
 * Prices change rarely: each size and region is asked for at most once per UTC day (per process),
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

  hourlyPrice(vmSize: string, location: string): Promise<PriceQuote | undefined> {
    const key = `${vmSize.toLowerCase()}|${location.toLowerCase()}`;
    const day = Math.floor(this.now() / DAY_MS);
    const cached = this.cache.get(key);
    if (cached && cached.day === day) return cached.price;
    const price = this.inner.hourlyPrice(vmSize, location);
    this.cache.set(key, { day, price });
    price.catch(() => {
      if (this.cache.get(key)?.price === price) this.cache.delete(key);
    });
    return price;
  }
}
