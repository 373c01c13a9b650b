import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MOST_CHANGES_PER_MESSAGE,
  MOST_MESSAGE_JSON_BYTES,
  packQueueMessages,
  visibleAfterSeconds,
} from '../../../shared/azure/packQueueMessages.js';

const item = (delayMs: number, jsonBytes = 600) => ({ delayMs, jsonBytes });

describe('packQueueMessages', () => {
  it('puts neighbours due in the same whole second in one message, as the queue counts a visibility timeout', () => {
    const delays = [0, 0, -50, 1, 999, 1000, 1001, 1500, 2000, 0];
    expect(packQueueMessages(delays.map((delay) => item(delay)))).toEqual([
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8],
      [9],
    ]);
    expect(delays.map(visibleAfterSeconds)).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 0]);
  });

  it('starts a new message at 16 changes and before the JSON passes 45,000 bytes (64 KiB once base64)', () => {
    const sizes = packQueueMessages(Array.from({ length: 40 }, () => item(0))).map(
      (message) => message.length,
    );
    expect(sizes).toEqual([MOST_CHANGES_PER_MESSAGE, MOST_CHANGES_PER_MESSAGE, 8]);
    const large = packQueueMessages(Array.from({ length: 5 }, () => item(0, 20_000)));
    expect(large).toEqual([[0, 1], [2, 3], [4]]);
    expect(Math.ceil((2 * 20_000 + 20) / 3) * 4).toBeLessThan(64 * 1024);
  });

  it('sends a change larger than the limit alone rather than not at all', () => {
    expect(packQueueMessages([item(0), item(0, MOST_MESSAGE_JSON_BYTES + 1), item(0)])).toEqual([
      [0],
      [1],
      [2],
    ]);
  });

  it('keeps every change once, in order, and never puts changes of different seconds or too many bytes together', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            delayMs: fc.integer({ min: -2000, max: 10_000 }),
            jsonBytes: fc.integer({ min: 1, max: 30_000 }),
          }),
          { maxLength: 200 },
        ),
        (items) => {
          const messages = packQueueMessages(items);
          expect(messages.flat()).toEqual(items.map((_, index) => index));
          for (const message of messages) {
            expect(message.length).toBeGreaterThan(0);
            expect(message.length).toBeLessThanOrEqual(MOST_CHANGES_PER_MESSAGE);
            expect(
              new Set(message.map((index) => visibleAfterSeconds(items[index]?.delayMs ?? 0))).size,
            ).toBe(1);
            if (message.length > 1)
              expect(
                message.reduce((sum, index) => sum + (items[index]?.jsonBytes ?? 0) + 1, 0),
              ).toBeLessThanOrEqual(MOST_MESSAGE_JSON_BYTES);
          }
        },
      ),
    );
  });
});
