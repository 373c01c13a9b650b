import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DISK_MONTHLY_USD,
  FakeRetailPrices,
  NETWORK_HOURLY_USD,
  ZRS_SHARE,
} from '../../../dev/fakeRetailPrices/FakeRetailPrices.js';
import { CachedPriceCatalog } from '../../../shared/app/savings/CachedPriceCatalog.js';
import { PriceLookupError } from '../../../shared/app/savings/PriceLookupError.js';
import { RetailPricesCatalog } from '../../../shared/azure/RetailPricesCatalog.js';

let fake: FakeRetailPrices;
const TODAY = Date.parse('2026-12-05T09:00:00Z');
const LINUX = { vmSize: 'Standard_D4s_v5', os: 'Linux', spot: false } as const;
const D8 = { ...LINUX, vmSize: 'Standard_D8s_v5' };

beforeAll(async () => {
  // Two items a page: one size in one region has eight Consumption items (Spot, Windows Spot,
  // Windows, Low Priority, a non-primary region, an announced price, a replaced one, Linux), the
  // Linux one in effect last, so its price is on page four.
  fake = await FakeRetailPrices.start({ pageSize: 2 });
});
afterAll(async () => fake.stop());

/** The queries asked (first pages), as opposed to the pages read. */
const queries = () =>
  fake.requests.filter((request) => !request.includes('%24skip') && !request.includes('$skip'));

describe('the Retail Prices adapter, over HTTP against the fake', () => {
  it('follows NextPageLink to the last page and keeps the Linux pay-as-you-go meter', async () => {
    const before = fake.requests.length;
    const catalog = new RetailPricesCatalog({ currency: 'USD', baseUrl: fake.url, now: () => TODAY });
    const price = await catalog.vmPrice(LINUX, 'japaneast');
    // Not Spot, Low Priority, Windows, Dev/Test, a reservation, the non-primary meter, nor a price
    // announced for later or one it replaced.
    expect(price).toEqual({
      priced: 'Standard_D4s_v5',
      location: 'japaneast',
      amount: 0.25,
      currency: 'USD',
      meterName: 'D4s v5',
      productName: 'Virtual Machines Dsv5 Series',
      effectiveStartDate: '2025-04-01T00:00:00Z',
    });
    const asked = fake.requests.slice(before);
    expect(asked).toHaveLength(4);
    expect(asked.map((request) => new URL(`http://x${request}`).searchParams.get('$skip'))).toEqual([
      null,
      '2',
      '4',
      '6',
    ]);
    const first = new URL(`http://x${asked[0] ?? ''}`);
    expect(first.searchParams.get('currencyCode')).toBe("'USD'");
    expect(first.searchParams.get('$filter')).toBe(
      "serviceName eq 'Virtual Machines' and armRegionName eq 'japaneast' and armSkuName eq 'Standard_D4s_v5' and priceType eq 'Consumption'",
    );
  });

  it('asks in the chosen currency', async () => {
    const catalog = new RetailPricesCatalog({ currency: 'JPY', baseUrl: fake.url, now: () => TODAY });
    expect(await catalog.vmPrice({ ...LINUX, vmSize: 'Standard_D2s_v3' }, 'westeurope')).toMatchObject({
      amount: 17.25,
      currency: 'JPY',
    });
  });

  it('has no price for a size the list does not have', async () => {
    const catalog = new RetailPricesCatalog({ currency: 'USD', baseUrl: fake.url });
    expect(
      await catalog.vmPrice({ ...LINUX, vmSize: 'Standard_ND96amsr_A100_v4' }, 'japaneast'),
    ).toBeUndefined();
  });

  it('turns an unreachable or failing endpoint into PriceLookupError', async () => {
    const wrongPath = new RetailPricesCatalog({
      currency: 'USD',
      baseUrl: fake.url.replace('/prices', '/nothing'),
    });
    await expect(wrongPath.vmPrice(LINUX, 'japaneast')).rejects.toThrow(PriceLookupError);
    await expect(wrongPath.vmPrice(LINUX, 'japaneast')).rejects.toThrow(/answered 404/);
    const closed = new RetailPricesCatalog({
      currency: 'USD',
      baseUrl: 'http://127.0.0.1:1/api/retail/prices',
    });
    await expect(closed.vmPrice(LINUX, 'japaneast')).rejects.toThrow(/did not answer/);
  });

  it('prices each node on its meter (Windows, Spot marked as varying, Windows Spot) from one query', async () => {
    const before = queries().length;
    const catalog = new RetailPricesCatalog({ currency: 'USD', baseUrl: fake.url, now: () => TODAY });
    const price = async (os: 'Linux' | 'Windows', spot: boolean) =>
      (await catalog.vmPrice({ vmSize: 'Standard_D4s_v5', os, spot }, 'westeurope'))?.amount;
    // Linux 0.23; Windows adds the licence (4 vCPUs × 0.046); Spot is 12 % of the compute.
    expect(await price('Windows', false)).toBe(0.414);
    expect(await price('Linux', true)).toBe(0.0276);
    expect(await price('Windows', true)).toBe(0.2116);
    expect(queries().length - before).toBe(1);
    expect(
      await catalog.vmPrice({ vmSize: 'Standard_D4s_v5', os: 'Linux', spot: true }, 'westeurope'),
    ).toMatchObject({ priced: 'Standard_D4s_v5 Spot', meterName: 'D4s v5 Spot', variable: true });
  });

  it('takes the price in effect today, not one announced for later (the newest date)', async () => {
    // Before: the newest effectiveStartDate was taken, though it lay in the future (25 % higher here).
    const at = (iso: string) =>
      new RetailPricesCatalog({ currency: 'USD', baseUrl: fake.url, now: () => Date.parse(iso) }).vmPrice(
        LINUX,
        'eastus',
      );
    expect((await at('2026-12-05T00:00:00Z'))?.amount).toBe(0.192);
    expect((await at('2031-01-02T00:00:00Z'))?.amount).toBe(0.24);
    expect((await at('2024-06-01T00:00:00Z'))?.amount).toBe(0.1728);
  });

  it('prices the AKS tiers per cluster hour', async () => {
    const catalog = new RetailPricesCatalog({ currency: 'EUR', baseUrl: fake.url, now: () => TODAY });
    expect(await catalog.tierPrice('Standard', 'westeurope')).toMatchObject({
      priced: 'AKS Standard tier',
      amount: 0.09,
      currency: 'EUR',
      productName: 'Azure Kubernetes Service',
    });
    expect((await catalog.tierPrice('Premium', 'westeurope'))?.amount).toBe(0.54);
    const asked = new URL(`http://x${fake.requests.at(-1) ?? ''}`);
    expect(asked.searchParams.get('$filter')).toBe(
      "serviceName eq 'Azure Kubernetes Service' and armRegionName eq 'westeurope' and priceType eq 'Consumption'",
    );
  });

  it('waits out a 429 as Retry-After asks, and gives up when it asks too long', async () => {
    const throttled = await FakeRetailPrices.start({ requestsPerMinute: 1, retryAfterSeconds: 7 });
    try {
      const waits: number[] = [];
      let clock = TODAY;
      const catalog = new RetailPricesCatalog({
        currency: 'USD',
        baseUrl: throttled.url,
        now: () => clock,
        sleep: async (ms) => {
          waits.push(ms);
          clock += 60_000;
        },
      });
      expect((await catalog.vmPrice(LINUX, 'japaneast'))?.amount).toBe(0.25);
      expect(waits).toEqual([]);
      // The fake's minute is real time: the second request is refused with Retry-After 7.
      await expect(catalog.vmPrice(LINUX, 'eastus')).rejects.toThrow(/throttling \(429; retry after 7 s\)/);
      expect(waits).toEqual([7000, 7000, 7000]);
      const impatient = await FakeRetailPrices.start({ requestsPerMinute: 0, retryAfterSeconds: 60 });
      try {
        const wontWait = new RetailPricesCatalog({
          currency: 'USD',
          baseUrl: impatient.url,
          sleep: async () => {},
        });
        await expect(wontWait.vmPrice(LINUX, 'eastus')).rejects.toThrow(PriceLookupError);
      } finally {
        await impatient.stop();
      }
    } finally {
      await throttled.stop();
    }
  });

  it('is a faithful stand-in: location is a display name, reservations carry the term price', async () => {
    const response = await fetch(
      `${fake.url}?$filter=${encodeURIComponent("armRegionName eq 'westeurope' and armSkuName eq 'Standard_D4s_v5'")}`,
    );
    const body = (await response.json()) as { Items: Record<string, unknown>[] };
    const pages = [body];
    let next = (body as { NextPageLink?: string | null }).NextPageLink;
    while (next) {
      const page = (await (await fetch(next)).json()) as {
        Items: Record<string, unknown>[];
        NextPageLink?: string | null;
      };
      pages.push(page);
      next = page.NextPageLink;
    }
    const items = pages.flatMap((page) => page.Items);
    expect(new Set(items.map((item) => item['location']))).toEqual(new Set(['West Europe']));
    const oneYear = items.find(
      (item) => item['type'] === 'Reservation' && item['reservationTerm'] === '1 Year',
    );
    expect(oneYear).toMatchObject({ unitOfMeasure: '1 Hour' });
    // The whole year's price (0.23 × 8760 × 0.6), not an hourly one.
    expect(oneYear?.['retailPrice']).toBe(1208.88);
    expect(new Set(items.map((item) => item['effectiveStartDate'])).size).toBe(3);
    expect(items.some((item) => item['isPrimaryMeterRegion'] === false)).toBe(true);
  });
});

describe('the price cache', () => {
  it('asks at most once per size and region per day, and calls made together share one query', async () => {
    const clock = { now: Date.parse('2026-11-27T01:00:00Z') };
    const cached = new CachedPriceCatalog(
      new RetailPricesCatalog({ currency: 'EUR', baseUrl: fake.url, now: () => clock.now }),
      () => clock.now,
    );
    const before = queries().length;
    const together = await Promise.all([
      cached.vmPrice(D8, 'eastus'),
      cached.vmPrice(D8, 'eastus'),
      cached.vmPrice({ ...D8, vmSize: 'standard_d8s_v5' }, 'EastUS'),
    ]);
    expect(together.map((price) => price?.amount)).toEqual([0.3456, 0.3456, 0.3456]);
    clock.now = Date.parse('2026-11-27T23:59:00Z');
    await cached.vmPrice(D8, 'eastus');
    expect(queries().length - before).toBe(1);
    await cached.vmPrice(D8, 'westeurope');
    expect(queries().length - before).toBe(2);
    // The next day (UTC) asks again.
    clock.now = Date.parse('2026-11-28T00:00:00Z');
    await cached.vmPrice(D8, 'eastus');
    expect(queries().length - before).toBe(3);
  });

  it('keeps no failure: the next call asks again', async () => {
    let calls = 0;
    const cached = new CachedPriceCatalog(
      {
        currency: 'USD',
        vmPrice: () => {
          calls++;
          return calls === 1 ? Promise.reject(new PriceLookupError('down')) : Promise.resolve(undefined);
        },
        tierPrice: () => Promise.resolve(undefined),
        keptPrice: () => Promise.resolve(undefined),
      },
      () => 0,
    );
    await expect(cached.vmPrice(LINUX, 'b')).rejects.toThrow('down');
    expect(await cached.vmPrice(LINUX, 'b')).toBeUndefined();
    expect(await cached.vmPrice(LINUX, 'b')).toBeUndefined();
    expect(calls).toBe(2);
  });
});

describe('what keeps billing while stopped, priced from the list', () => {
  it("takes a disk tier's monthly meter in effect (not its transactions, a reservation, another region's), an hour", async () => {
    const catalog = new RetailPricesCatalog({ currency: 'USD', baseUrl: fake.url, now: () => TODAY });
    const p30 = await catalog.keptPrice({ kind: 'disk', tier: 'P30', redundancy: 'LRS' }, 'westeurope');
    expect(p30).toMatchObject({
      priced: 'P30 LRS disk',
      location: 'westeurope',
      meterName: 'P30 LRS Disk',
      productName: 'Premium SSD Managed Disks',
      effectiveStartDate: '2025-04-01T00:00:00Z',
    });
    expect(p30?.amount).toBeCloseTo(DISK_MONTHLY_USD['P30']! / 730, 10);
    const e4 = await catalog.keptPrice({ kind: 'disk', tier: 'E4', redundancy: 'ZRS' }, 'eastus');
    expect(e4?.amount).toBeCloseTo((DISK_MONTHLY_USD['E4']! * ZRS_SHARE) / 730, 10);
    expect(e4?.meterName).toBe('E4 ZRS Disk');
  });

  it("takes the Standard public IP's and the load balancer's hourly meters", async () => {
    const catalog = new RetailPricesCatalog({ currency: 'USD', baseUrl: fake.url, now: () => TODAY });
    expect(await catalog.keptPrice({ kind: 'publicIp', sku: 'Standard' }, 'japaneast')).toMatchObject({
      amount: NETWORK_HOURLY_USD.standardPublicIp,
      meterName: 'Standard IPv4 Static Public IP',
      productName: 'IP Addresses',
    });
    expect(
      await catalog.keptPrice({ kind: 'loadBalancerRules', part: 'included' }, 'japaneast'),
    ).toMatchObject({ amount: NETWORK_HOURLY_USD.loadBalancerFirstFiveRules });
    expect(
      await catalog.keptPrice({ kind: 'loadBalancerRules', part: 'overage' }, 'japaneast'),
    ).toMatchObject({ amount: NETWORK_HOURLY_USD.loadBalancerRuleOverFive });
  });

  it('has no price for a region the list does not carry: undefined, not 0', async () => {
    const catalog = new RetailPricesCatalog({ currency: 'USD', baseUrl: fake.url, now: () => TODAY });
    expect(
      await catalog.keptPrice({ kind: 'disk', tier: 'P10', redundancy: 'LRS' }, 'brazilsouth'),
    ).toBeUndefined();
  });
});
