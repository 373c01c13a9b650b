import functions from '@azure/functions';
import { getServices } from '../shared/compositionRoot.js';
import type { FunctionDefinition } from '../shared/FunctionDefinition.js';
import { handleHttp, json } from '../shared/http/handleHttp.js';

/** GET /api/targets: every registered target with its state, override and problems. */
export const targetsList = handleHttp(async () => {
  const services = await getServices();
  return json(200, { targets: await services.targets.list() });
});

export const definition = {
  name: 'targetsList',
  trigger: 'http' as const,
  options: { methods: ['GET'], authLevel: 'function', route: 'targets', handler: targetsList },
} satisfies FunctionDefinition;

functions.app.http(definition.name, definition.options);
