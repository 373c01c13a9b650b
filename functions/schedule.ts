import functions from '@azure/functions';
import { getServices } from '../shared/compositionRoot.js';
import type { FunctionDefinition } from '../shared/FunctionDefinition.js';
import { callerOf } from '../shared/http/callerOf.js';
import { handleHttp, json } from '../shared/http/handleHttp.js';
import { readJsonBody } from '../shared/http/readJsonBody.js';
import { routeParameter } from '../shared/http/routeParameter.js';
import type { Schedule } from '../shared/contract/Schedule.js';

/**
 * GET /api/schedules/{name} (with ETag); PUT creates it, or replaces it with If-Match; DELETE with
 * If-Match removes it when no target uses it.
 */
export const schedule = handleHttp(async (request) => {
  const services = await getServices();
  const name = routeParameter(request, 'name');
  if (request.method === 'GET') {
    const view = await services.schedules.get(name);
    return json(200, view satisfies Schedule, view.etag ? { ETag: view.etag } : {});
  }
  const actor = callerOf(request, services.config);
  const ifMatch = request.headers.get('if-match') ?? undefined;
  if (request.method === 'DELETE') {
    await services.schedules.delete(name, ifMatch, actor);
    return { status: 204 };
  }
  const { created, view } = await services.schedules.put(
    name,
    await readJsonBody(request),
    { ifMatch, ifNoneMatch: request.headers.get('if-none-match') ?? undefined },
    actor,
  );
  return json(created ? 201 : 200, view satisfies Schedule, view.etag ? { ETag: view.etag } : {});
});

export const definition = {
  name: 'schedule',
  trigger: 'http' as const,
  options: {
    methods: ['GET', 'PUT', 'DELETE'],
    authLevel: 'function',
    route: 'schedules/{name}',
    handler: schedule,
  },
} satisfies FunctionDefinition;

functions.app.http(definition.name, definition.options);
