import functions, { type InvocationContext, type Timer } from '@azure/functions';
import { getServices } from '../shared/compositionRoot.js';
import type { FunctionDefinition } from '../shared/FunctionDefinition.js';
import { contextLogLine, withInvocationLog } from '../shared/invocationLog.js';

/** The default of OFFHOURS_TICK in shared/config.ts (a test keeps them equal). */
const DEFAULT_TICK = '0 */5 * * * *';

/**
 * The timer's schedule, read when the function registers. The host has no default for a
 * `%OFFHOURS_TICK%` placeholder (the timer would be in error without the setting), so the worker
 * passes the setting's value, or the documented default every 5 minutes.
 */
export function reconcileSchedule(environment: Readonly<Record<string, string | undefined>>): string {
  return environment['OFFHOURS_TICK']?.trim() || DEFAULT_TICK;
}

/** Every few minutes (OFFHOURS_TICK, UTC): observe, decide, enqueue changes, write state. */
export async function reconcile(timer: Timer, context: InvocationContext): Promise<void> {
  const services = await getServices();
  const report = await withInvocationLog(contextLogLine(context), () =>
    services.reconciler.tick({ isPastDue: timer.isPastDue }),
  );
  context.log(
    `reconciled ${report.targets} targets: ${report.enqueued.length} change(s) enqueued, ${report.problems.length} problem(s), ${report.statesWritten} state row(s) written`,
  );
}

export const definition = {
  name: 'reconcile',
  trigger: 'timer' as const,
  options: {
    schedule: reconcileSchedule(process.env),
    runOnStartup: false,
    useMonitor: true,
    handler: reconcile,
  },
} satisfies FunctionDefinition;

functions.app.timer(definition.name, definition.options);
