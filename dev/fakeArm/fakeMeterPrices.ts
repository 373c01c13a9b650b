import {
  AKS_TIER_USD,
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
  /** The AKS tier's fee per cluster-hour, as the list prices it. */
  tierUsd: {
    Free: 0,
    Standard: AKS_TIER_USD['Standard'] ?? 0,
    Premium: AKS_TIER_USD['Premium'] ?? 0,
  } as Record<'Free' | 'Standard' | 'Premium', number>,
};
