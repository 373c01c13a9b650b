import {
  AKS_TIER_USD,
  DISK_MONTHLY_USD,
  NETWORK_HOURLY_USD,
  ZRS_SHARE,
  LINUX_USD,
  SPOT_SHARE,
  windowsUsd as windowsOf,
} from '../fakeRetailPrices/FakeRetailPrices.js';

/**
 * The fake bill's prices, USD an hour, from the fake Retail Prices list's own rules (its Linux table,
 * its Windows licence per vCPU, its Spot share, its AKS tier fees): one place, so that the bill prices
 * each meter exactly as the list the app reads shows it.
 */
export const FAKE_METER_PRICES = {
  linuxUsd(vmSize: string, location: string): number | undefined {
    return LINUX_USD[vmSize]?.[location.toLowerCase()];
  },
  windowsUsd(vmSize: string, location: string): number | undefined {
    const linux = this.linuxUsd(vmSize, location);
    return linux === undefined ? undefined : windowsOf(vmSize, linux);
  },
  spotUsd(vmSize: string, location: string, os: 'Linux' | 'Windows'): number | undefined {
    const linux = this.linuxUsd(vmSize, location);
    if (linux === undefined) return undefined;
    // The list's Windows Spot item is Spot Linux plus the Windows licence.
    const spot = linux * SPOT_SHARE;
    return os === 'Windows' ? windowsOf(vmSize, spot) : spot;
  },
  /**
   * A managed disk an hour: its tier's monthly price ÷ 730, the tier the smallest of its type that
   * holds its size (Standard HDD from S4), as Microsoft bills disks; undefined for other types.
   */
  diskUsd(sku: string, sizeGB: number): number | undefined {
    const match = /^(Premium|StandardSSD|Standard)_(LRS|ZRS)$/.exec(sku);
    if (!match) return undefined;
    const letter = { Premium: 'P', StandardSSD: 'E', Standard: 'S' }[match[1] as 'Premium'];
    const sizes: [number, number][] = [
      [4, 1],
      [8, 2],
      [16, 3],
      [32, 4],
      [64, 6],
      [128, 10],
      [256, 15],
      [512, 20],
      [1024, 30],
      [2048, 40],
      [4096, 50],
      [8192, 60],
      [16384, 70],
      [32767, 80],
    ];
    const tier = sizes.find(([size, number]) => size >= sizeGB && (letter !== 'S' || number >= 4));
    const monthly = tier ? DISK_MONTHLY_USD[`${letter}${tier[1]}`] : undefined;
    if (monthly === undefined) return undefined;
    return (monthly * (match[2] === 'ZRS' ? ZRS_SHARE : 1)) / 730;
  },
  /** A public IP an hour, by SKU. */
  publicIpUsd(sku: string): number {
    return sku === 'Standard' ? NETWORK_HOURLY_USD.standardPublicIp : NETWORK_HOURLY_USD.basicPublicIp;
  },
  /** A Standard load balancer with this many rules, an hour: the first five as one, each further one. */
  loadBalancerUsd(rules: number): number {
    if (rules === 0) return 0;
    return (
      NETWORK_HOURLY_USD.loadBalancerFirstFiveRules +
      Math.max(0, rules - 5) * NETWORK_HOURLY_USD.loadBalancerRuleOverFive
    );
  },
  /** The AKS tier's fee per cluster-hour, as the list prices it. */
  tierUsd: {
    Free: 0,
    Standard: AKS_TIER_USD['Standard'] ?? 0,
    Premium: AKS_TIER_USD['Premium'] ?? 0,
  } as Record<'Free' | 'Standard' | 'Premium', number>,
};
