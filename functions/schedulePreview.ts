import functions from '@azure/functions';
import { getServices } from '../shared/compositionRoot.js';
import type { FunctionDefinition } from '../shared/FunctionDefinition.js';
import { handleHttp, json } from '../shared/http/handleHttp.js';
import { routeParameter } from '../shared/http/routeParameter.js';
import type { SchedulePreview } from '../shared/contract/Schedule.js';

const iso = (instant: number) => new Date(instant).toISOString();

/** GET /api/schedules/{name}/preview?from&to: up and down windows and the hours saved (default: the next 7 days). */
export const schedulePreview = handleHttp(async (request) => {
  const services = await getServices();
  const preview = await services.schedules.preview(
    routeParameter(request, 'name'),
    request.query.get('from'),
    request.query.get('to'),
  );
  return json(200, {
    zone: preview.zone,
    from: iso(preview.from),
    to: iso(preview.to),
    windows: preview.windows.map((window) => ({
      state: window.up ? 'up' : 'down',
      from: iso(window.from),
      to: iso(window.to),
    })),
    holidays: preview.holidays,
    hoursTotal: preview.hoursTotal,
    hoursUp: preview.hoursUp,
    hoursSaved: preview.hoursSaved,
    plannedStarts: preview.plannedStarts.map((planned) => ({
      readyBy: iso(planned.readyBy),
      startAt: iso(planned.startAt),
      leadMinutes: planned.lead.ms / 60_000,
      keptUp: planned.keptUp,
      reason: planned.reason,
    })),
    maintenance: preview.maintenance,
  } satisfies SchedulePreview);
});

export const definition = {
  name: 'schedulePreview',
  trigger: 'http' as const,
  options: {
    methods: ['GET'],
    authLevel: 'function',
    route: 'schedules/{name}/preview',
    handler: schedulePreview,
  },
} satisfies FunctionDefinition;

functions.app.http(definition.name, definition.options);
