import { afterAll, beforeAll, expect, it } from 'vitest';
import { FUNCTIONS } from '../../dev/functionRegistry.js';
import { LocalRunner } from '../../dev/LocalRunner.js';
import { seedDemoAzure, seedDemoCatalog } from '../../dev/demoFleet.js';
import { startApp, type AppHarness } from '../helpers/appHarness.js';

let app: AppHarness;
let runner: LocalRunner;
let base = '';

beforeAll(async () => {
  app = await startApp({ OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0' }, {}, '2026-11-26T12:00:00Z');
  seedDemoAzure(app.arm.state);
  await seedDemoCatalog(app.services.storage);
  const connectionString = app.services.config.storage.connectionString ?? '';
  runner = new LocalRunner({
    functions: FUNCTIONS.map((definition) =>
      definition.trigger === 'queue'
        ? {
            ...definition,
            options: {
              ...definition.options,
              queueName: definition.options.queueName.replace('offhours-actions', app.queue.name),
            },
          }
        : definition,
    ),
    connectionString,
    tick: '0 0 0 1 1 *',
    port: 0,
    log: () => undefined,
  });
  base = `http://127.0.0.1:${await runner.start()}/api`;
});
afterAll(async () => {
  await runner.stop();
  await app.stop();
});

it('serves the HTTP functions, runs the timer and executes queue messages like the host (npm start)', async () => {
  await runner.runTimers();
  const targets = (await (await fetch(`${base}/targets`)).json()) as {
    targets: { name: string; desired: string }[];
  };
  // 12:00 UTC on a Thursday is 21:00 in Tokyo: the demo schedule says stopped.
  expect(targets.targets.map((target) => [target.name, target.desired])).toEqual([
    ['build-agents', 'stopped'],
    ['dev-user1', 'stopped'],
    ['dev-user2', 'stopped'],
  ]);
  const deadline = Date.now() + 10_000;
  while (app.arm.state.operations.size < 3 && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 100));
  expect(app.arm.state.operations.size).toBe(3);
  const problem = await fetch(`${base}/targets/dev-user1/override`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"kind":"keep-up"}',
  });
  expect(problem.status).toBe(400);
  expect(problem.headers.get('content-type')).toBe('application/problem+json');
  expect((await fetch(`${base}/nothing-here`)).status).toBe(404);
});
