import functions from '@azure/functions';
import { getServices } from '../shared/compositionRoot.js';
import type { FunctionDefinition } from '../shared/FunctionDefinition.js';
import { handleHttp, json } from '../shared/http/handleHttp.js';
import { routeParameter } from '../shared/http/routeParameter.js';
import type { ActionPreview } from '../shared/contract/ActionPreview.js';

/**
 * GET /api/targets/{name}/preview?action=…&until=…&duration=…: what the action would do, without
 * doing it, worked out as doing it works it out (docs/decisions.md, One source for an action's effect).
 */
export const targetPreview = handleHttp(async (request) => {
  const services = await getServices();
  const optional = (name: string) => request.query.get(name) ?? undefined;
  const until = optional('until');
  const duration = optional('duration');
  const preview = await services.targets.preview(routeParameter(request, 'name'), {
    action: request.query.get('action'),
    ...(until !== undefined ? { until } : {}),
    ...(duration !== undefined ? { duration } : {}),
  });
  return json(200, preview satisfies ActionPreview);
});

export const definition = {
  name: 'targetPreview',
  trigger: 'http' as const,
  options: {
    methods: ['GET'],
    authLevel: 'function',
    route: 'targets/{name}/preview',
    handler: targetPreview,
  },
} satisfies FunctionDefinition;

functions.app.http(definition.name, definition.options);
