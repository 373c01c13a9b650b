import functions, { type InvocationContext, type Timer } from '@azure/functions';
import { getServices } from '../shared/compositionRoot.js';
import type { FunctionDefinition } from '../shared/FunctionDefinition.js';
import { contextLogLine, withInvocationLog } from '../shared/invocationLog.js';
import { tickSchedule } from '../shared/tickSchedule.js';

/**
 * Stop notices (docs/notifications.md), on the tick's schedule but in a function of their own, so a
 * slow or failing webhook never delays the reconcile tick. Without channels it reads nothing.
 */
export async function notify(_timer: Timer, context: InvocationContext): Promise<void> {
  const services = await getServices();
  if (!services.notices.enabled) return;
  const report = await withInvocationLog(contextLogLine(context), () => services.notices.sendDue());
  if (report.planned > 0)
    context.log(
      `notices: ${report.sent} sent, ${report.failed} failed, ${report.skipped} already sent or being sent`,
    );
}

export const definition = {
  name: 'notify',
  trigger: 'timer' as const,
  options: {
    schedule: tickSchedule(process.env['OFFHOURS_TICK']),
    runOnStartup: false,
    useMonitor: true,
    handler: notify,
  },
} satisfies FunctionDefinition;

functions.app.timer(definition.name, definition.options);
