import type {
  MaintenanceConfiguration as SdkMaintenanceConfiguration,
  MaintenanceWindow as SdkMaintenanceWindow,
} from '@azure/arm-containerservice';
import type { MaintenanceSource } from '../app/maintenance/MaintenanceSource.js';
import type {
  MaintenanceConfiguration,
  MaintenanceWindowSpec,
} from '../domain/maintenance/MaintenanceConfiguration.js';
import type { ResourceId } from '../domain/ResourceId.js';
import type { ArmClients } from './ArmClients.js';
import { armErrorOf } from './armErrorOf.js';

const NOT_FOUND = 404;

/**
 * Maintenance configurations and the region's Kubernetes versions through the AKS SDK
 * (docs/maintenance.md, What the app reads). The SDK turns dates into `Date`s; they are written back
 * as Azure writes them (`YYYY-MM-DD`, ISO date-times), so a cached copy reads as the REST answer.
 */
export class AzureMaintenanceSource implements MaintenanceSource {
  constructor(private readonly clients: ArmClients) {}

  async configurations(cluster: ResourceId): Promise<MaintenanceConfiguration[] | undefined> {
    const client = this.clients.containerServiceFor(cluster.subscriptionId);
    const configurations: MaintenanceConfiguration[] = [];
    try {
      for await (const configuration of client.maintenanceConfigurations.listByManagedCluster(
        cluster.resourceGroup,
        cluster.clusterName ?? '',
      ))
        configurations.push(configurationOf(configuration));
    } catch (error) {
      if (armErrorOf(error).status === NOT_FOUND) return undefined;
      throw error;
    }
    return configurations;
  }

  async supportedMinors(subscriptionId: string, location: string): Promise<string[]> {
    const client = this.clients.containerServiceFor(subscriptionId);
    const result = await client.managedClusters.listKubernetesVersions(location);
    return (result.values ?? [])
      .filter((version) => !version.isPreview && typeof version.version === 'string')
      .map((version) => version.version as string);
  }
}

function configurationOf(configuration: SdkMaintenanceConfiguration): MaintenanceConfiguration {
  const result: MaintenanceConfiguration = { name: configuration.name ?? '' };
  if (configuration.maintenanceWindow) result.maintenanceWindow = windowOf(configuration.maintenanceWindow);
  if (configuration.timeInWeek)
    result.timeInWeek = configuration.timeInWeek.map((slot) => ({
      ...(slot.day ? { day: slot.day } : {}),
      ...(slot.hourSlots ? { hourSlots: [...slot.hourSlots] } : {}),
    }));
  if (configuration.notAllowedTime)
    result.notAllowedTime = configuration.notAllowedTime.map((span) => ({
      ...(span.start ? { start: dateTimeText(span.start) } : {}),
      ...(span.end ? { end: dateTimeText(span.end) } : {}),
    }));
  return result;
}

function windowOf(window: SdkMaintenanceWindow): MaintenanceWindowSpec {
  const { schedule } = window;
  const spec: MaintenanceWindowSpec = {
    schedule: {
      ...(schedule.daily ? { daily: { intervalDays: schedule.daily.intervalDays } } : {}),
      ...(schedule.weekly
        ? {
            weekly: {
              intervalWeeks: schedule.weekly.intervalWeeks,
              dayOfWeek: String(schedule.weekly.dayOfWeek),
            },
          }
        : {}),
      ...(schedule.absoluteMonthly
        ? {
            absoluteMonthly: {
              intervalMonths: schedule.absoluteMonthly.intervalMonths,
              dayOfMonth: schedule.absoluteMonthly.dayOfMonth,
            },
          }
        : {}),
      ...(schedule.relativeMonthly
        ? {
            relativeMonthly: {
              intervalMonths: schedule.relativeMonthly.intervalMonths,
              weekIndex: String(schedule.relativeMonthly.weekIndex),
              dayOfWeek: String(schedule.relativeMonthly.dayOfWeek),
            },
          }
        : {}),
    },
    durationHours: window.durationHours,
    startTime: window.startTime,
  };
  if (window.utcOffset) spec.utcOffset = window.utcOffset;
  if (window.startDate) spec.startDate = dateText(window.startDate);
  if (window.notAllowedDates)
    spec.notAllowedDates = window.notAllowedDates.map((span) => ({
      start: dateText(span.start),
      end: dateText(span.end),
    }));
  return spec;
}

/** A date as Azure writes it (`2026-12-24`), whether the SDK gave a `Date` or the text. */
function dateText(value: Date | string): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
}

function dateTimeText(value: Date | string): string {
  return value instanceof Date ? value.toISOString() : String(value);
}
