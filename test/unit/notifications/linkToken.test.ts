import { describe, expect, it } from 'vitest';
import { LinkSigner } from '../../../shared/app/notifications/LinkSigner.js';
import { linkRefusal, type LinkPayload } from '../../../shared/domain/NoticeLink.js';

const KEY = 'k'.repeat(32);
const NEW_KEY = 'n'.repeat(40);
const STOP = Date.parse('2026-11-26T11:00:00Z');
const payload: LinkPayload = {
  id: 'token-1',
  target: 'dev-user1',
  stopAt: STOP,
  action: 'keep-1h',
  channel: 'team',
  expires: STOP + 3_600_000,
};

const tamper = (token: string, change: (wire: Record<string, unknown>) => void) => {
  const [body, signature] = token.split('.') as [string, string];
  const wire = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
  change(wire);
  return `${Buffer.from(JSON.stringify(wire)).toString('base64url')}.${signature}`;
};

describe('LinkSigner', () => {
  it('verifies what it signed, with every field', () => {
    const signer = new LinkSigner([KEY]);
    expect(signer.verify(signer.sign(payload))).toEqual({ ok: true, payload });
    const until = { ...payload, action: 'keep-until' as const, until: STOP + 7_200_000 };
    expect(signer.verify(signer.sign(until))).toEqual({ ok: true, payload: until });
  });

  it('refuses a token signed with another key (forged)', () => {
    const forged = new LinkSigner(['f'.repeat(32)]).sign(payload);
    expect(new LinkSigner([KEY]).verify(forged)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('signature'),
    });
  });

  it('refuses a token whose payload was altered (another target, action, expiry)', () => {
    const signer = new LinkSigner([KEY]);
    const token = signer.sign(payload);
    for (const change of [
      (wire: Record<string, unknown>) => (wire['t'] = 'prod'),
      (wire: Record<string, unknown>) => (wire['a'] = 'skip-stop'),
      (wire: Record<string, unknown>) => (wire['e'] = STOP + 86_400_000),
    ])
      expect(signer.verify(tamper(token, change)).ok).toBe(false);
  });

  it('refuses malformed and truncated tokens', () => {
    const signer = new LinkSigner([KEY]);
    const token = signer.sign(payload);
    for (const bad of [
      '',
      'abc',
      token.slice(0, -3),
      `${token}.x`,
      token.replace('.', '.%'),
      `${token.split('.')[0]}.`,
    ])
      expect(signer.verify(bad).ok).toBe(false);
  });

  it('verifies with either of two keys during a rotation, and signs with the first', () => {
    const old = new LinkSigner([KEY]).sign(payload);
    const rotating = new LinkSigner([NEW_KEY, KEY]);
    expect(rotating.verify(old).ok).toBe(true);
    const fresh = rotating.sign(payload);
    expect(new LinkSigner([NEW_KEY]).verify(fresh).ok).toBe(true);
    expect(new LinkSigner([KEY]).verify(fresh).ok).toBe(false);
  });

  it('makes token IDs that do not repeat', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => LinkSigner.newTokenId()));
    expect(ids.size).toBe(1000);
  });
});

describe('linkRefusal', () => {
  const at = (now: number, target = 'dev-user1', action = 'keep-1h') =>
    linkRefusal(payload, { target, action, now });

  it('accepts the request the token was made for, until it expires', () => {
    expect(at(STOP - 60_000)).toBeUndefined();
    expect(at(STOP + 3_599_999)).toBeUndefined();
    expect(at(STOP + 3_600_000)).toMatch(/expired/);
  });

  it('refuses another target or action than the token names', () => {
    expect(at(STOP - 60_000, 'dev-user2')).toMatch(/made for target "dev-user1", not "dev-user2"/);
    expect(at(STOP - 60_000, 'dev-user1', 'skip-stop')).toMatch(/action "keep-1h", not "skip-stop"/);
  });

  it('refuses to skip a stop that has happened, and a keep-until whose time has passed', () => {
    const skip = { ...payload, action: 'skip-stop' as const };
    expect(linkRefusal(skip, { target: 'dev-user1', action: 'skip-stop', now: STOP - 1 })).toBeUndefined();
    expect(linkRefusal(skip, { target: 'dev-user1', action: 'skip-stop', now: STOP })).toMatch(
      /already happened/,
    );
    const until = { ...payload, action: 'keep-until' as const, until: STOP + 1000 };
    expect(linkRefusal(until, { target: 'dev-user1', action: 'keep-until', now: STOP + 1000 })).toMatch(
      /passed/,
    );
  });
});
