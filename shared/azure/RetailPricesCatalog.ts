import type { PriceCatalog, PriceQuote } from '../app/ports/PriceCatalog.js';
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

export interface RetailPricesOptions {
  currency: string;
  /** Another endpoint: the local fake, in development and tests only. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

/**
 * Pay-as-you-go Linux prices from the Azure Retail Prices API (public, no sign-in; docs/savings.md).
 * Asks for one size in one region as `Consumption`, follows `NextPageLink` to the last page, and
 * keeps the hourly Linux meter: Windows, Spot and Low Priority meters, reservations and Dev/Test
 * prices are left out.
 */
export class RetailPricesCatalog implements PriceCatalog {
  private readonly baseUrl: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: RetailPricesOptions) {
    this.baseUrl = options.baseUrl ?? RETAIL_PRICES_URL;
    this.fetch = options.fetch ?? fetch;
  }

  get currency(): string {
    return this.options.currency;
  }

  async hourlyPrice(vmSize: string, location: string): Promise<PriceQuote | undefined> {
    const items = await this.readAll(firstPageUrl(this.baseUrl, this.options.currency, vmSize, location));
    const linux = items
      .filter((item) => isLinuxPayAsYouGo(item, vmSize, location))
      .sort((a, b) => primaryFirst(a, b) || newestFirst(a, b));
    const chosen = linux[0];
    if (!chosen) return undefined;
    return {
      vmSize,
      location,
      amount: chosen.retailPrice ?? chosen.unitPrice ?? 0,
      currency: chosen.currencyCode ?? this.options.currency,
      meterName: chosen.meterName ?? '',
      productName: chosen.productName ?? '',
    };
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

  private async readPage(url: string): Promise<RetailPricesPage> {
    let response: Response;
    try {
      response = await this.fetch(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new PriceLookupError(`the Retail Prices API did not answer (${String(error)})`, { cause: error });
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

function firstPageUrl(baseUrl: string, currency: string, vmSize: string, location: string): string {
  const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;
  const filter = [
    `serviceName eq 'Virtual Machines'`,
    `armRegionName eq ${quote(location.toLowerCase())}`,
    `armSkuName eq ${quote(vmSize)}`,
    `priceType eq 'Consumption'`,
  ].join(' and ');
  const url = new URL(baseUrl);
  url.searchParams.set('currencyCode', `'${currency}'`);
  url.searchParams.set('$filter', filter);
  return url.toString();
}

/** The hourly pay-as-you-go meter of Linux VMs: no Windows, Spot or Low Priority, no reservation. */
function isLinuxPayAsYouGo(item: RetailPriceItem, vmSize: string, location: string): boolean {
  const names = `${item.productName ?? ''} ${item.skuName ?? ''} ${item.meterName ?? ''}`;
  return (
    item.type === 'Consumption' &&
    item.armSkuName?.toLowerCase() === vmSize.toLowerCase() &&
    item.armRegionName?.toLowerCase() === location.toLowerCase() &&
    (item.serviceName === undefined || item.serviceName === 'Virtual Machines') &&
    /^1 hour$/i.test(item.unitOfMeasure ?? '') &&
    !/windows|spot|low priority/i.test(names) &&
    typeof (item.retailPrice ?? item.unitPrice) === 'number'
  );
}

function primaryFirst(a: RetailPriceItem, b: RetailPriceItem): number {
  return Number(b.isPrimaryMeterRegion !== false) - Number(a.isPrimaryMeterRegion !== false);
}

function newestFirst(a: RetailPriceItem, b: RetailPriceItem): number {
  return Date.parse(b.effectiveStartDate ?? '') - Date.parse(a.effectiveStartDate ?? '') || 0;
}
