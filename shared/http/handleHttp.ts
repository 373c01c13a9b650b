import type { HttpHandler, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { contextLogLine, withInvocationLog } from '../invocationLog.js';
import { problem, problemFor } from './problemResponse.js';
import { rateLimitedResponse } from './rateLimitedResponse.js';

/**
 * Wraps an HTTP handler: changes are rate-limited; known errors become problem details (4xx); anything
 * else is logged and answered with a 500 that gives away nothing. `anonymous` for a route with
 * `authLevel: anonymous`, whose callers a function key does not name (rateKeyOf).
 */
export function handleHttp(
  handler: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>,
  options: { anonymous?: boolean } = {},
): HttpHandler {
  return async (request, context) => {
    try {
      const limited = await rateLimitedResponse(request, options.anonymous ?? false);
      if (limited) return limited;
      // Lines the services log while answering (a decision taken at once) go to this invocation.
      return await withInvocationLog(contextLogLine(context), () => handler(request, context));
    } catch (error) {
      const answer = problemFor(error);
      if (answer) return answer;
      context.error(
        JSON.stringify({
          event: 'http-error',
          url: request.url,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        }),
      );
      return problem(
        'internal-error',
        `the request failed unexpectedly; invocation ${context.invocationId} has the details in the logs`,
      );
    }
  };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponseInit {
  return { status, jsonBody: body, headers };
}
