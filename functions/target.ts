import functions from '@azure/functions';
import { getServices } from '../shared/compositionRoot.js';
import type { FunctionDefinition } from '../shared/FunctionDefinition.js';
import { handleHttp, json } from '../shared/http/handleHttp.js';
import { routeParameter } from '../shared/http/routeParameter.js';

/** GET /api/targets/{name}: one target's state, desired and observed, next transition, override, problems. */
export const target = handleHttp(async (request) => {
  const services = await getServices();
  const view = await services.targets.get(routeParameter(request, 'name'));
  return json(200, view, view.override?.etag ? { ETag: view.override.etag } : {});
});

export const definition = {
  name: 'target',
  trigger: 'http' as const,
  options: { methods: ['GET'], authLevel: 'function', route: 'targets/{name}', handler: target },
} satisfies FunctionDefinition;

functions.app.http(definition.name, definition.options);
