import functions from '@azure/functions';
import { getServices } from '../shared/compositionRoot.js';
import type { FunctionDefinition } from '../shared/FunctionDefinition.js';
import { callerOf } from '../shared/http/callerOf.js';
import { handleHttp, json } from '../shared/http/handleHttp.js';
import { readJsonBody } from '../shared/http/readJsonBody.js';
import { routeParameter } from '../shared/http/routeParameter.js';

/**
 * POST /api/targets/{name}/start and /stop: start or stop now, held for `duration` (or `until`), by
 * default until the schedule's own next change. A keep-running or keep-stopped override, acted on at once.
 */
export const targetPower = handleHttp(async (request) => {
  const services = await getServices();
  const actor = callerOf(request, services.config);
  const kind = routeParameter(request, 'action') === 'start' ? 'keep-running' : 'keep-stopped';
  const result = await services.targets.setOverride(
    routeParameter(request, 'name'),
    await readJsonBody(request),
    actor,
    {
      ifMatch: request.headers.get('if-match') ?? undefined,
      ifNoneMatch: request.headers.get('if-none-match') ?? undefined,
    },
    kind,
  );
  // 202 only when a change was enqueued; otherwise `outcome.message` says why nothing will happen.
  return json(result.outcome.enqueued ? 202 : 200, result);
});

export const definition = {
  name: 'targetPower',
  trigger: 'http' as const,
  options: {
    methods: ['POST'],
    authLevel: 'function',
    route: 'targets/{name}/{action:regex(^(start|stop)$)}',
    handler: targetPower,
  },
} satisfies FunctionDefinition;

functions.app.http(definition.name, definition.options);
