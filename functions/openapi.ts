import functions from '@azure/functions';
import type { FunctionDefinition } from '../shared/FunctionDefinition.js';
import { handleHttp, json } from '../shared/http/handleHttp.js';
import { OPEN_API_DOCUMENT } from '../shared/http/openApiDocument.js';

/** GET /api/openapi.json: the OpenAPI 3.1 description of every route. */
export const openapi = handleHttp(async () => json(200, OPEN_API_DOCUMENT));

export const definition = {
  name: 'openapi',
  trigger: 'http' as const,
  options: { methods: ['GET'], authLevel: 'function', route: 'openapi.json', handler: openapi },
} satisfies FunctionDefinition;

functions.app.http(definition.name, definition.options);
