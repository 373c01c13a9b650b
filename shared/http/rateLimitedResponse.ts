import { createHash } from 'node:crypto';
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { getServices } from '../compositionRoot.js';
import { asciiFold } from '../domain/asciiFold.js';
import { decodeClientPrincipal } from './decodeClientPrincipal.js';
import { problem } from './problemResponse.js';

const READING_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RateKeyContext {
  /** App Service Authentication is on: only then is a principal header the platform's. */
  appServiceAuthEnabled: boolean;
  /** The route asks for no function key (`authLevel: anonymous`), so nobody checked one a caller sent. */
  anonymousRoute: boolean;
}

/**
 * Whom a request counts against (docs/security.md, Abuse and cost): the signed-in caller when App
 * Service Authentication vouches for them; else, where the Functions host checked it, the function key
 * (hashed: the key itself is never kept); else the client's address as App Service saw it.
 */
export function rateKeyOf(request: HttpRequest, context: RateKeyContext): string {
  const encoded = context.appServiceAuthEnabled ? request.headers.get('x-ms-client-principal') : null;
  const principal = encoded ? decodeClientPrincipal(encoded) : undefined;
  if (principal) return `principal:${principal.objectId ?? asciiFold(principal.name)}`;
  const key = context.anonymousRoute
    ? undefined
    : (request.headers.get('x-functions-key') ?? request.query.get('code'));
  if (key) return `key:${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
  return `client:${clientAddressOf(request)}`;
}

/**
 * The address App Service's front end saw: it writes `X-Client-IP` (and `Client-IP`, with the port)
 * on every request, replacing any a client sent. `X-Forwarded-For` is never read: its first entries
 * are the client's to write. Without either header (not behind App Service) every anonymous caller
 * shares one bucket, which still brakes them all.
 */
function clientAddressOf(request: HttpRequest): string {
  const address = request.headers.get('x-client-ip')?.trim();
  if (address) return address;
  const withPort = request.headers.get('client-ip')?.trim() ?? '';
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(withPort);
  if (bracketed?.[1]) return bracketed[1];
  return withPort.replace(/^([^:]+):\d+$/, '$1') || 'unknown';
}

/** 429 with Retry-After when the caller has made too many changes of late; undefined otherwise (and for reads). */
export async function rateLimitedResponse(
  request: HttpRequest,
  anonymousRoute = false,
): Promise<HttpResponseInit | undefined> {
  if (READING_METHODS.has(request.method.toUpperCase())) return undefined;
  const { rateLimiter, config } = await getServices();
  const decision = rateLimiter.take(
    rateKeyOf(request, { appServiceAuthEnabled: config.appServiceAuthEnabled, anonymousRoute }),
  );
  if (decision.allowed) return undefined;
  const answer = problem(
    'too-many-changes',
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
