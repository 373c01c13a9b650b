import { LINUX_USD } from '../fakeRetailPrices/FakeRetailPrices.js';

/**
 * The fake bill's prices, USD an hour, from the fake Retail Prices list's own rules (its Linux table;
 * Windows 1.9 times it, Spot and Low Priority 0.2 times it, as its items are made): one place, so
 * that the bill prices each meter exactly as the list the app reads shows it.
 */
export const FAKE_METER_PRICES = {
  linuxUsd(vmSize: string, location: string): number | undefined {
    return LINUX_USD[vmSize]?.[location.toLowerCase()];
  },
  windowsUsd(vmSize: string, location: string): number | undefined {
    const linux = this.linuxUsd(vmSize, location);
    return linux === undefined ? undefined : linux * 1.9;
  },
  spotUsd(vmSize: string, location: string, os: 'Linux' | 'Windows'): number | undefined {
    const linux = this.linuxUsd(vmSize, location);
    const windows = this.windowsUsd(vmSize, location);
    if (linux === undefined || windows === undefined) return undefined;
    // The list has no Windows Spot meter: Spot Linux plus the Windows licence.
    return linux * 0.2 + (os === 'Windows' ? windows - linux : 0);
  },
  /** The AKS tier's fee per cluster-hour (made up, near the public list). */
  tierUsd: { Free: 0, Standard: 0.1, Premium: 0.6 } as Record<'Free' | 'Standard' | 'Premium', number>,
};
