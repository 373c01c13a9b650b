import '../dev/quietTestMode.js';
import functions, { type Timer } from '@azure/functions';
import { QueueClient } from '@azure/storage-queue';
import { fakeArmCredential } from '../dev/fakeArm/fakeArmCredential.js';
import { definition as execute } from '../functions/execute.js';
import { definition as reconcile } from '../functions/reconcile.js';
import { ACTION_QUEUE_NAME } from '../shared/app/operations/ActionQueue.js';
import { createServices, useServices } from '../shared/compositionRoot.js';
import { loadConfig } from '../shared/config.js';

/**
 * One Functions instance of the real-time benchmark (`bench/realtimeFleetBenchmark.ts`), `fork`ed
 * with the app's settings in its environment: the composition root as in Azure (the fake ARM's
 * identity instead of a managed identity) and the registered `reconcile` and `execute` handlers.
 * It takes queue messages as the Functions host does with host.json's settings: batches of 16, a new
 * batch once 8 or fewer are running, polling again after 100 ms while messages come and backing off
 * (doubling from 200 ms, with jitter) up to `maxPollingInterval` 2 s while none do; a failed message
 * becomes visible again after `visibilityTimeout` 30 s, and goes to the poison queue after 5
 * deliveries. The clock runs in real time from the instant the parent names (`clock` message), so a
 * schedule's transition can be reached without waiting for it.
 */
const BATCH_SIZE = 16;
const NEW_BATCH_THRESHOLD = 8;
const MAX_POLL_MS = 2_000;
const VISIBILITY_ON_FAILURE_S = 30;
const MAX_DEQUEUE = 5;
/** The host holds a message it runs for up to the function timeout (host.json 00:05:00). */
const LEASE_S = 300;

const { InvocationContext } = functions;
let offsetMs = 0;
const counts = { received: 0, redelivered: 0, failed: 0, poisoned: 0, results: {} as Record<string, number> };

const services = await createServices(loadConfig(process.env), {
  now: () => Date.now() + offsetMs,
  credential: fakeArmCredential,
  log: () => undefined,
});
useServices(services);
const connectionString = process.env['AzureWebJobsStorage'] ?? '';
const queue = new QueueClient(connectionString, ACTION_QUEUE_NAME);
const poison = new QueueClient(connectionString, `${ACTION_QUEUE_NAME}-poison`);
await poison.createIfNotExists();

let hosting = false;
let running = 0;
let slotFreed: () => void = () => undefined;

function context(name: string, dequeueCount = 1) {
  return new InvocationContext({
    functionName: name,
    invocationId: crypto.randomUUID(),
    logHandler: (_level, ...args) => {
      const line = typeof args[0] === 'string' ? args[0] : '';
      const result = /"event":"execute".*?"result":"([a-z-]+)"/.exec(line)?.[1];
      if (result) counts.results[result] = (counts.results[result] ?? 0) + 1;
    },
    triggerMetadata: { dequeueCount },
  });
}

async function run(message: {
  messageId: string;
  popReceipt: string;
  messageText: string;
  dequeueCount: number;
}): Promise<void> {
  counts.received++;
  if (message.dequeueCount > 1) counts.redelivered++;
  try {
    const item: unknown = JSON.parse(Buffer.from(message.messageText, 'base64').toString('utf8'));
    await execute.options.handler(item, context('execute', message.dequeueCount));
    await queue.deleteMessage(message.messageId, message.popReceipt);
  } catch {
    counts.failed++;
    if (message.dequeueCount >= MAX_DEQUEUE) {
      counts.poisoned++;
      await poison.sendMessage(message.messageText);
      await queue.deleteMessage(message.messageId, message.popReceipt);
    } else
      await queue.updateMessage(message.messageId, message.popReceipt, undefined, VISIBILITY_ON_FAILURE_S);
  } finally {
    running--;
    slotFreed();
  }
}

async function host(): Promise<void> {
  let idleWaitMs = 200;
  while (hosting) {
    if (running > NEW_BATCH_THRESHOLD) {
      await new Promise<void>((resolve) => (slotFreed = resolve));
      continue;
    }
    const { receivedMessageItems } = await queue.receiveMessages({
      numberOfMessages: BATCH_SIZE,
      visibilityTimeout: LEASE_S,
    });
    for (const message of receivedMessageItems) {
      running++;
      void run(message);
    }
    if (receivedMessageItems.length > 0) {
      idleWaitMs = 200;
      await sleep(100);
    } else {
      await sleep(idleWaitMs * (0.8 + Math.random() * 0.4));
      idleWaitMs = Math.min(MAX_POLL_MS, idleWaitMs * 2);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const timer: Timer = {
  isPastDue: false,
  schedule: { adjustForDST: false },
  scheduleStatus: { last: '', next: '', lastUpdated: '' },
};

process.on('message', (message: { kind: string; at?: number }) => {
  void (async () => {
    switch (message.kind) {
      case 'clock':
        offsetMs = (message.at ?? Date.now()) - Date.now();
        process.send?.({ kind: 'clock' });
        return;
      case 'tick': {
        const started = Date.now();
        await reconcile.options.handler(timer, context('reconcile'));
        process.send?.({ kind: 'tick', ms: Date.now() - started });
        return;
      }
      case 'host':
        hosting = true;
        void host();
        process.send?.({ kind: 'host' });
        return;
      case 'counts':
        process.send?.({ kind: 'counts', counts, running });
        return;
      case 'stop':
        hosting = false;
        process.exit(0);
    }
  })();
});
process.send?.({ kind: 'ready' });
