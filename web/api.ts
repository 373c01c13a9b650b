import { forPeople } from '../shared/domain/forPeople.js';
import type { Problem } from './apiTypes.js';
import { viewerZone } from './format.js';

/**
 * Calls the API on the page's own origin. In Azure every route needs a function key: the page was
 * opened with `?code=<key>`, and sends the same key with each call (kept for this tab only).
 */
const KEY_STORAGE = 'offhours-function-key';

function functionKey(): string | undefined {
  const fromUrl = new URLSearchParams(location.search).get('code');
  if (fromUrl) sessionStorage.setItem(KEY_STORAGE, fromUrl);
  return fromUrl ?? sessionStorage.getItem(KEY_STORAGE) ?? undefined;
}

/** An answer that was not 2xx, with the problem details (RFC 9457) the API sends. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly problem: Partial<Problem>,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

export interface ApiAnswer<T> {
  body: T;
  etag: string | undefined;
}

/** A GET asked with If-None-Match: the new answer, or `undefined` when it is as before (304). */
export type PolledAnswer<T> = ApiAnswer<T> | undefined;

export async function call<T>(
  method: string,
  path: string,
  options: {
    body?: unknown;
    ifMatch?: string | undefined;
    ifNoneMatch?: string | undefined;
    query?: Record<string, string | undefined>;
  } = {},
): Promise<ApiAnswer<T>> {
  const url = new URL(`/api/${path}`, location.origin);
  for (const [name, value] of Object.entries(options.query ?? {}))
    if (value !== undefined) url.searchParams.set(name, value);
  const headers: Record<string, string> = { accept: 'application/json' };
  const key = functionKey();
  if (key) headers['x-functions-key'] = key;
  if (options.ifMatch) headers['if-match'] = options.ifMatch;
  if (options.ifNoneMatch) headers['if-none-match'] = options.ifNoneMatch;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method,
    headers,
    // Asked with its own If-None-Match, a GET is the page's to answer from what it holds (304).
    ...(method === 'GET' && options.ifNoneMatch ? { cache: 'no-store' as const } : {}),
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  if (response.status === 304) throw new NotModified();
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = { detail: text.slice(0, 200) };
  }
  if (!response.ok) throw new ApiError(response.status, (body ?? {}) as Partial<Problem>);
  return { body: body as T, etag: response.headers.get('etag') ?? undefined };
}

/** 304 Not Modified to a GET asked with If-None-Match: what the page holds is still the answer. */
class NotModified extends Error {
  override readonly name = 'NotModified';
}

/**
 * GET `path` again, with the ETag of the answer the page holds (`etag`): the new answer, or
 * `undefined` when the API says nothing changed (304), so the page keeps what it shows.
 */
export async function poll<T>(
  path: string,
  etag: string | undefined,
  query: Record<string, string | undefined> = {},
): Promise<PolledAnswer<T>> {
  try {
    return await call<T>('GET', path, { query, ...(etag ? { ifNoneMatch: etag } : {}) });
  } catch (error) {
    if (error instanceof NotModified) return undefined;
    throw error;
  }
}

/**
 * What to tell a person about a failed call, once, in their zone: a 412 says plainly that someone
 * else changed it; a 400 lists its fields (its `detail` repeats them, so it is not shown as well).
 */
export function explain(error: unknown): string {
  const zone = viewerZone();
  if (!(error instanceof ApiError))
    return forPeople(error instanceof Error ? error.message : String(error), zone);
  if (error.status === 412)
    return `Someone changed this while you were looking (${forPeople(error.message, zone)}). The page has been reloaded with what is there now: check it and try again.`;
  const fields = (error.problem.errors ?? []).map((field) =>
    forPeople(`${field.field}: ${field.message}`, zone),
  );
  const heading = `${error.problem.title ?? 'Error'} (${error.status})`;
  return fields.length > 0
    ? [`${heading}:`, ...fields].join('\n')
    : `${heading}: ${forPeople(error.message, zone)}`;
}

/** `name` as one path segment. */
export const segment = (name: string) => encodeURIComponent(name);
