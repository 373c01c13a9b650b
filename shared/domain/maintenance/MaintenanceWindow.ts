import { matchAsciiCaseInsensitive } from './matchAsciiCaseInsensitive.js';
import { MAINTENANCE_CONFIGURATION_NAMES } from './MaintenanceConfiguration.js';

/**
 * What AKS may do in a window: `kubernetes` upgrades in `aksManagedAutoUpgradeSchedule`, `node-os`
 * image upgrades in `aksManagedNodeOSUpgradeSchedule`, `any` AKS release in `default`.
 */
export type MaintenancePurpose = 'kubernetes' | 'node-os' | 'any';

/** One occurrence of a maintenance configuration: AKS may begin maintenance from `opens` until `closes`. */
export interface MaintenanceWindow {
  /** The configuration's name as Azure spells it. */
  configuration: string;
  purpose: MaintenancePurpose;
  /** Epoch ms. */
  opens: number;
  /** Epoch ms, exclusive. */
  closes: number;
  /** Part of the window fell on not-allowed dates or times and was cut off; the rest is what AKS may use. */
  shortenedBy?: 'notAllowedDates' | 'notAllowedTime';
  /**
   * Set when this window rests on our reading of something Microsoft does not document (the phase of an
   * interval without `startDate`, a `dayOfMonth` the month lacks); says what was assumed.
   */
  assumption?: string;
}

const PURPOSES: Record<(typeof MAINTENANCE_CONFIGURATION_NAMES)[number], MaintenancePurpose> = {
  default: 'any',
  aksManagedAutoUpgradeSchedule: 'kubernetes',
  aksManagedNodeOSUpgradeSchedule: 'node-os',
};

/**
 * The purpose of a configuration by its name (ASCII case-insensitive), or undefined for a name AKS does not
 * use.
 */
export function maintenancePurpose(name: string): MaintenancePurpose | undefined {
  const known = matchAsciiCaseInsensitive(name, MAINTENANCE_CONFIGURATION_NAMES);
  return known === undefined ? undefined : PURPOSES[known];
}
