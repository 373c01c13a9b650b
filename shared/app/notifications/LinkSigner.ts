import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isLinkAction, type LinkPayload } from '../../domain/NoticeLink.js';

export type VerifiedLink = { ok: true; payload: LinkPayload } | { ok: false; reason: string };

/** The token as sent: `<payload>.<signature>`, both base64url; the payload is JSON with short keys. */
interface WirePayload {
  v: 1;
  i: string;
  t: string;
  s: number;
  a: string;
  u?: number;
  z?: string;
  c: string;
  e: number;
}

/** Tokens are a few hundred characters; a longer one is refused before it is read. */
const MAX_TOKEN_LENGTH = 2048;

/**
 * Signs and verifies the tokens of one-click links with HMAC-SHA256 (docs/notifications.md). The
 * first key signs; every key verifies, so a key can be rotated with two valid at once. A token that
 * does not verify tells nothing about why: forged and altered look the same.
 */
export class LinkSigner {
  constructor(private readonly keys: readonly string[]) {
    if (keys.length === 0) throw new RangeError('LinkSigner needs at least one key');
  }

  /** A new token ID: 128 random bits. */
  static newTokenId(): string {
    return randomBytes(16).toString('base64url');
  }

  sign(payload: LinkPayload): string {
    const wire: WirePayload = {
      v: 1,
      i: payload.id,
      t: payload.target,
      s: payload.stopAt,
      a: payload.action,
      ...(payload.until !== undefined ? { u: payload.until } : {}),
      ...(payload.zone !== undefined ? { z: payload.zone } : {}),
      c: payload.channel,
      e: payload.expires,
    };
    const body = Buffer.from(JSON.stringify(wire), 'utf8').toString('base64url');
    return `${body}.${this.mac(this.keys[0] as string, body).toString('base64url')}`;
  }

  verify(token: string): VerifiedLink {
    const refused = { ok: false as const, reason: 'this link is not valid: its signature does not match' };
    if (token.length > MAX_TOKEN_LENGTH)
      return {
        ok: false,
        reason: `this link is not valid: its token is longer than ${MAX_TOKEN_LENGTH} characters`,
      };
    const parts = token.trim().split('.');
    if (parts.length !== 2 || !/^[\w-]+$/.test(parts[0] ?? '') || !/^[\w-]+$/.test(parts[1] ?? ''))
      return { ok: false, reason: 'this link is not valid: the token is malformed or cut short' };
    const [body, signature] = parts as [string, string];
    const given = Buffer.from(signature, 'base64url');
    const matches = this.keys.some((key) => {
      const expected = this.mac(key, body);
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
    if (!matches) return refused;
    const payload = readWirePayload(body);
    return payload ? { ok: true, payload } : refused;
  }

  /**
   * A secret for one confirmation page of a token (docs/security.md, One-click links): `<nonce>.<MAC>`,
   * the MAC over the token's ID, a random nonce and the caller the page was shown to. Its POST must
   * return it: a page of another site cannot read it, and one fetched by someone else does not fit the
   * person whose browser is made to send it.
   */
  pageSecret(tokenId: string, caller: string): string {
    const nonce = randomBytes(16).toString('base64url');
    return `${nonce}.${this.pageMac(this.keys[0] as string, tokenId, nonce, caller).toString('base64url')}`;
  }

  /** Whether `secret` is a page secret this app gave for the token and the caller. */
  verifyPageSecret(secret: string, tokenId: string, caller: string): boolean {
    const [nonce, mac, extra] = secret.split('.');
    if (!nonce || !mac || extra !== undefined || !/^[\w-]{16,64}$/.test(nonce) || !/^[\w-]+$/.test(mac))
      return false;
    const given = Buffer.from(mac, 'base64url');
    return this.keys.some((key) => {
      const expected = this.pageMac(key, tokenId, nonce, caller);
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
  }

  private pageMac(key: string, tokenId: string, nonce: string, caller: string): Buffer {
    return createHmac('sha256', key)
      .update(`aks-offhours-page.v1.${JSON.stringify([tokenId, nonce, caller])}`)
      .digest();
  }

  private mac(key: string, body: string): Buffer {
    return createHmac('sha256', key).update(`aks-offhours-link.v1.${body}`).digest();
  }
}

function readWirePayload(body: string): LinkPayload | undefined {
  let wire: Partial<WirePayload>;
  try {
    wire = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<WirePayload>;
  } catch {
    return undefined;
  }
  const isInstant = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
  if (
    wire.v !== 1 ||
    typeof wire.i !== 'string' ||
    typeof wire.t !== 'string' ||
    typeof wire.c !== 'string' ||
    typeof wire.a !== 'string' ||
    !isLinkAction(wire.a) ||
    !isInstant(wire.s) ||
    !isInstant(wire.e) ||
    (wire.u !== undefined && !isInstant(wire.u)) ||
    (wire.z !== undefined && typeof wire.z !== 'string')
  )
    return undefined;
  return {
    id: wire.i,
    target: wire.t,
    stopAt: wire.s,
    action: wire.a,
    ...(wire.u !== undefined ? { until: wire.u } : {}),
    ...(wire.z !== undefined ? { zone: wire.z } : {}),
    channel: wire.c,
    expires: wire.e,
  };
}
