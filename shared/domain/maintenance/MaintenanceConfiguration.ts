/**
 * The fields of an AKS MaintenanceConfiguration (`Microsoft.ContainerService/managedClusters/
 * maintenanceConfigurations`) that the app uses, named as Azure's REST API names them. Field notes
 * quote the API's own descriptions; docs/maintenance.md has the sources.
 */
export interface MaintenanceWindowSpec {
  /** Exactly one kind is set ("One and only one of the schedule types should be specified"). */
  schedule: {
    /** Every `intervalDays` days (1–7). */
    daily?: { intervalDays: number };
    /** Every `intervalWeeks` weeks (1–4) on `dayOfWeek` (`Sunday` … `Saturday`). */
    weekly?: { intervalWeeks: number; dayOfWeek: string };
    /** Every `intervalMonths` months (1–6) on day `dayOfMonth` (1–31). */
    absoluteMonthly?: { intervalMonths: number; dayOfMonth: number };
    /** Every `intervalMonths` months (1–6) on the `weekIndex` (`First` … `Fourth`, `Last`) `dayOfWeek`. */
    relativeMonthly?: { intervalMonths: number; weekIndex: string; dayOfWeek: string };
  };
  /** "Length of maintenance window range from 4 to 24 hours." */
  durationHours: number;
  /**
   * A fixed offset, `+05:30` or `-07:00`, never a zone with DST; "If not specified, the default is '+00:00'."
   */
  utcOffset?: string;
  /** `YYYY-MM-DD`: "The date the maintenance window activates"; intervals count from it. */
  startDate?: string;
  /** `HH:mm` in `utcOffset`: "'02:00' with 'utcOffset: +02:00' means UTC time '00:00'." */
  startTime: string;
  /** Dates in `utcOffset`, both ends included, on which "maintenance will be blocked". */
  notAllowedDates?: { start: string; end: string }[];
}

export interface MaintenanceConfiguration {
  /**
   * `default`, `aksManagedAutoUpgradeSchedule` or `aksManagedNodeOSUpgradeSchedule`, as Azure
   * spells it; compared case-insensitively (ASCII only), as ARM compares names.
   */
  name: string;
  maintenanceWindow?: MaintenanceWindowSpec;
  /**
   * The legacy (deprecated) form of `default`: one-hour UTC slots per weekday; unused when
   * `maintenanceWindow` is set.
   */
  timeInWeek?: { day?: string; hourSlots?: number[] }[];
  /** ISO date-times between which no maintenance may run ("Time slots on which upgrade is not allowed"). */
  notAllowedTime?: { start?: string; end?: string }[];
}

/** Weekday names as Azure spells them, in the order of `Date#getUTCDay` (Sunday first). */
export const AZURE_WEEKDAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

/** The `weekIndex` values of a relativeMonthly schedule. */
export const AZURE_WEEK_INDEXES = ['First', 'Second', 'Third', 'Fourth', 'Last'] as const;

/** The three configuration names AKS knows, as Azure spells them. */
export const MAINTENANCE_CONFIGURATION_NAMES = [
  'default',
  'aksManagedAutoUpgradeSchedule',
  'aksManagedNodeOSUpgradeSchedule',
] as const;
