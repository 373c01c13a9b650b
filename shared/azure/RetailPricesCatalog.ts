import type { PaidTier } from '../domain/ComputeFootprint.js';
import { keptMeterName, type KeptMeter } from '../domain/KeptResources.js';
import { DAY_MS } from '../domain/time.js';
import type { PriceCatalog, PriceQuote, VmMeter } from '../app/savings/PriceCatalog.js';
import { PriceLookupError } from '../app/savings/PriceLookupError.js';

export const RETAIL_PRICES_URL = 'https://prices.azure.com/api/retail/prices';

/** One item of the Retail Prices API's answer (only the fields read here). */
interface RetailPriceItem {
  currencyCode?: string;
  retailPrice?: number;
  unitPrice?: number;
  armRegionName?: string;
  armSkuName?: string;
  meterName?: string;
  productName?: string;
  skuName?: string;
  serviceName?: string;
  type?: string;
  unitOfMeasure?: string;
  isPrimaryMeterRegion?: boolean;
  effectiveStartDate?: string;
}

interface RetailPricesPage {
  BillingCurrency?: string;
  Items?: RetailPriceItem[];
  NextPageLink?: string | null;
  Count?: number;
}

/** A runaway chain of `NextPageLink`s is cut off here: one size in one region has a few dozen meters. */
const MAX_PAGES = 50;
const TIMEOUT_MS = 15_000;
/** A 429 is waited out this many times, each wait at most MAX_WAIT_MS; a longer one fails the lookup. */
const THROTTLE_RETRIES = 3;
const MAX_WAIT_MS = 10_000;
const DEFAULT_WAIT_MS = 2_000;
/** Hours in a month as Microsoft's pricing counts them (the pricing calculator's 730). */
const HOURS_A_MONTH = 730;

export interface RetailPricesOptions {
  currency: string;
  /** Another endpoint: the local fake, in development and tests only. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Today: the price used is the newest whose `effectiveStartDate` is not after it. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Pay-as-you-go prices from the Azure Retail Prices API (public, no sign-in; docs/savings.md, Prices).
 * Asks for one VM size (or the AKS tiers) in one region as `Consumption`, follows `NextPageLink` to
 * the last page, waits out a 429, and keeps the hourly meter asked for: Linux or Windows (Windows
 * products carry `Windows` in their name), regular or Spot (Spot meters carry `Spot`); Low Priority,
 * reservations (whose item carries the whole term's price) and Dev/Test are never taken. Of a meter's
 * items, a primary meter region's, then the newest in effect today (a price list announces changes
 * ahead with a future `effectiveStartDate`).
 */
export class RetailPricesCatalog implements PriceCatalog {
  private readonly baseUrl: string;
  private readonly fetch: typeof fetch;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** A size's meters share one query: its items, asked once a UTC day for all of them. */
  private readonly answers = new Map<string, { day: number; items: Promise<RetailPriceItem[]> }>();

  constructor(private readonly options: RetailPricesOptions) {
    this.baseUrl = options.baseUrl ?? RETAIL_PRICES_URL;
    this.fetch = options.fetch ?? fetch;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  get currency(): string {
    return this.options.currency;
  }

  async vmPrice(meter: VmMeter, location: string): Promise<PriceQuote | undefined> {
    const filter = [
      `serviceName eq 'Virtual Machines'`,
      `armRegionName eq ${quote(location.toLowerCase())}`,
      `armSkuName eq ${quote(meter.vmSize)}`,
      `priceType eq 'Consumption'`,
    ];
    const items = await this.itemsOf(this.firstPageUrl(filter));
    const chosen = this.inEffect(items.filter((item) => isVmMeter(item, meter, location)));
    if (!chosen) return undefined;
    const priced = [meter.vmSize, meter.os === 'Windows' ? 'Windows' : '', meter.spot ? 'Spot' : '']
      .filter((part) => part !== '')
      .join(' ');
    return { ...this.quoteOf(chosen, priced, location), ...(meter.spot ? { variable: true } : {}) };
  }

  async tierPrice(tier: PaidTier, location: string): Promise<PriceQuote | undefined> {
    const filter = [
      `serviceName eq 'Azure Kubernetes Service'`,
      `armRegionName eq ${quote(location.toLowerCase())}`,
      `priceType eq 'Consumption'`,
    ];
    const items = await this.itemsOf(this.firstPageUrl(filter));
    const chosen = this.inEffect(
      items.filter(
        (item) => isHourlyConsumption(item, location) && item.skuName?.toLowerCase() === tier.toLowerCase(),
      ),
    );
    return chosen ? this.quoteOf(chosen, `AKS ${tier} tier`, location) : undefined;
  }

  /**
   * What keeps billing while stopped (docs/savings.md): a managed disk's tier (`Storage`, `skuName`
   * `P10 LRS`, the `… Disk` meter, `1/Month`: given an hour as the month's price ÷ 730, the hours
   * Microsoft's pricing counts in a month), a public IP (`Virtual Network`, product `IP Addresses`,
   * `<sku> IPv4 Static Public IP`, `1 Hour`) or a Standard load balancer's rules (`Load Balancer`,
   * `Standard Included LB Rules and Outbound Rules` for the first five, `Standard Overage …` each
   * further one, `1 Hour`).
   */
  async keptPrice(meter: KeptMeter, location: string): Promise<PriceQuote | undefined> {
    const region = `armRegionName eq ${quote(location.toLowerCase())}`;
    const consumption = `priceType eq 'Consumption'`;
    if (meter.kind === 'disk') {
      const skuName = `${meter.tier} ${meter.redundancy}`;
      const items = await this.itemsOf(
        this.firstPageUrl([`serviceName eq 'Storage'`, region, `skuName eq ${quote(skuName)}`, consumption]),
      );
      const chosen = this.inEffect(
        items.filter(
          (item) =>
            isConsumptionIn(item, location) &&
            /managed disks/i.test(item.productName ?? '') &&
            item.meterName?.toLowerCase() === `${skuName} disk`.toLowerCase() &&
            /^1\/month$/i.test(item.unitOfMeasure ?? ''),
        ),
      );
      if (!chosen) return undefined;
      const quoted = this.quoteOf(chosen, `${skuName} disk`, location);
      return { ...quoted, amount: quoted.amount / HOURS_A_MONTH };
    }
    const [service, meterName] =
      meter.kind === 'publicIp'
        ? ['Virtual Network', `${meter.sku} IPv4 Static Public IP`]
        : [
            'Load Balancer',
            `Standard ${meter.part === 'included' ? 'Included' : 'Overage'} LB Rules and Outbound Rules`,
          ];
    const items = await this.itemsOf(
      this.firstPageUrl([`serviceName eq ${quote(service)}`, region, consumption]),
    );
    const chosen = this.inEffect(
      items.filter(
        (item) =>
          isHourlyConsumption(item, location) && item.meterName?.toLowerCase() === meterName.toLowerCase(),
      ),
    );
    return chosen ? this.quoteOf(chosen, keptMeterName(meter), location) : undefined;
  }

  /** A primary meter region's item first, then the newest whose effective date is not after today. */
  private inEffect(items: RetailPriceItem[]): RetailPriceItem | undefined {
    const today = this.now();
    return items
      .filter((item) => !(Date.parse(item.effectiveStartDate ?? '') > today))
      .sort((a, b) => primaryFirst(a, b) || newestFirst(a, b))[0];
  }

  private quoteOf(item: RetailPriceItem, priced: string, location: string): PriceQuote {
    return {
      priced,
      location: location.toLowerCase(),
      amount: item.retailPrice ?? item.unitPrice ?? 0,
      currency: item.currencyCode ?? this.options.currency,
      meterName: item.meterName ?? '',
      productName: item.productName ?? '',
      ...(item.effectiveStartDate ? { effectiveStartDate: item.effectiveStartDate } : {}),
    };
  }

  private firstPageUrl(filter: string[]): string {
    const url = new URL(this.baseUrl);
    url.searchParams.set('currencyCode', `'${this.options.currency}'`);
    url.searchParams.set('$filter', filter.join(' and '));
    return url.toString();
  }

  /** The items of a query, shared by the meters asked the same day; a failure is not kept. */
  private itemsOf(url: string): Promise<RetailPriceItem[]> {
    const day = Math.floor(this.now() / DAY_MS);
    const known = this.answers.get(url);
    if (known && known.day === day) return known.items;
    const items = this.readAll(url);
    this.answers.set(url, { day, items });
    items.catch(() => {
      if (this.answers.get(url)?.items === items) this.answers.delete(url);
    });
    return items;
  }

  private async readAll(url: string): Promise<RetailPriceItem[]> {
    const items: RetailPriceItem[] = [];
    let next: string | null | undefined = url;
    for (let page = 0; next; page++) {
      if (page === MAX_PAGES)
        throw new PriceLookupError(`the Retail Prices API gave more than ${MAX_PAGES} pages for ${url}`);
      const body = await this.readPage(next);
      items.push(...(body.Items ?? []));
      next = body.NextPageLink;
    }
    return items;
  }

  /** One page, waiting out a 429 (the API throttles) as its `Retry-After` asks, within limits. */
  private async readPage(url: string): Promise<RetailPricesPage> {
    for (let attempt = 0; ; attempt++) {
      const response = await this.get(url);
      if (response.status === 429) {
        const waitMs = retryAfterMs(response.headers.get('retry-after'), this.now());
        if (attempt >= THROTTLE_RETRIES || waitMs > MAX_WAIT_MS)
          throw new PriceLookupError(
            `the Retail Prices API is throttling (429; retry after ${Math.ceil(waitMs / 1000)} s) for ${url}`,
          );
        await this.sleep(waitMs);
        continue;
      }
      if (!response.ok)
        throw new PriceLookupError(
          `the Retail Prices API answered ${response.status} ${response.statusText} for ${url}`,
        );
      try {
        const body = (await response.json()) as RetailPricesPage;
        if (!Array.isArray(body.Items)) throw new Error('no Items array');
        return body;
      } catch (error) {
        throw new PriceLookupError(`the Retail Prices API answered something unreadable for ${url}`, {
          cause: error,
        });
      }
    }
  }

  private async get(url: string): Promise<Response> {
    try {
      return await this.fetch(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new PriceLookupError(`the Retail Prices API did not answer (${String(error)})`, { cause: error });
    }
  }
}

function quote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `Retry-After` in seconds or as an HTTP date; a default when absent or unreadable. */
function retryAfterMs(header: string | null, now: number): number {
  if (header === null || header.trim() === '') return DEFAULT_WAIT_MS;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? DEFAULT_WAIT_MS : Math.max(0, date - now);
}

/** An hourly pay-as-you-go item in this region (`armRegionName`; `location` is a display name). */
function isHourlyConsumption(item: RetailPriceItem, location: string): boolean {
  return isConsumptionIn(item, location) && /^1 hour$/i.test(item.unitOfMeasure ?? '');
}

/** A pay-as-you-go item with a price, in this region. */
function isConsumptionIn(item: RetailPriceItem, location: string): boolean {
  return (
    item.type === 'Consumption' &&
    item.armRegionName?.toLowerCase() === location.toLowerCase() &&
    typeof (item.retailPrice ?? item.unitPrice) === 'number'
  );
}

/** The item of this VM meter: the size, Windows or not, Spot or not; never Low Priority. */
function isVmMeter(item: RetailPriceItem, meter: VmMeter, location: string): boolean {
  const names = `${item.skuName ?? ''} ${item.meterName ?? ''}`;
  return (
    isHourlyConsumption(item, location) &&
    item.armSkuName?.toLowerCase() === meter.vmSize.toLowerCase() &&
    (item.serviceName === undefined || item.serviceName === 'Virtual Machines') &&
    /windows/i.test(item.productName ?? '') === (meter.os === 'Windows') &&
    /\bspot\b/i.test(names) === meter.spot &&
    !/low priority/i.test(names)
  );
}

function primaryFirst(a: RetailPriceItem, b: RetailPriceItem): number {
  return Number(b.isPrimaryMeterRegion !== false) - Number(a.isPrimaryMeterRegion !== false);
}

function newestFirst(a: RetailPriceItem, b: RetailPriceItem): number {
  return (Date.parse(b.effectiveStartDate ?? '') || 0) - (Date.parse(a.effectiveStartDate ?? '') || 0);
}
