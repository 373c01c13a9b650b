import functions from '@azure/functions';
import { getServices } from '../shared/compositionRoot.js';
import type { FunctionDefinition } from '../shared/FunctionDefinition.js';
import { targetRowReport } from '../shared/app/api/targetRowReport.js';
import { handleHttp, json } from '../shared/http/handleHttp.js';

/**
 * GET /api/targets: every registered target with its state, override and problems, and every
 * Targets row that cannot be used (`unusableRows`) or has a warning (`rowWarnings`).
 */
export const targetsList = handleHttp(async () => {
  const services = await getServices();
  const [targets, rows] = await Promise.all([services.targets.list(), targetRowReport(services.storage)]);
  return json(200, { targets, ...rows });
});

export const definition = {
  name: 'targetsList',
  trigger: 'http' as const,
  options: { methods: ['GET'], authLevel: 'function', route: 'targets', handler: targetsList },
} satisfies FunctionDefinition;

functions.app.http(definition.name, definition.options);
