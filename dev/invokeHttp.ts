import functions, { type HttpResponseInit } from '@azure/functions';
import type { FunctionDefinition } from '../shared/FunctionDefinition.js';
import { problem } from '../shared/http/problemResponse.js';

const { HttpRequest, InvocationContext } = functions;

type HttpDefinition = Extract<FunctionDefinition, { trigger: 'http' }>;

/** A Functions route template (`targets/{name}/{action:regex(^(start|stop)$)}`) as a matcher. */
export function routeMatcher(template: string): (path: string) => Record<string, string> | undefined {
  const names: string[] = [];
  const pattern = template
    .split('/')
    .map((segment) => {
      const parameter = /^\{(\*?)(\w+)(?::regex\((.+)\))?\}$/.exec(segment);
      if (!parameter) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(parameter[2] ?? '');
      const constraint = parameter[3]?.replace(/^\^/, '').replace(/\$$/, '');
      return parameter[1] ? '(.+)' : `(${constraint ?? '[^/]+'})`;
    })
    .join('/');
  const regex = new RegExp(`^${pattern}$`, 'i');
  return (path) => {
    const match = regex.exec(path);
    if (!match) return undefined;
    return Object.fromEntries(names.map((name, index) => [name, match[index + 1] ?? '']));
  };
}

export interface LocalHttpRequest {
  method: string;
  /** Full URL, e.g. http://localhost:7071/api/targets. */
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * Calls the HTTP function whose route and method match, as the Functions host would: a real
 * `HttpRequest` with route parameters and a new `InvocationContext`. 404 when no route matches.
 */
export async function invokeHttp(
  definitions: readonly FunctionDefinition[],
  request: LocalHttpRequest,
): Promise<HttpResponseInit & { functionName?: string }> {
  const url = new URL(request.url);
  const path = url.pathname.replace(/^\/api\//, '');
  if (path === url.pathname) return notFound(url.pathname);
  for (const definition of definitions.filter(
    (candidate): candidate is HttpDefinition => candidate.trigger === 'http',
  )) {
    const params = routeMatcher(definition.options.route ?? definition.name)(path);
    if (!params) continue;
    if (!(definition.options.methods ?? []).includes(request.method as never))
      return methodNotAllowed(request.method, `/api/${path}`, definition.options.methods ?? []);
    const httpRequest = new HttpRequest({
      method: request.method,
      url: request.url,
      headers: request.headers ?? {},
      params,
      ...(request.body !== undefined && request.method !== 'GET' ? { body: { string: request.body } } : {}),
    });
    const context = new InvocationContext({
      functionName: definition.name,
      invocationId: crypto.randomUUID(),
      logHandler: () => undefined,
    });
    const response = await definition.options.handler(httpRequest, context);
    return { ...(response as HttpResponseInit), functionName: definition.name };
  }
  return notFound(url.pathname);
}

/** As every other error of the API: problem details (RFC 9457). */
export function notFound(path: string): HttpResponseInit {
  return problem('not-found', `no function serves ${path}; GET /api/openapi.json lists the routes`);
}

/** 405 with the `Allow` header RFC 9110 asks for. */
export function methodNotAllowed(method: string, path: string, allowed: readonly string[]): HttpResponseInit {
  const answer = problem(
    'method-not-allowed',
    `${method} is not allowed on ${path}; use ${allowed.join(' or ')}`,
  );
  return { ...answer, headers: { ...(answer.headers as Record<string, string>), Allow: allowed.join(', ') } };
}
