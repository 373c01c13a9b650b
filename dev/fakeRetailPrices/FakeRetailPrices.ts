import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Azure Retail Prices API (`https://prices.azure.com/api/retail/prices`),
 * answering in its documented shape: `BillingCurrency`, `CustomerEntityId`, `CustomerEntityType`,
 * `Items`, `NextPageLink` (absolute, with `$skip`; `null` on the last page) and `Count` (the items on
 * this page). It understands `$filter` (`field eq 'value'` joined by `and`, values compared without
 * regard to case as the default API version does), `currencyCode` and `$skip`.
 *
 * The prices are made up for local use: round figures near the public list, not Microsoft's prices.
 * Every size and region has the meters a real answer mixes in: Linux pay-as-you-go, Spot and Low
 * Priority, Windows, Dev/Test, a one-year reservation, and a non-primary meter region.
 */
export interface FakeRetailPricesOptions {
  /** Items per page (the real API's pages are larger; small pages exercise `NextPageLink`). */
  pageSize?: number;
}

/** Linux pay-as-you-go USD per hour, by size and region (made up, see above). */
export const LINUX_USD: Record<string, Record<string, number>> = {
  Standard_D4s_v5: { japaneast: 0.25, westeurope: 0.23, eastus: 0.192, germanywestcentral: 0.23 },
  Standard_D2s_v3: { japaneast: 0.125, westeurope: 0.115, eastus: 0.096, germanywestcentral: 0.115 },
  Standard_D8s_v5: { japaneast: 0.5, westeurope: 0.46, eastus: 0.384, germanywestcentral: 0.46 },
};

/** Units of each currency per US dollar (made up, fixed, so the demo stays the same). */
export const PER_USD: Record<string, number> = { USD: 1, EUR: 0.9, GBP: 0.8, JPY: 150, CHF: 0.9, AUD: 1.5 };

const PRODUCTS: Record<string, { series: string; meter: string }> = {
  Standard_D4s_v5: { series: 'Dsv5', meter: 'D4s v5' },
  Standard_D2s_v3: { series: 'DSv3', meter: 'D2s v3' },
  Standard_D8s_v5: { series: 'Dsv5', meter: 'D8s v5' },
};

type Item = Record<string, string | number | boolean>;

export class FakeRetailPrices {
  /** Every request's path and query, in order. */
  readonly requests: string[] = [];
  url = '';
  private readonly server: Server;
  private readonly pageSize: number;

  private constructor(options: FakeRetailPricesOptions) {
    this.pageSize = options.pageSize ?? 100;
    this.server = createServer((request, response) => this.handle(request, response));
  }

  static async start(options: FakeRetailPricesOptions = {}): Promise<FakeRetailPrices> {
    const fake = new FakeRetailPrices(options);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}/api/retail/prices`;
    return fake;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    this.requests.push(`${url.pathname}${url.search}`);
    const answer = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify(body));
    };
    if (request.method !== 'GET' || url.pathname !== '/api/retail/prices')
      return answer(404, { Error: { Code: 'NotFound', Message: 'no such resource' } });
    const currency = (url.searchParams.get('currencyCode') ?? 'USD').replace(/'/g, '').toUpperCase();
    const rate = PER_USD[currency];
    if (rate === undefined)
      return answer(400, {
        Error: { Code: 'InvalidCurrency', Message: `currency ${currency} is not supported` },
      });
    const filter = parseFilter(url.searchParams.get('$filter') ?? '');
    if (!filter)
      return answer(400, { Error: { Code: 'InvalidFilter', Message: 'the $filter cannot be read' } });
    const skip = Number(url.searchParams.get('$skip') ?? '0') || 0;
    const matching = allItems(currency, rate).filter((item) =>
      filter.every(({ field, value }) => String(item[field] ?? '').toLowerCase() === value.toLowerCase()),
    );
    const page = matching.slice(skip, skip + this.pageSize);
    const nextSkip = skip + this.pageSize;
    let next: string | null = null;
    if (nextSkip < matching.length) {
      const nextUrl = new URL(this.url);
      for (const [name, value] of url.searchParams)
        if (name !== '$skip') nextUrl.searchParams.set(name, value);
      nextUrl.searchParams.set('$skip', String(nextSkip));
      next = nextUrl.toString();
    }
    answer(200, {
      BillingCurrency: currency,
      CustomerEntityId: 'Default',
      CustomerEntityType: 'Retail',
      Items: page,
      NextPageLink: next,
      Count: page.length,
    });
  }
}

/** `a eq 'x' and b eq 'y'`; `priceType` filters the items' `type`, as the real API does. */
function parseFilter(text: string): { field: string; value: string }[] | undefined {
  if (text.trim() === '') return [];
  const clauses = text.split(/\s+and\s+/i);
  const parsed = clauses.map((clause) => /^\s*(\w+)\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(clause));
  if (parsed.some((match) => !match)) return undefined;
  return parsed.map((match) => ({
    field: match?.[1] === 'priceType' ? 'type' : (match?.[1] ?? ''),
    value: (match?.[2] ?? '').replace(/''/g, "'"),
  }));
}

function allItems(currency: string, rate: number): Item[] {
  const items: Item[] = [];
  for (const [size, regions] of Object.entries(LINUX_USD)) {
    const product = PRODUCTS[size] ?? { series: size, meter: size };
    for (const [region, usd] of Object.entries(regions)) {
      const price = (multiplier: number) => Math.round(usd * multiplier * rate * 10_000) / 10_000;
      const item = (overrides: Item): Item => ({
        currencyCode: currency,
        tierMinimumUnits: 0,
        retailPrice: price(1),
        unitPrice: price(1),
        armRegionName: region,
        location: region,
        effectiveStartDate: '2025-01-01T00:00:00Z',
        meterId: `${size}-${region}-${String(overrides['meterName'] ?? product.meter)}`.toLowerCase(),
        meterName: product.meter,
        productId: `DZH318Z0${product.series}`,
        skuId: `DZH318Z0${product.series}/00TG`,
        productName: `Virtual Machines ${product.series} Series`,
        skuName: product.meter,
        serviceName: 'Virtual Machines',
        serviceId: 'DZH313Z7MMC8',
        serviceFamily: 'Compute',
        unitOfMeasure: '1 Hour',
        type: 'Consumption',
        isPrimaryMeterRegion: true,
        armSkuName: size,
        ...overrides,
      });
      items.push(
        item({
          meterName: `${product.meter} Spot`,
          skuName: `${product.meter} Spot`,
          retailPrice: price(0.2),
          unitPrice: price(0.2),
        }),
        item({
          productName: `Virtual Machines ${product.series} Series Windows`,
          retailPrice: price(1.9),
          unitPrice: price(1.9),
        }),
        item({
          meterName: `${product.meter} Low Priority`,
          skuName: `${product.meter} Low Priority`,
          retailPrice: price(0.2),
          unitPrice: price(0.2),
        }),
        item({
          type: 'Reservation',
          reservationTerm: '1 Year',
          unitOfMeasure: '1 Hour',
          retailPrice: price(0.6),
          unitPrice: price(0.6),
        }),
        item({ isPrimaryMeterRegion: false, retailPrice: price(1.1), unitPrice: price(1.1) }),
        item({
          type: 'DevTestConsumption',
          productName: `Virtual Machines ${product.series} Series Windows`,
          retailPrice: price(1),
          unitPrice: price(1),
        }),
        item({}),
      );
    }
  }
  return items;
}
