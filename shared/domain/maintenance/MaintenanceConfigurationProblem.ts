/** One thing wrong with a maintenance configuration, phrased so a person can fix it without reading code. */
export interface MaintenanceConfigurationProblem {
  /** Where, as a path in Azure's JSON: `maintenanceWindow.schedule.weekly.dayOfWeek`. */
  field: string;
  /** The value found, as JSON (`undefined` when the field is missing). */
  value?: string;
  /** What is wrong and what would be valid, e.g. `is "Sundy"; use one of Sunday, Monday, …`. */
  message: string;
}
