import functions, { type HttpResponseInit } from '@azure/functions';
import type { FunctionDefinition } from '../shared/FunctionDefinition.js';

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
  for (const definition of definitions.filter(
    (candidate): candidate is HttpDefinition => candidate.trigger === 'http',
  )) {
    const params = routeMatcher(definition.options.route ?? definition.name)(path);
    if (!params) continue;
    if (!(definition.options.methods ?? []).includes(request.method as never))
      return {
        status: 405,
        jsonBody: {
          type: 'about:blank',
          title: 'Method Not Allowed',
          status: 405,
          detail: `${request.method} is not allowed on /api/${path}`,
        },
      };
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
  return {
    status: 404,
    jsonBody: {
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: `no function serves /api/${path}`,
    },
  };
}
