import functions from '@azure/functions';
import { ValidationError } from '../shared/app/problems/RequestErrors.js';
import { getServices } from '../shared/compositionRoot.js';
import type { FunctionDefinition } from '../shared/FunctionDefinition.js';
import { handleHttp, json } from '../shared/http/handleHttp.js';
import { DEFAULT_PAGE, MAX_PAGE, TargetListQuery } from '../shared/contract/ROUTES.js';
import type { TargetList } from '../shared/contract/Target.js';

/**
 * GET /api/targets: every registered target with its state, override and problems, and every
 * Targets row that cannot be used (`unusableRows`) or has a warning (`rowWarnings`), read whole.
 * With `limit`, one page in key order read by key range, and a `continuationToken` for the next; the
 * fleet's figures and the row report (with the first page) from the last tick's summary
 * (docs/architecture.md, The fleet a page at a time).
 */
export const targetsList = handleHttp(async (request) => {
  const services = await getServices();
  const limitText = request.query.get('limit');
  const continuationToken = request.query.get('continuationToken') ?? undefined;
  if (limitText === null && continuationToken === undefined)
    return json(200, (await services.targets.listWithRowReport()) satisfies TargetList);
  const limit = limitText === null ? DEFAULT_PAGE : /^\d+$/.test(limitText) ? Number(limitText) : NaN;
  // The bounds are the contract's (shared/contract/ROUTES.ts), as the document states them.
  if (!TargetListQuery.shape.limit.safeParse(limit).success)
    throw new ValidationError([
      { field: 'limit', value: limitText, message: `must be a whole number from 1 to ${MAX_PAGE}` },
    ]);
  // The Targets rows' report comes with the first page.
  const page = await services.targets.listPage(limit, continuationToken, {
    withRowReport: continuationToken === undefined,
  });
  return json(200, page satisfies TargetList);
});

export const definition = {
  name: 'targetsList',
  trigger: 'http' as const,
  options: { methods: ['GET'], authLevel: 'function', route: 'targets', handler: targetsList },
} satisfies FunctionDefinition;

functions.app.http(definition.name, definition.options);
