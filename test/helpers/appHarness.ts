import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HttpResponseInit, Timer } from '@azure/functions';
import { QueueClient } from '@azure/storage-queue';
import { inject } from 'vitest';
import { FakeArm, type FakeArmOptions } from '../../dev/fakeArm/FakeArm.js';
import { fakeArmCredential } from '../../dev/fakeArm/fakeArmCredential.js';
import { FUNCTIONS } from '../../dev/functionRegistry.js';
import { invokeHttp } from '../../dev/invokeHttp.js';
import { expectInContract } from './contractCheck.js';
import { StorageActionQueue } from '../../shared/azure/StorageActionQueue.js';
import { createServices, useServices, type Services } from '../../shared/compositionRoot.js';
import { loadConfig } from '../../shared/config.js';
import { definition as executeDefinition } from '../../functions/execute.js';
import { definition as reconcileDefinition } from '../../functions/reconcile.js';
import { uniquePrefix } from './storageBackends.js';
import { functionContext } from './functionContext.js';

export const SUBSCRIPTION = '00000000-0000-0000-0000-000000000001';

export interface AppHarness {
  arm: FakeArm;
  clock: { now: number };
  services: Services;
  logs: Record<string, unknown>[];
  queue: QueueClient;
  /** Runs the registered `reconcile` handler, as the timer would. */
  tick(isPastDue?: boolean): Promise<void>;
  /** Delivers every waiting queue message to the registered `execute` handler; returns the handler errors. */
  drain(): Promise<unknown[]>;
  http(
    method: string,
    path: string,
    options?: { body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: unknown; headers: Record<string, string> }>;
  stop(): Promise<void>;
}

/**
 * The whole app on Azurite and the fake ARM, through the registered handlers with the real
 * `@azure/functions` types: what the Functions host would run, minus the host.
 */
export async function startApp(
  settings: Record<string, string> = {},
  armOptions: Omit<FakeArmOptions, 'clock'> = {},
  start = '2026-11-26T06:00:00Z',
): Promise<AppHarness> {
  const clock = { now: Date.parse(start) };
  const arm = await FakeArm.start({
    operationDurationMs: 60_000,
    // Every API change runs a tick (one Resource Graph query) at a clock that stands still: some
    // tests make hundreds. The documented quota (15 per 5 s) is tested where it matters.
    graphQuota: { limit: 100_000, windowMs: 5_000 },
    ...armOptions,
    clock: () => clock.now,
  });
  const caFile = join(await mkdtemp(join(tmpdir(), 'offhours-ca-')), 'fake-arm.pem');
  await writeFile(caFile, arm.ca);
  const connectionString = inject('storageConnectionString');
  const prefix = uniquePrefix();
  const config = loadConfig({
    AzureWebJobsStorage: connectionString,
    OFFHOURS_TABLE_PREFIX: prefix,
    OFFHOURS_ARM_ENDPOINT: arm.url,
    OFFHOURS_ARM_CA_FILE: caFile,
    // The clock stands still in these tests: only the rate limit's own test keeps the default.
    OFFHOURS_CHANGES_PER_MINUTE: '10000',
    ...settings,
  });
  const queue = await StorageActionQueue.open({ connectionString }, `${prefix}-actions`);
  const logs: Record<string, unknown>[] = [];
  const services = await createServices(config, {
    now: () => clock.now,
    credential: fakeArmCredential,
    queue,
    log: (line) => logs.push(line),
    armRetryDelayInMs: 5,
  });
  useServices(services);
  return {
    arm,
    clock,
    services,
    logs,
    queue: queue.client,
    async tick(isPastDue = false) {
      const timer: Timer = {
        isPastDue,
        schedule: { adjustForDST: false },
        scheduleStatus: { last: '', next: '', lastUpdated: '' },
      };
      await reconcileDefinition.options.handler(timer, functionContext('reconcile'));
    },
    async drain() {
      const errors: unknown[] = [];
      for (;;) {
        const { receivedMessageItems } = await queue.client.receiveMessages({
          numberOfMessages: 32,
          visibilityTimeout: 30,
        });
        if (receivedMessageItems.length === 0) return errors;
        for (const message of receivedMessageItems) {
          const item: unknown = JSON.parse(Buffer.from(message.messageText, 'base64').toString('utf8'));
          try {
            await executeDefinition.options.handler(item, functionContext('execute', message.dequeueCount));
            await queue.client.deleteMessage(message.messageId, message.popReceipt);
          } catch (error) {
            errors.push(error);
          }
        }
      }
    },
    async http(method, path, options = {}) {
      const response: HttpResponseInit = await invokeHttp(FUNCTIONS, {
        method,
        url: `http://localhost:7071/api/${path}`,
        headers: {
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(options.headers ?? {}),
        },
        ...(options.body !== undefined
          ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }
          : {}),
      });
      const headers = Object.fromEntries(
        Object.entries((response.headers ?? {}) as Record<string, string>).map(([name, value]) => [
          name.toLowerCase(),
          value,
        ]),
      );
      const status = response.status ?? 200;
      expectInContract(method, path, status, response.jsonBody);
      return { status, body: response.jsonBody, headers };
    },
    stop: () => arm.stop(),
  };
}
