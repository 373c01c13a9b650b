import functions from '@azure/functions';
import { getServices } from '../shared/compositionRoot.js';
import type { FunctionDefinition } from '../shared/FunctionDefinition.js';
import { handleHttp, json } from '../shared/http/handleHttp.js';
import type { SavingsReport } from '../shared/contract/SavingsReport.js';

/**
 * GET /api/savings?from&to: hours and money saved per target, schedule and subscription, what keeps
 * billing while stopped, and a forecast for the rest of the month (docs/savings.md). Default: this
 * month (UTC) to date; `target` narrows it to one target.
 */
export const savings = handleHttp(async (request) => {
  const services = await getServices();
  const range = services.savings.rangeOf(
    request.query.get('from') ?? undefined,
    request.query.get('to') ?? undefined,
  );
  return json(
    200,
    (await services.savings.report(range, request.query.get('target') ?? undefined)) satisfies SavingsReport,
  );
});

export const definition = {
  name: 'savings',
  trigger: 'http' as const,
  options: { methods: ['GET'], authLevel: 'function', route: 'savings', handler: savings },
} satisfies FunctionDefinition;

functions.app.http(definition.name, definition.options);
