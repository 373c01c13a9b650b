import { describe, expect, it } from 'vitest';
import { tickIntervalMs } from '../../shared/tickIntervalMs.js';

describe('the longest gap between ticks', () => {
  it.each([
    ['0 */5 * * * *', 5],
    ['0 */15 * * * *', 15],
    ['0 0,10,30 * * * *', 30],
  ])('of %s is %i minutes', (tick, minutes) => {
    expect(tickIntervalMs(tick)).toBe(minutes * 60_000);
  });
});
