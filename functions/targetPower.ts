import functions from '@azure/functions';
import { ValidationError } from '../shared/app/problems/RequestErrors.js';
import { getServices } from '../shared/compositionRoot.js';
import type { FunctionDefinition } from '../shared/FunctionDefinition.js';
import { callerOf } from '../shared/http/callerOf.js';
import { handleHttp, json } from '../shared/http/handleHttp.js';
import { readJsonBody } from '../shared/http/readJsonBody.js';
import { routeParameter } from '../shared/http/routeParameter.js';
import type { OverrideResult } from '../shared/contract/OverrideResult.js';

/**
 * POST /api/targets/{name}/start and /stop: start or stop now, held for `duration` (or `until`), by
 * default until the schedule's own next change. A keep-running or keep-stopped override, acted on at once.
 */
export const targetPower = handleHttp(async (request) => {
  const services = await getServices();
  const actor = callerOf(request, services.config);
  const kind = overrideKindOf(routeParameter(request, 'action'));
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
  return json(result.outcome.enqueued ? 202 : 200, result satisfies OverrideResult);
});

/**
 * The host's regex route constraint ignores case, so `Start` and `STOP` arrive here as written: each
 * means itself (ASCII letters only, as Azure folds case); anything else is refused, never taken as a stop.
 */
function overrideKindOf(action: string): 'keep-running' | 'keep-stopped' {
  const folded = action.replace(/[A-Z]/g, (letter) => String.fromCharCode(letter.charCodeAt(0) + 32));
  if (folded === 'start') return 'keep-running';
  if (folded === 'stop') return 'keep-stopped';
  throw new ValidationError([{ field: 'action', value: action, message: 'must be start or stop' }]);
}

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
