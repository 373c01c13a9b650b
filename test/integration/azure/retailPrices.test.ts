import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeRetailPrices } from '../../../dev/fakeRetailPrices/FakeRetailPrices.js';
import { CachedPriceCatalog } from '../../../shared/app/savings/CachedPriceCatalog.js';
import { PriceLookupError } from '../../../shared/app/savings/PriceLookupError.js';
import { RetailPricesCatalog } from '../../../shared/azure/RetailPricesCatalog.js';

let fake: FakeRetailPrices;

beforeAll(async () => {
  // Two items a page: one size in one region has five pay-as-you-go meters (Linux, Spot, Low Priority,
  // Windows, a non-primary region), the Linux one last, so its price is on page three.
  fake = await FakeRetailPrices.start({ pageSize: 2 });
});
afterAll(async () => fake.stop());

/** The queries asked (first pages), as opposed to the pages read. */
const queries = () =>
  fake.requests.filter((request) => !request.includes('%24skip') && !request.includes('$skip'));

describe('the Retail Prices adapter, over HTTP against the fake', () => {
  it('follows NextPageLink to the last page and keeps the Linux pay-as-you-go meter', async () => {
    const before = fake.requests.length;
    const catalog = new RetailPricesCatalog({ currency: 'USD', baseUrl: fake.url });
    const price = await catalog.hourlyPrice('Standard_D4s_v5', 'japaneast');
    // Not Spot (0.05), Low Priority, Windows (0.475), Dev/Test, the reservation, nor the non-primary meter.
    expect(price).toEqual({
      vmSize: 'Standard_D4s_v5',
      location: 'japaneast',
      amount: 0.25,
      currency: 'USD',
      meterName: 'D4s v5',
      productName: 'Virtual Machines Dsv5 Series',
    });
    const asked = fake.requests.slice(before);
    expect(asked).toHaveLength(3);
    expect(asked.map((request) => new URL(`http://x${request}`).searchParams.get('$skip'))).toEqual([
      null,
      '2',
      '4',
    ]);
    const first = new URL(`http://x${asked[0] ?? ''}`);
    expect(first.searchParams.get('currencyCode')).toBe("'USD'");
    expect(first.searchParams.get('$filter')).toBe(
      "serviceName eq 'Virtual Machines' and armRegionName eq 'japaneast' and armSkuName eq 'Standard_D4s_v5' and priceType eq 'Consumption'",
    );
  });

  it('asks in the chosen currency', async () => {
    const catalog = new RetailPricesCatalog({ currency: 'JPY', baseUrl: fake.url });
    expect(await catalog.hourlyPrice('Standard_D2s_v3', 'westeurope')).toMatchObject({
      amount: 17.25,
      currency: 'JPY',
    });
  });

  it('has no price for a size the list does not have', async () => {
    const catalog = new RetailPricesCatalog({ currency: 'USD', baseUrl: fake.url });
    expect(await catalog.hourlyPrice('Standard_ND96amsr_A100_v4', 'japaneast')).toBeUndefined();
  });

  it('turns an unreachable or failing endpoint into PriceLookupError', async () => {
    const wrongPath = new RetailPricesCatalog({
      currency: 'USD',
      baseUrl: fake.url.replace('/prices', '/nothing'),
    });
    await expect(wrongPath.hourlyPrice('Standard_D4s_v5', 'japaneast')).rejects.toThrow(PriceLookupError);
    await expect(wrongPath.hourlyPrice('Standard_D4s_v5', 'japaneast')).rejects.toThrow(/answered 404/);
    const closed = new RetailPricesCatalog({
      currency: 'USD',
      baseUrl: 'http://127.0.0.1:1/api/retail/prices',
    });
    await expect(closed.hourlyPrice('Standard_D4s_v5', 'japaneast')).rejects.toThrow(/did not answer/);
  });
});

describe('the price cache', () => {
  it('asks at most once per size and region per day, and calls made together share one query', async () => {
    const clock = { now: Date.parse('2026-11-27T01:00:00Z') };
    const cached = new CachedPriceCatalog(
      new RetailPricesCatalog({ currency: 'EUR', baseUrl: fake.url }),
      () => clock.now,
    );
    const before = queries().length;
    const together = await Promise.all([
      cached.hourlyPrice('Standard_D8s_v5', 'eastus'),
      cached.hourlyPrice('Standard_D8s_v5', 'eastus'),
      cached.hourlyPrice('standard_d8s_v5', 'EastUS'),
    ]);
    expect(together.map((price) => price?.amount)).toEqual([0.3456, 0.3456, 0.3456]);
    clock.now = Date.parse('2026-11-27T23:59:00Z');
    await cached.hourlyPrice('Standard_D8s_v5', 'eastus');
    expect(queries().length - before).toBe(1);
    await cached.hourlyPrice('Standard_D8s_v5', 'westeurope');
    expect(queries().length - before).toBe(2);
    // The next day (UTC) asks again.
    clock.now = Date.parse('2026-11-28T00:00:00Z');
    await cached.hourlyPrice('Standard_D8s_v5', 'eastus');
    expect(queries().length - before).toBe(3);
  });

  it('keeps no failure: the next call asks again', async () => {
    let calls = 0;
    const cached = new CachedPriceCatalog(
      {
        currency: 'USD',
        hourlyPrice: () => {
          calls++;
          return calls === 1 ? Promise.reject(new PriceLookupError('down')) : Promise.resolve(undefined);
        },
      },
      () => 0,
    );
    await expect(cached.hourlyPrice('a', 'b')).rejects.toThrow('down');
    expect(await cached.hourlyPrice('a', 'b')).toBeUndefined();
    expect(await cached.hourlyPrice('a', 'b')).toBeUndefined();
    expect(calls).toBe(2);
  });
});
