import { z } from 'zod';
import { ROUTES, type Route } from '../../shared/contract/ROUTES.js';

/** Each route's path as a matcher, cases folded as the Functions host folds route literals. */
const MATCHERS = ROUTES.map((route) => ({
  route,
  pattern: new RegExp(
    `^/api${route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}$`,
    'i',
  ),
}));

/** The contract's route for a method and a URL (`/api/...`, or relative to /api), if there is one. */
export function routeOf(method: string, url: string): Route | undefined {
  const path = new URL(url, 'http://localhost/api/').pathname;
  return MATCHERS.find(({ route, pattern }) => route.method === method.toLowerCase() && pattern.test(path))
    ?.route;
}

/**
 * Checks an answer against the HTTP contract (shared/contract): a 2xx must be one its route
 * documents, and its JSON body must parse by the route's schema for that status. Every test that
 * calls the API goes through here (test/helpers/appHarness.ts, statusPageServer.ts), so no answer
 * can leave the contract unnoticed. Returns what is wrong, or undefined.
 */
export function contractBreachOf(
  method: string,
  url: string,
  status: number,
  jsonBody: unknown,
): string | undefined {
  if (status < 200 || status >= 300) return undefined;
  const route = routeOf(method, url);
  const answered = `${method} ${url} answered ${status}`;
  if (!route)
    return `${answered}, but no route of the contract (shared/contract/ROUTES.ts) is ${method} there`;
  const answer = route.answers[status];
  if (!answer) return `${answered}, which ${route.operationId} does not document`;
  if (!('json' in answer)) return undefined;
  const parsed = answer.json.safeParse(jsonBody);
  if (parsed.success) return undefined;
  return `${answered}, not as ${route.operationId} documents it:\n${z.prettifyError(parsed.error)}`;
}

/** As contractBreachOf, throwing: a test fails at the answer that breaks the contract. */
export function expectInContract(method: string, url: string, status: number, jsonBody: unknown): void {
  const breach = contractBreachOf(method, url, status, jsonBody);
  if (breach) throw new ContractBreachError(breach);
}

export class ContractBreachError extends Error {
  override name = 'ContractBreachError';
}
