import { createHash } from 'node:crypto';
import type { HttpRequest, HttpResponseInit } from '@azure/functions';

/**
 * A strong ETag over a JSON representation: the SHA-256 of the very bytes sent, so two answers
 * carry the same tag exactly when they say the same (RFC 9110, 8.8.3). The status page polls with
 * it (If-None-Match) and is answered 304 while nothing changed (docs/status-page.md, "Live").
 */
export function representationEtag(body: unknown): string {
  return `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url')}"`;
}

/** The opaque part of an entity tag, weak or strong: `W/"x"` and `"x"` are both `"x"`. */
const opaque = (tag: string) => tag.trim().replace(/^W\//, '');

/**
 * Whether If-None-Match names the current representation: `*` (any), or a comma-separated list of
 * entity tags compared weakly, as RFC 9110 (13.1.2) has a server compare them for If-None-Match.
 */
export function noneMatchHits(header: string | null, etag: string): boolean {
  if (header === null) return false;
  if (header.trim() === '*') return true;
  const wanted = opaque(etag);
  return (header.match(/(?:W\/)?"[^"]*"/g) ?? []).some((tag) => opaque(tag) === wanted);
}

/**
 * A GET's JSON answer with its ETag, or 304 Not Modified (no body, the same ETag) when the caller's
 * If-None-Match names it. `Cache-Control: no-cache`: a cache may keep it but asks again each time.
 */
export function jsonOrNotModified(
  request: HttpRequest,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResponseInit {
  const etag = representationEtag(body);
  const validators = { ...headers, ETag: etag, 'Cache-Control': 'private, no-cache' };
  if (noneMatchHits(request.headers.get('if-none-match'), etag)) return { status: 304, headers: validators };
  return { status: 200, jsonBody: body, headers: validators };
}
