/** The default of OFFHOURS_TICK: every 5 minutes (NCRONTAB with seconds, UTC). */
export const DEFAULT_TICK = '0 */5 * * * *';

/**
 * The reconcile and notify timers' schedule from the OFFHOURS_TICK setting, and the value the
 * configuration validates: one rule for both, so a timer never runs on a schedule the configuration
 * refuses. A blank setting (empty or only white space) counts as not set. The timers read it when
 * they register (the host has no default for a `%OFFHOURS_TICK%` placeholder), and no function file
 * imports another's: the worker reports a function with the file that was loading when it registered.
 */
export function tickSchedule(setting: string | undefined): string {
  return setting?.trim() || DEFAULT_TICK;
}
