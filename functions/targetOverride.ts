import functions from '@azure/functions';
import { getServices } from '../shared/compositionRoot.js';
import type { FunctionDefinition } from '../shared/FunctionDefinition.js';
import { callerOf } from '../shared/http/callerOf.js';
import { handleHttp, json } from '../shared/http/handleHttp.js';
import { readJsonBody } from '../shared/http/readJsonBody.js';
import { routeParameter } from '../shared/http/routeParameter.js';
import type { OverrideResult } from '../shared/contract/OverrideResult.js';

/**
 * POST /api/targets/{name}/override sets the target's override (keep-running, keep-stopped,
 * skip-next-stop, skip-next-start; `until` or `duration`; `reason`); DELETE removes it. Either is acted
 * on at once.
 */
export const targetOverride = handleHttp(async (request) => {
  const services = await getServices();
  const actor = callerOf(request, services.config);
  const name = routeParameter(request, 'name');
  const ifMatch = request.headers.get('if-match') ?? undefined;
  if (request.method === 'DELETE')
    return json(200, (await services.targets.deleteOverride(name, actor, ifMatch)) satisfies OverrideResult);
  const result = await services.targets.setOverride(name, await readJsonBody(request), actor, {
    ifMatch,
    ifNoneMatch: request.headers.get('if-none-match') ?? undefined,
  });
  return json(
    200,
    result satisfies OverrideResult,
    result.target.override?.etag ? { ETag: result.target.override.etag } : {},
  );
});

export const definition = {
  name: 'targetOverride',
  trigger: 'http' as const,
  options: {
    methods: ['POST', 'DELETE'],
    authLevel: 'function',
    route: 'targets/{name}/override',
    handler: targetOverride,
  },
} satisfies FunctionDefinition;

functions.app.http(definition.name, definition.options);
