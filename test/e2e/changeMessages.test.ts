import { afterEach, describe, expect, it, vi } from 'vitest';
import { definition as execute } from '../../functions/execute.js';
import { definition as poisonActions } from '../../functions/poisonActions.js';
import type { ChangeRequest } from '../../shared/app/operations/ChangeRequest.js';
import { encodeQueueMessage } from '../../shared/azure/StorageActionQueue.js';
import { startApp, SUBSCRIPTION, type AppHarness } from '../helpers/appHarness.js';
import { poolId, registerCatalog } from '../helpers/catalogRows.js';
import { changesOfMessage } from '../helpers/changesOfMessage.js';
import { functionContext } from '../helpers/functionContext.js';

let app: AppHarness;
afterEach(async () => app.stop());

const POOLS = 30;

/** 30 pools in 3 clusters on Berlin office hours; at 19:50 UTC on a Thursday they should be up. */
async function officeFleet(): Promise<AppHarness> {
  const harness = await startApp({ OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0' }, {}, '2026-11-26T18:50:00Z');
  const targets: Record<string, { resourceId: string; schedule: string }> = {};
  for (let cluster = 0; cluster < 3; cluster++) {
    harness.arm.state.addCluster({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: 'rg',
      name: `c${cluster}`,
      pools: Array.from({ length: POOLS / 3 }, (_, pool) => ({ name: `p${pool}` })),
    });
    for (let pool = 0; pool < POOLS / 3; pool++)
      targets[`c${cluster}-p${pool}`] = {
        resourceId: poolId(SUBSCRIPTION, `c${cluster}`, `p${pool}`),
        schedule: 'office',
      };
  }
  await registerCatalog(
    harness.services.storage,
    { office: { uptime: 'Mon-Fri 08:00-20:00 Europe/Berlin' } },
    targets,
  );
  await harness.tick();
  return harness;
}

/** Every message on the queue, taken off it, as its text. */
async function takeMessageTexts(): Promise<string[]> {
  const texts: string[] = [];
  for (;;) {
    const { receivedMessageItems } = await app.queue.receiveMessages({ numberOfMessages: 32 });
    if (receivedMessageItems.length === 0) return texts;
    for (const message of receivedMessageItems) {
      texts.push(message.messageText);
      await app.queue.deleteMessage(message.messageId, message.popReceipt);
    }
  }
}

/** The 20:00 transition's changes, each message decoded as `execute` gets it. */
async function transition(): Promise<{ messages: unknown[]; changes: ChangeRequest[] }> {
  app.clock.now = Date.parse('2026-11-26T19:00:00Z');
  await app.tick();
  const texts = await takeMessageTexts();
  return {
    messages: texts.map((text): unknown => JSON.parse(Buffer.from(text, 'base64').toString('utf8'))),
    changes: texts.flatMap(changesOfMessage),
  };
}

describe('changes due in the same second share a queue message', () => {
  it("a transition's 30 stops go out in 2 messages (Storage queues have no batch send: one request a message), each change once", async () => {
    app = await officeFleet();
    const { messages, changes } = await transition();
    expect(messages).toHaveLength(2);
    expect(changes.map((change) => change.targetName).sort()).toEqual(
      Object.keys(Object.fromEntries(changes.map((change) => [change.targetName, 1]))).sort(),
    );
    expect(changes).toHaveLength(POOLS);
    expect(changes.every((change) => change.action === 'stop')).toBe(true);
  });

  it('the execute function begins every change of a message; a broken change beside them is recorded and dropped', async () => {
    app = await officeFleet();
    const { messages } = await transition();
    const [first] = messages as { changes: unknown[] }[];
    const broken = { targetName: 'c9-p9', action: 'explode' };
    await execute.options.handler(
      { changes: [...(first?.changes ?? []), broken] },
      functionContext('execute'),
    );
    expect(app.arm.state.operations.size).toBe(first?.changes.length);
    const [dropped] = await app.services.storage.audit.query({ targetName: 'c9-p9', limit: 1 });
    expect(dropped).toMatchObject({ action: 'invalid-message', actor: 'queue' });
    expect(dropped?.reason).toMatch(/, change 17$/);
    expect(dropped?.result).toMatch(/^dropped: resourceId: /);
  });

  it('a change that fails beside others goes back on the queue alone, after the visibility timeout; the others are begun and nothing throws', async () => {
    app = await officeFleet();
    const { changes } = await transition();
    const batch = changes.slice(0, 5);
    app.arm.injectFault({
      method: 'PUT',
      path: /c0\/agentPools\/p0$/,
      status: 503,
      code: 'ServiceUnavailable',
      times: 100,
    });
    const enqueue = vi.spyOn(app.services.queue, 'enqueue');
    await execute.options.handler({ changes: batch }, functionContext('execute'));
    expect(app.arm.state.operations.size).toBe(4);
    expect(enqueue).toHaveBeenCalledTimes(1);
    const [handedBack, delayOf] = enqueue.mock.calls[0] ?? [];
    expect(handedBack?.map((change) => change.targetName)).toEqual(['c0-p0']);
    expect(delayOf?.(0)).toBe(30_000);
    // Visible only after 30 s, as a redelivered message would be.
    expect((await app.queue.receiveMessages({ numberOfMessages: 32 })).receivedMessageItems).toEqual([]);
    expect((await app.queue.getProperties()).approximateMessagesCount).toBe(1);
  });

  it('when every change of a message fails, it throws so the host delivers it again; the poison function then records each change', async () => {
    app = await officeFleet();
    const { changes } = await transition();
    const batch = changes.filter((change) => change.targetName.startsWith('c1-')).slice(0, 3);
    app.arm.injectFault({
      method: 'PUT',
      path: /c1\/agentPools\/p\d$/,
      status: 503,
      code: 'ServiceUnavailable',
      times: 100,
    });
    for (let delivery = 1; delivery <= 5; delivery++)
      await expect(
        execute.options.handler({ changes: batch }, functionContext('execute', delivery)),
      ).rejects.toThrow('3 of 3 change(s) failed');
    await poisonActions.options.handler({ changes: batch }, functionContext('poisonActions', 5));
    for (const change of batch) {
      const [latest] = await app.services.storage.audit.query({ targetName: change.targetName, limit: 1 });
      expect(latest).toMatchObject({
        action: 'stop',
        result: expect.stringMatching(/^poison: gave up after 5 deliveries/),
      });
    }
    expect(app.arm.state.operations.size).toBe(0);
  });

  it("a Windows pool's footprint crosses the queue whole: its OS, licence, Spot and tier are what the savings report prices", async () => {
    app = await officeFleet();
    const [stop] = (await transition()).changes;
    const footprint = {
      location: 'westeurope',
      nodes: [
        { vmSize: 'Standard_D4s_v3', count: 3, os: 'Windows' as const, licence: 'Windows_Server' as const },
        { vmSize: 'Standard_D2s_v3', count: 2, priority: 'Spot' as const },
      ],
      tier: 'Standard' as const,
    };
    const message = JSON.parse(
      Buffer.from(
        encodeQueueMessage({ ...(stop as ChangeRequest), footprintBeforeStop: footprint }),
        'base64',
      ).toString('utf8'),
    ) as unknown;
    await execute.options.handler(message, functionContext('execute'));
    const [begun] = await app.services.storage.audit.query({ targetName: stop?.targetName ?? '', limit: 1 });
    expect(begun?.footprint).toEqual(footprint);
  });
});
