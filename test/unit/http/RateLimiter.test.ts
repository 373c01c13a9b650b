import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../shared/http/RateLimiter.js';

describe('RateLimiter', () => {
  it('allows a burst of perMinute, then one change per 60/perMinute seconds, per caller', () => {
    const clock = { now: 0 };
    const limiter = new RateLimiter(6, () => clock.now);
    for (let index = 0; index < 6; index += 1) expect(limiter.take('alice')).toEqual({ allowed: true });
    expect(limiter.take('alice')).toEqual({ allowed: false, retryAfterSeconds: 10 });
    expect(limiter.take('bob')).toEqual({ allowed: true });
    clock.now += 4_000;
    expect(limiter.take('alice')).toEqual({ allowed: false, retryAfterSeconds: 6 });
    clock.now += 6_000;
    expect(limiter.take('alice')).toEqual({ allowed: true });
    expect(limiter.take('alice')).toMatchObject({ allowed: false });
    clock.now += 10 * 60_000;
    for (let index = 0; index < 6; index += 1) expect(limiter.take('alice')).toEqual({ allowed: true });
  });
});
