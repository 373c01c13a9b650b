import functions from '@azure/functions';
import { getServices } from '../shared/compositionRoot.js';
import type { FunctionDefinition } from '../shared/FunctionDefinition.js';
import { handleHttp, json } from '../shared/http/handleHttp.js';
import type { ScheduleList } from '../shared/contract/Schedule.js';

/** GET /api/schedules: every schedule, with its ETag and problems. */
export const schedulesList = handleHttp(async () => {
  const services = await getServices();
  return json(200, { schedules: await services.schedules.list() } satisfies ScheduleList);
});

export const definition = {
  name: 'schedulesList',
  trigger: 'http' as const,
  options: { methods: ['GET'], authLevel: 'function', route: 'schedules', handler: schedulesList },
} satisfies FunctionDefinition;

functions.app.http(definition.name, definition.options);
