import functions from '@azure/functions';
import { getServices } from '../shared/compositionRoot.js';
import type { FunctionDefinition } from '../shared/FunctionDefinition.js';
import { CallerRejectedError } from '../shared/http/CallerRejectedError.js';
import { callerOf, FUNCTION_KEY_CALLER } from '../shared/http/callerOf.js';
import { decodeClientPrincipal } from '../shared/http/decodeClientPrincipal.js';
import { handleHttp, json } from '../shared/http/handleHttp.js';
import type { Caller } from '../shared/contract/Caller.js';

/**
 * GET /api/me: who the app takes the caller for and whether they may change things, by the same
 * rule the changing routes apply (callerOf): the status page hides its buttons when `canChange` is false.
 */
export const whoAmI = handleHttp(async (request) => {
  const services = await getServices();
  const { config } = services;
  const encoded = config.appServiceAuthEnabled ? request.headers.get('x-ms-client-principal') : null;
  const principal = encoded ? decodeClientPrincipal(encoded) : undefined;
  let canChange = true;
  let why: string | undefined;
  try {
    callerOf(request, config);
  } catch (error) {
    if (!(error instanceof CallerRejectedError)) throw error;
    canChange = false;
    why = error.message;
  }
  return json(200, {
    signedIn: principal !== undefined,
    name: principal?.name ?? FUNCTION_KEY_CALLER,
    roles: principal?.roles ?? [],
    appServiceAuthentication: config.appServiceAuthEnabled,
    canChange,
    ...(why ? { whyNot: why } : {}),
  } satisfies Caller);
});

export const definition = {
  name: 'whoAmI',
  trigger: 'http' as const,
  options: { methods: ['GET'], authLevel: 'function', route: 'me', handler: whoAmI },
} satisfies FunctionDefinition;

functions.app.http(definition.name, definition.options);
