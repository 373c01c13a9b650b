import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Azure Retail Prices API (`https://prices.azure.com/api/retail/prices`),
 * answering in its documented shape: `BillingCurrency`, `CustomerEntityId`, `CustomerEntityType`,
 * `Items`, `NextPageLink` (absolute, with `$skip`; `null` on the last page) and `Count` (the items on
 * this page). It understands `$filter` (`field eq 'value'` joined by `and`, values compared without
 * regard to case as the default API version does), `currencyCode` and `$skip`.
 *
 * It keeps the real API's traps (docs/savings.md, Prices), so that a client that falls for one is
 * caught here and not on the bill:
 * - every size and region mixes in the meters a real answer has: Linux and Windows pay-as-you-go,
 *   Spot (Linux and Windows) and Low Priority, Dev/Test, a non-primary meter region, and one- and
 *   three-year reservations whose item carries the whole term's price with `unitOfMeasure` `1 Hour`;
 * - `location` is a display name (`West Europe`); only `armRegionName` is the ARM region;
 * - a meter's price has several items with different `effectiveStartDate`s: a superseded one, the
 *   one in effect, and an announced change dated in the future;
 * - past `requestsPerMinute` requests in a minute it answers 429 with `Retry-After`.
 * The AKS tiers are priced under `Azure Kubernetes Service`, by `skuName` (`Standard`, `Premium`);
 * managed disks under `Storage` (monthly, by tier), public IPs under `Virtual Network` and the load
 * balancer under `Load Balancer`, with their own traps (diskItems, networkItems).
 *
 * The prices are made up for local use: round figures near the public list, not Microsoft's prices.
 */
export interface FakeRetailPricesOptions {
  /** Items per page (the real API's pages are larger; small pages exercise `NextPageLink`). */
  pageSize?: number;
  /** Requests answered in a rolling minute before 429s (default 120). */
  requestsPerMinute?: number;
  /** The `Retry-After` of a 429, in seconds (default 1). */
  retryAfterSeconds?: number;
  now?: () => number;
}

/** Linux pay-as-you-go USD per hour, by size and region (made up, see above). */
export const LINUX_USD: Record<string, Record<string, number>> = {
  Standard_D4s_v5: { japaneast: 0.25, westeurope: 0.23, eastus: 0.192, germanywestcentral: 0.23 },
  Standard_D2s_v3: { japaneast: 0.125, westeurope: 0.115, eastus: 0.096, germanywestcentral: 0.115 },
  Standard_D8s_v5: { japaneast: 0.5, westeurope: 0.46, eastus: 0.384, germanywestcentral: 0.46 },
};

/** vCPUs of each size: Windows is the Linux rate plus a licence per vCPU. */
const VCPUS: Record<string, number> = { Standard_D4s_v5: 4, Standard_D2s_v3: 2, Standard_D8s_v5: 8 };
/** The Windows licence, USD per vCPU-hour (near the public list's difference). */
export const WINDOWS_LICENCE_USD_PER_VCPU = 0.046;
/** Spot is this share of the pay-as-you-go compute price (it varies; this is the fake's today). */
export const SPOT_SHARE = 0.12;
/** The AKS tiers' fee per cluster hour, USD. */
export const AKS_TIER_USD: Record<string, number> = { Standard: 0.1, Premium: 0.6 };
/** Managed disks, LRS, USD a month by tier (ZRS is ZRS_SHARE more; made up near the public list). */
export const DISK_MONTHLY_USD: Record<string, number> = {
  P1: 0.8,
  P2: 1.6,
  P3: 3.2,
  P4: 5.4,
  P6: 10.4,
  P10: 20,
  P15: 38,
  P20: 74,
  P30: 136,
  P40: 260,
  P50: 500,
  P60: 950,
  P70: 1800,
  P80: 3600,
  E1: 0.3,
  E2: 0.6,
  E3: 1.2,
  E4: 2.4,
  E6: 4.8,
  E10: 9.6,
  E15: 19.2,
  E20: 38.4,
  E30: 76.8,
  E40: 154,
  E50: 307,
  E60: 614,
  E70: 1229,
  E80: 2458,
  S4: 1.5,
  S6: 3,
  S10: 5.9,
  S15: 11.3,
  S20: 21.8,
  S30: 41,
  S40: 77,
  S50: 154,
  S60: 300,
  S70: 590,
  S80: 1180,
};
export const ZRS_SHARE = 1.5;
/** Public IPs and the Standard load balancer, USD an hour (made up near the public list). */
export const NETWORK_HOURLY_USD = {
  standardPublicIp: 0.005,
  basicPublicIp: 0.0036,
  loadBalancerFirstFiveRules: 0.025,
  loadBalancerRuleOverFive: 0.01,
};

/** The Linux price in effect today took effect on this date; a change is announced for FUTURE_DATE. */
export const CURRENT_DATE = '2025-04-01T00:00:00Z';
export const FUTURE_DATE = '2031-01-01T00:00:00Z';

/** The Windows pay-as-you-go (or Spot) USD per hour of a size in a region. */
export function windowsUsd(size: string, linuxUsd: number): number {
  return linuxUsd + WINDOWS_LICENCE_USD_PER_VCPU * (VCPUS[size] ?? 0);
}

/** Units of each currency per US dollar (made up, fixed, so the demo stays the same). */
export const PER_USD: Record<string, number> = { USD: 1, EUR: 0.9, GBP: 0.8, JPY: 150, CHF: 0.9, AUD: 1.5 };

/** `location` as the price list spells it: a display name, not the ARM region. */
const DISPLAY_NAMES: Record<string, string> = {
  japaneast: 'Japan East',
  westeurope: 'West Europe',
  eastus: 'East US',
  germanywestcentral: 'Germany West Central',
};

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
  private readonly requestsPerMinute: number;
  private readonly retryAfterSeconds: number;
  private readonly now: () => number;
  /** When each answered request came, for the rolling minute. */
  private answeredAt: number[] = [];

  private constructor(options: FakeRetailPricesOptions) {
    this.pageSize = options.pageSize ?? 100;
    this.requestsPerMinute = options.requestsPerMinute ?? 120;
    this.retryAfterSeconds = options.retryAfterSeconds ?? 1;
    this.now = options.now ?? Date.now;
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
    const now = this.now();
    this.answeredAt = this.answeredAt.filter((at) => now - at < 60_000);
    if (this.answeredAt.length >= this.requestsPerMinute) {
      response.writeHead(429, {
        'content-type': 'application/json; charset=utf-8',
        'retry-after': String(this.retryAfterSeconds),
      });
      response.end(JSON.stringify({ Error: { Code: 'TooManyRequests', Message: 'Too many requests' } }));
      return;
    }
    this.answeredAt.push(now);
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
  return [
    ...vmItems(currency, rate),
    ...aksItems(currency, rate),
    ...diskItems(currency, rate),
    ...networkItems(currency, rate),
  ];
}

/** An item of a region with the list's common fields; `usd` is converted to the currency. */
function listItem(currency: string, rate: number, region: string, usd: number, fields: Item): Item {
  const price = Math.round(usd * rate * 10_000) / 10_000;
  return {
    currencyCode: currency,
    tierMinimumUnits: 0,
    retailPrice: price,
    unitPrice: price,
    armRegionName: region,
    location: DISPLAY_NAMES[region] ?? region,
    effectiveStartDate: CURRENT_DATE,
    type: 'Consumption',
    isPrimaryMeterRegion: true,
    armSkuName: '',
    ...fields,
  };
}

function priceRegions(): string[] {
  return [...new Set(Object.values(LINUX_USD).flatMap((byRegion) => Object.keys(byRegion)))];
}

/**
 * Managed disks under `Storage`, as the real list has them: a product per type (`Premium SSD Managed
 * Disks`, …), `skuName` `P10 LRS`, the `P10 LRS Disk` meter a month (`1/Month`), and beside it the
 * traps: Standard disks' transactions (`… Disk Operations`, per 10K), a superseded and a future
 * price, a non-primary meter region, and a reservation (large Premium tiers) at its term's price.
 */
function diskItems(currency: string, rate: number): Item[] {
  const products: Record<string, string> = {
    P: 'Premium SSD Managed Disks',
    E: 'Standard SSD Managed Disks',
    S: 'Standard HDD Managed Disks',
  };
  return priceRegions().flatMap((region) =>
    Object.entries(DISK_MONTHLY_USD).flatMap(([tier, lrsUsd]) =>
      (['LRS', 'ZRS'] as const).flatMap((redundancy) => {
        if (redundancy === 'ZRS' && tier.startsWith('S')) return [];
        const usd = redundancy === 'ZRS' ? lrsUsd * ZRS_SHARE : lrsUsd;
        const skuName = `${tier} ${redundancy}`;
        const item = (dollars: number, fields: Item = {}) =>
          listItem(currency, rate, region, dollars, {
            meterId:
              `disk-${tier}-${redundancy}-${region}-${String(fields['meterName'] ?? 'disk')}`.toLowerCase(),
            meterName: `${skuName} Disk`,
            productName: products[tier.slice(0, 1)] ?? 'Managed Disks',
            skuName,
            serviceName: 'Storage',
            serviceFamily: 'Storage',
            unitOfMeasure: '1/Month',
            ...fields,
          });
        return [
          item(usd),
          item(usd * 0.9, { effectiveStartDate: '2023-01-01T00:00:00Z' }),
          item(usd * 1.2, { effectiveStartDate: FUTURE_DATE }),
          item(usd * 1.1, { isPrimaryMeterRegion: false }),
          ...(tier.startsWith('P')
            ? []
            : [item(0.0005, { meterName: `${skuName} Disk Operations`, unitOfMeasure: '10K' })]),
          ...(tier.startsWith('P') && Number(tier.slice(1)) >= 30
            ? [item(usd * 12 * 0.95, { type: 'Reservation', reservationTerm: '1 Year' })]
            : []),
        ];
      }),
    ),
  );
}

/**
 * Public IPs (`Virtual Network`, product `IP Addresses`) and the load balancer (`Load Balancer`):
 * hourly meters, and the per-GB data processed beside them.
 */
function networkItems(currency: string, rate: number): Item[] {
  const usd = NETWORK_HOURLY_USD;
  return priceRegions().flatMap((region) => {
    const ip = (meterName: string, skuName: string, dollars: number) =>
      listItem(currency, rate, region, dollars, {
        meterId: `ip-${meterName}-${region}`.replace(/\s+/g, '-').toLowerCase(),
        meterName,
        productName: 'IP Addresses',
        skuName,
        serviceName: 'Virtual Network',
        serviceFamily: 'Networking',
        unitOfMeasure: '1 Hour',
      });
    const lb = (meterName: string, dollars: number, unitOfMeasure = '1 Hour') =>
      listItem(currency, rate, region, dollars, {
        meterId: `lb-${meterName}-${region}`.replace(/\s+/g, '-').toLowerCase(),
        meterName,
        productName: 'Load Balancer',
        skuName: 'Standard',
        serviceName: 'Load Balancer',
        serviceFamily: 'Networking',
        unitOfMeasure,
      });
    return [
      ip('Standard IPv4 Static Public IP', 'Standard', usd.standardPublicIp),
      ip('Basic IPv4 Static Public IP Address', 'Basic', usd.basicPublicIp),
      ip('Basic IPv4 Dynamic Public IP', 'Basic', 0.004),
      lb('Standard Included LB Rules and Outbound Rules', usd.loadBalancerFirstFiveRules),
      lb('Standard Overage LB Rules and Outbound Rules', usd.loadBalancerRuleOverFive),
      lb('Standard Data Processed', 0.005, '1 GB'),
    ];
  });
}

function vmItems(currency: string, rate: number): Item[] {
  const items: Item[] = [];
  for (const [size, regions] of Object.entries(LINUX_USD)) {
    const product = PRODUCTS[size] ?? { series: size, meter: size };
    for (const [region, usd] of Object.entries(regions)) {
      const price = (dollars: number) => Math.round(dollars * rate * 10_000) / 10_000;
      const windows = `Virtual Machines ${product.series} Series Windows`;
      const spot = usd * SPOT_SHARE;
      const item = (overrides: Item): Item => {
        const dollars = Number(overrides['usd'] ?? usd);
        const { usd: _usd, ...rest } = overrides;
        return {
          currencyCode: currency,
          tierMinimumUnits: 0,
          retailPrice: price(dollars),
          unitPrice: price(dollars),
          armRegionName: region,
          location: DISPLAY_NAMES[region] ?? region,
          effectiveStartDate: CURRENT_DATE,
          meterId: `${size}-${region}-${String(rest['meterName'] ?? product.meter)}`.toLowerCase(),
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
          ...rest,
        };
      };
      const spotNames = { meterName: `${product.meter} Spot`, skuName: `${product.meter} Spot` };
      items.push(
        item({ ...spotNames, usd: spot }),
        item({ ...spotNames, productName: windows, usd: windowsUsd(size, spot) }),
        item({ productName: windows, usd: windowsUsd(size, usd) }),
        item({
          meterName: `${product.meter} Low Priority`,
          skuName: `${product.meter} Low Priority`,
          usd: usd * 0.2,
        }),
        // A reservation's item is the whole term's price, though its unit says an hour.
        item({ type: 'Reservation', reservationTerm: '1 Year', usd: usd * 8760 * 0.6 }),
        item({ type: 'Reservation', reservationTerm: '3 Years', usd: usd * 3 * 8760 * 0.4 }),
        item({ isPrimaryMeterRegion: false, usd: usd * 1.1 }),
        item({ type: 'DevTestConsumption', productName: windows, usd }),
        // An announced change, and the price it replaced: only the one in effect today is the price.
        item({ effectiveStartDate: FUTURE_DATE, usd: usd * 1.25 }),
        item({ effectiveStartDate: '2023-01-01T00:00:00Z', usd: usd * 0.9 }),
        item({}),
      );
    }
  }
  return items;
}

/** The AKS tiers' hourly fees, per region the VMs are priced in. */
function aksItems(currency: string, rate: number): Item[] {
  const regions = new Set(Object.values(LINUX_USD).flatMap((byRegion) => Object.keys(byRegion)));
  return [...regions].flatMap((region) =>
    Object.entries(AKS_TIER_USD).map(([tier, usd]) => ({
      currencyCode: currency,
      tierMinimumUnits: 0,
      retailPrice: Math.round(usd * rate * 10_000) / 10_000,
      unitPrice: Math.round(usd * rate * 10_000) / 10_000,
      armRegionName: region,
      location: DISPLAY_NAMES[region] ?? region,
      effectiveStartDate: CURRENT_DATE,
      meterId: `aks-${tier}-${region}`.toLowerCase(),
      meterName: `${tier} Uptime SLA`,
      productId: 'DZH318Z0AKS',
      skuId: `DZH318Z0AKS/${tier.slice(0, 4).toUpperCase()}`,
      productName: 'Azure Kubernetes Service',
      skuName: tier,
      serviceName: 'Azure Kubernetes Service',
      serviceId: 'DZH3180QGP3H',
      serviceFamily: 'Compute',
      unitOfMeasure: '1 Hour',
      type: 'Consumption',
      isPrimaryMeterRegion: true,
      armSkuName: '',
    })),
  );
}
