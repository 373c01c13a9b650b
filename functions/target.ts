import functions from '@azure/functions';
import { getServices } from '../shared/compositionRoot.js';
import type { FunctionDefinition } from '../shared/FunctionDefinition.js';
import { callerOf } from '../shared/http/callerOf.js';
import { jsonOrNotModified } from '../shared/http/conditionalGet.js';
import { handleHttp, json } from '../shared/http/handleHttp.js';
import { readJsonBody } from '../shared/http/readJsonBody.js';
import { routeParameter } from '../shared/http/routeParameter.js';
import type { Target } from '../shared/contract/Target.js';

/**
 * GET /api/targets/{name}: state, desired and observed, next transition, override, problems and
 * its timeline (what will really happen over 7 days); its ETag header is over this answer, 304 to a
 * matching If-None-Match (the page's polling), while the body's `etag` is its Targets row's, for
 * If-Match. PUT registers it (or replaces it with If-Match); DELETE with If-Match unregisters it.
 */
export const target = handleHttp(async (request) => {
  const services = await getServices();
  const name = routeParameter(request, 'name');
  if (request.method === 'GET') {
    const [view, timeline] = await Promise.all([services.targets.get(name), services.timelines.of(name)]);
    return jsonOrNotModified(request, (timeline ? { ...view, timeline } : view) satisfies Target);
  }
  const actor = callerOf(request, services.config);
  const ifMatch = request.headers.get('if-match') ?? undefined;
  if (request.method === 'DELETE') {
    await services.registrations.delete(name, ifMatch, actor);
    return { status: 204 };
  }
  const { created } = await services.registrations.put(
    name,
    await readJsonBody(request),
    { ifMatch, ifNoneMatch: request.headers.get('if-none-match') ?? undefined },
    actor,
  );
  const view = await services.targets.get(name);
  return json(created ? 201 : 200, view satisfies Target, view.etag ? { ETag: view.etag } : {});
});

export const definition = {
  name: 'target',
  trigger: 'http' as const,
  options: {
    methods: ['GET', 'PUT', 'DELETE'],
    authLevel: 'function',
    route: 'targets/{name}',
    handler: target,
  },
} satisfies FunctionDefinition;

functions.app.http(definition.name, definition.options);
