import functions, { type InvocationContext, type Timer } from '@azure/functions';
import { getServices } from '../shared/compositionRoot.js';
import type { FunctionDefinition } from '../shared/FunctionDefinition.js';
import { contextLogLine, withInvocationLog } from '../shared/invocationLog.js';
import { tickSchedule } from '../shared/tickSchedule.js';

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
    schedule: tickSchedule(process.env['OFFHOURS_TICK']),
    runOnStartup: false,
    useMonitor: true,
    handler: reconcile,
  },
} satisfies FunctionDefinition;

functions.app.timer(definition.name, definition.options);
