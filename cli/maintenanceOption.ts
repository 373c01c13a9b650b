import { readFileSync } from 'node:fs';
import {
  maintenanceOutlook,
  type MaintenanceOutlook,
} from '../shared/domain/maintenance/maintenanceOutlook.js';
import {
  parseMaintenancePolicy,
  type MaintenancePolicy,
} from '../shared/domain/maintenance/MaintenancePolicy.js';
import type { MaintenanceConfiguration } from '../shared/domain/maintenance/MaintenanceConfiguration.js';
import { maintenanceWindowsBetween } from '../shared/domain/maintenance/maintenanceWindowsBetween.js';
import { parseMaintenanceConfiguration } from '../shared/domain/maintenance/parseMaintenanceConfiguration.js';
import { DEFAULT_MAINTENANCE_THRESHOLDS } from '../shared/domain/maintenance/maintenanceOutlook.js';
import type { Schedule } from '../shared/domain/Schedule.js';
import { DAY_MS } from '../shared/domain/time.js';
import { CliUsageError } from './CliUsageError.js';

/**
 * The maintenance configurations in a JSON file: what `az aks maintenanceconfiguration show` or
 * `list` prints, or the REST API's answer (`{ value: [...] }`); one configuration or a list.
 */
export function readMaintenanceFile(fileName: string): MaintenanceConfiguration[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(fileName, 'utf8'));
  } catch (error) {
    throw new CliUsageError(
      `--maintenance ${fileName}: ${error instanceof SyntaxError ? `not JSON (${error.message})` : 'cannot be read'}; give the output of az aks maintenanceconfiguration list`,
      { cause: error },
    );
  }
  const items = Array.isArray(parsed)
    ? parsed
    : typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as { value?: unknown }).value)
      ? (parsed as { value: unknown[] }).value
      : [parsed];
  return items.map((item, index) => {
    const result = parseMaintenanceConfiguration(item);
    if (result.ok) return result.configuration;
    const where = items.length > 1 ? ` configuration ${index + 1}` : '';
    throw new CliUsageError(
      `--maintenance ${fileName}${where}: ${result.problems.map((problem) => `${problem.field}${problem.value !== undefined ? ` ${problem.value}` : ''} ${problem.message}`).join('; ')}`,
    );
  });
}

export function policyFromOption(text: string | undefined): MaintenancePolicy {
  const parsed = parseMaintenancePolicy(text ?? '');
  if (!parsed.ok) throw new CliUsageError(`--maintenance-policy ${parsed.message}`);
  return parsed.policy;
}

/** What the schedule does to a cluster with these configurations over the four weeks from `from`. */
export function outlookFor(
  schedule: Schedule,
  configurations: readonly MaintenanceConfiguration[],
  policy: MaintenancePolicy,
  from: number,
): MaintenanceOutlook {
  return maintenanceOutlook({
    targetName: 'the target',
    scheduleName: schedule.name ?? 'given',
    kind: 'cluster',
    schedule,
    overrides: [],
    policy,
    windows: maintenanceWindowsBetween(configurations, from - DAY_MS, from + 29 * DAY_MS),
    now: from,
    observed: undefined,
    stoppedSince: undefined,
    kubernetesVersion: undefined,
    supportedMinors: undefined,
    allowAksManagedScaleSet: false,
    thresholds: DEFAULT_MAINTENANCE_THRESHOLDS,
  });
}
