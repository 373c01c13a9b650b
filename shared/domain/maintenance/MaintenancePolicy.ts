import { matchAsciiCaseInsensitive } from './matchAsciiCaseInsensitive.js';

/**
 * What a schedule does about its targets' AKS maintenance windows (docs/maintenance.md, Choosing a
 * policy): `wake` keeps them up for each window, `warn` (the default) only reports windows the
 * schedule leaves them down for, `ignore` says nothing.
 */
export type MaintenancePolicy = 'wake' | 'warn' | 'ignore';

export const MAINTENANCE_POLICIES: readonly MaintenancePolicy[] = ['wake', 'warn', 'ignore'];

export const DEFAULT_MAINTENANCE_POLICY: MaintenancePolicy = 'warn';

/** Reads a Maintenance column or field: empty means the default; case and surrounding blanks do not matter. */
export function parseMaintenancePolicy(
  text: string,
): { ok: true; policy: MaintenancePolicy } | { ok: false; message: string } {
  const value = text.trim();
  if (value === '') return { ok: true, policy: DEFAULT_MAINTENANCE_POLICY };
  // ASCII-only case folding: a look-alike letter (a Kelvin sign, say) is not one of the words.
  const policy = matchAsciiCaseInsensitive(value, MAINTENANCE_POLICIES);
  if (policy) return { ok: true, policy };
  return {
    ok: false,
    message: `"${value}" is not a maintenance policy; write wake (keep targets up for each AKS maintenance window), warn (the default: report windows the schedule leaves them down for) or ignore`,
  };
}
