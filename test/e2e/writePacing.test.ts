import { afterEach, expect, it, vi } from 'vitest';
import type { ChangeRequest } from '../../shared/app/operations/ChangeRequest.js';
import { startApp, SUBSCRIPTION, type AppHarness } from '../helpers/appHarness.js';
import { poolId, registerCatalog } from '../helpers/catalogRows.js';
import { changesOfMessage } from '../helpers/changesOfMessage.js';

let app: AppHarness;
afterEach(async () => app.stop());

const OTHER_SUBSCRIPTION = '11111111-1111-1111-1111-111111111111';

it("plans each stop's message within ARM's write budget: the burst at once, the rest later, other subscriptions not held back", async () => {
  app = await startApp({ OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0' }, {}, '2026-11-26T18:50:00Z');
  const targets: Record<string, { resourceId: string; schedule: string }> = {};
  for (let cluster = 0; cluster < 5; cluster++) {
    app.arm.state.addCluster({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: 'rg',
      name: `c${cluster}`,
      pools: Array.from({ length: 50 }, (_, pool) => ({ name: `p${pool}` })),
    });
    for (let pool = 0; pool < 50; pool++)
      targets[`c${cluster}-p${pool}`] = {
        resourceId: poolId(SUBSCRIPTION, `c${cluster}`, `p${pool}`),
        schedule: 'office',
      };
  }
  app.arm.state.addCluster({
    subscriptionId: OTHER_SUBSCRIPTION,
    resourceGroup: 'rg',
    name: 'small',
    pools: [{ name: 'p0' }, { name: 'p1' }],
  });
  targets['small-p0'] = { resourceId: poolId(OTHER_SUBSCRIPTION, 'small', 'p0'), schedule: 'office' };
  targets['small-p1'] = { resourceId: poolId(OTHER_SUBSCRIPTION, 'small', 'p1'), schedule: 'office' };
  await registerCatalog(
    app.services.storage,
    { office: { uptime: 'Mon-Fri 08:00-20:00 Europe/Berlin' } },
    targets,
  );
  await app.tick();
  app.clock.now = Date.parse('2026-11-26T19:00:00Z');
  const enqueue = vi.spyOn(app.services.queue, 'enqueue');
  await app.tick();

  const [requests, delayOf] = enqueue.mock.calls[0] as [ChangeRequest[], (index: number) => number];
  const planned = requests.map((request, index) => ({
    other: request.resourceId.includes(OTHER_SUBSCRIPTION),
    delayMs: delayOf(index),
  }));
  // 250 stops in one subscription: 190 of ARM's 200 writes at once (10 kept for other writes), the
  // other 60 at ten a second; the other subscription's two go at once, before any that wait.
  expect(planned.filter((message) => !message.other && message.delayMs === 0)).toHaveLength(190);
  expect(Math.max(...planned.map((message) => message.delayMs))).toBe(6000);
  expect(planned.filter((message) => message.other).map((message) => message.delayMs)).toEqual([0, 0]);
  expect(planned.findLastIndex((message) => message.other)).toBeLessThan(
    planned.findIndex((message) => message.delayMs > 0),
  );
}, 60_000);

it("counts each message's delay from the plan's instant, not from its send: time spent sending is not added to every begin", async () => {
  app = await startApp({ OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0' }, {}, '2026-11-26T18:50:00Z');
  const targets: Record<string, { resourceId: string; schedule: string }> = {};
  for (let cluster = 0; cluster < 5; cluster++) {
    app.arm.state.addCluster({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: 'rg',
      name: `c${cluster}`,
      pools: Array.from({ length: 50 }, (_, pool) => ({ name: `p${pool}` })),
    });
    for (let pool = 0; pool < 50; pool++)
      targets[`c${cluster}-p${pool}`] = {
        resourceId: poolId(SUBSCRIPTION, `c${cluster}`, `p${pool}`),
        schedule: 'office',
      };
  }
  await registerCatalog(
    app.services.storage,
    { office: { uptime: 'Mon-Fri 08:00-20:00 Europe/Berlin' } },
    targets,
  );
  await app.tick();
  app.clock.now = Date.parse('2026-11-26T19:00:00Z');
  // The plan (190 at once, 60 more at ten a second, the last at 6 s) is made; sending it takes 7 s.
  const queue = app.services.queue;
  const send = queue.enqueue.bind(queue);
  vi.spyOn(queue, 'enqueue').mockImplementation(async (requests, delayOf) => {
    app.clock.now += 7_000;
    return send(requests, delayOf);
  });
  await app.tick();

  // Every planned instant has passed by the time the messages are on the queue: all are visible now.
  let visible = 0;
  for (;;) {
    const { receivedMessageItems } = await app.queue.receiveMessages({
      numberOfMessages: 32,
      visibilityTimeout: 300,
    });
    if (receivedMessageItems.length === 0) break;
    visible += receivedMessageItems.flatMap((message) => changesOfMessage(message.messageText)).length;
  }
  expect(visible).toBe(250);
}, 60_000);

it('keeps a message invisible to execute for its planned delay', async () => {
  app = await startApp();
  const request = (name: string): ChangeRequest => ({
    targetName: name,
    resourceId: poolId(SUBSCRIPTION, 'c', name),
    action: 'stop',
    transitionKey: `${name}|stop|2026-11-26T19:00:00.000Z`,
    reason: 'test',
    actor: 'schedule',
    requestedAt: 0,
  });
  await app.services.queue.enqueue([request('now'), request('later')], (index) => [0, 60_000][index] ?? 0);
  const { receivedMessageItems } = await app.queue.receiveMessages({ numberOfMessages: 32 });
  expect(receivedMessageItems.map((message) => message.messageText)).toHaveLength(1);
  expect(Buffer.from(receivedMessageItems[0]?.messageText ?? '', 'base64').toString()).toContain('"now"');
  expect((await app.queue.getProperties()).approximateMessagesCount).toBe(2);
});
