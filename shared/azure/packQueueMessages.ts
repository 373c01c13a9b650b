/**
 * Changes one queue message carries at most. The `execute` function begins a message's changes at
 * once, so this bounds one invocation's work; the host takes up to 16 messages a batch (host.json).
 */
export const MOST_CHANGES_PER_MESSAGE = 16;

/**
 * A message's JSON at most, in bytes: Storage queues take 64 KiB per message, and the host's base64
 * encoding (host.json `messageEncoding`) makes 4 bytes of every 3.
 */
export const MOST_MESSAGE_JSON_BYTES = 45_000;

/** One request to send: how long it is to stay invisible (ms from now) and the size of its JSON. */
export interface SendItem {
  delayMs: number;
  jsonBytes: number;
}

/**
 * Groups the requests, in their order, into messages (each a list of indexes): neighbours that become
 * visible in the same whole second, as the queue counts a visibility timeout, share a message, up to
 * `MOST_CHANGES_PER_MESSAGE` and `MOST_MESSAGE_JSON_BYTES`. Storage queues have no batch send, so
 * the tick's enqueue time is its number of messages (docs/architecture.md, The queue's messages).
 */
export function packQueueMessages(items: readonly SendItem[]): number[][] {
  const messages: number[][] = [];
  let current: number[] = [];
  let currentSecond = Number.NaN;
  let currentBytes = 0;
  items.forEach((item, index) => {
    const second = visibleAfterSeconds(item.delayMs);
    const fits =
      current.length < MOST_CHANGES_PER_MESSAGE &&
      currentBytes + item.jsonBytes + 1 <= MOST_MESSAGE_JSON_BYTES &&
      second === currentSecond;
    if (!fits && current.length > 0) {
      messages.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(index);
    currentSecond = second;
    currentBytes += item.jsonBytes + 1; // the comma between changes
  });
  if (current.length > 0) messages.push(current);
  return messages;
}

/** The visibility timeout the queue is given for a delay: whole seconds, rounded up; 0 when due. */
export function visibleAfterSeconds(delayMs: number): number {
  return Math.max(0, Math.ceil(delayMs / 1000));
}
