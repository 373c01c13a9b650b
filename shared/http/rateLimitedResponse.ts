import { createHash } from 'node:crypto';
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { getServices } from '../compositionRoot.js';
import { decodeClientPrincipal } from './decodeClientPrincipal.js';
import { problem } from './problemResponse.js';

const READING_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whom a request counts against: the signed-in caller when App Service Authentication vouches for
 * them, else the function key presented (hashed: the key itself is never kept), else the client.
 */
export function rateKeyOf(request: HttpRequest, appServiceAuthEnabled: boolean): string {
  const encoded = appServiceAuthEnabled ? request.headers.get('x-ms-client-principal') : null;
  const principal = encoded ? decodeClientPrincipal(encoded) : undefined;
  if (principal) return `principal:${principal.objectId ?? principal.name.toLowerCase()}`;
  const key = request.headers.get('x-functions-key') ?? request.query.get('code');
  if (key) return `key:${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
  return `client:${request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() ?? 'unknown'}`;
}

/** 429 with Retry-After when the caller has made too many changes of late; undefined otherwise (and for reads). */
export async function rateLimitedResponse(request: HttpRequest): Promise<HttpResponseInit | undefined> {
  if (READING_METHODS.has(request.method.toUpperCase())) return undefined;
  const { rateLimiter, config } = await getServices();
  const decision = rateLimiter.take(rateKeyOf(request, config.appServiceAuthEnabled));
  if (decision.allowed) return undefined;
  const answer = problem(
    429,
    'Too Many Requests',
    `more than ${config.changesPerMinute} changes a minute from this caller (OFFHOURS_CHANGES_PER_MINUTE); try again in ${decision.retryAfterSeconds} s`,
  );
  return {
    ...answer,
    headers: {
      ...(answer.headers as Record<string, string>),
      'Retry-After': String(decision.retryAfterSeconds),
    },
  };
}
