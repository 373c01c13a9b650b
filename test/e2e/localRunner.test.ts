import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../dev/functionRegistry.js';
import { LocalRunner } from '../../dev/LocalRunner.js';
import { PortInUseError } from '../../dev/PortInUseError.js';
import { seedDemoAzure, seedDemoCatalog } from '../../dev/demoFleet.js';
import { startApp, type AppHarness } from '../helpers/appHarness.js';

describe('the local runner (npm start)', () => {
  let app: AppHarness;
  let runner: LocalRunner;
  let root = '';
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
    root = `http://127.0.0.1:${await runner.start()}`;
    base = `${root}/api`;
  });
  afterAll(async () => {
    await runner.stop();
    await app.stop();
  });

  it('serves the HTTP functions, runs the timer and executes queue messages like the host', async () => {
    await runner.runTimers();
    const targets = (await (await fetch(`${base}/targets`)).json()) as {
      targets: { name: string; desired: string }[];
    };
    // 12:00 UTC on a Thursday is 21:00 in Tokyo: the office pools stop, the build agents run.
    expect(targets.targets.map((target) => [target.name, target.desired])).toEqual([
      ['build-agents', 'running'],
      ['dev-user1', 'stopped'],
      ['dev-user2', 'stopped'],
    ]);
    const deadline = Date.now() + 10_000;
    while (app.arm.state.operations.size < 2 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(app.arm.state.operations.size).toBe(2);
    const problem = await fetch(`${base}/targets/dev-user1/override`, {
      method: 'POST',
      body: '{"kind":"keep-up"}',
    });
    expect(problem.status).toBe(400);
    expect(problem.headers.get('content-type')).toBe('application/problem+json');
  });

  it('answers an unknown route with 404 problem details', async () => {
    for (const path of ['/api/nothing-here', '/targets', '/favicon.ico']) {
      const response = await fetch(`${root}${path}`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await response.json()).toEqual({
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
        detail: `no function serves ${path}; GET /api/openapi.json lists the routes`,
      });
    }
  });

  it('answers a method the route does not take with 405 problem details and Allow', async () => {
    const response = await fetch(`${base}/targets`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('allow')).toBe('GET');
    expect(await response.json()).toEqual({
      type: 'about:blank',
      title: 'Method Not Allowed',
      status: 405,
      detail: 'DELETE is not allowed on /api/targets; use GET',
    });
  });

  it('answers GET / with where the API and its description are', async () => {
    const response = await fetch(`${root}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const index = (await response.json()) as { api: string; openapi: string; routes: string[] };
    expect(index.api).toBe(`${root.replace('127.0.0.1', 'localhost')}/api`);
    expect(index.openapi).toBe(`${root.replace('127.0.0.1', 'localhost')}/api/openapi.json`);
    expect(index.routes).toContain('GET /api/targets');
    expect(index.routes).toContain('POST /api/targets/{name}/override');
    expect((await fetch(`${root}/`, { method: 'POST' })).status).toBe(405);
  });

  it('refuses a port in use with PortInUseError naming the port and PORT', async () => {
    const busy = Number(new URL(root).port);
    const second = new LocalRunner({
      functions: FUNCTIONS,
      connectionString: '',
      tick: '0 0 0 1 1 *',
      port: busy,
      log: () => undefined,
    });
    const failure = await second.start().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PortInUseError);
    expect((failure as Error).message).toBe(
      `port ${busy} is already in use (another npm start or func start?); choose another with PORT, e.g. PORT=${busy + 1} npm start`,
    );
    await second.stop();
    await second.stop();
  });
});

describe('the demo fleet', () => {
  let app: AppHarness;

  beforeAll(async () => {
    app = await startApp({ OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0' }, {}, '2026-11-22T00:00:00Z');
    seedDemoAzure(app.arm.state);
    await seedDemoCatalog(app.services.storage);
  });
  afterAll(async () => app.stop());

  it('has something to stop at every hour of a week with a holiday, so a new user sees a stop at once', async () => {
    const idle: string[] = [];
    // Sun 2026-11-22 to Sun 2026-11-29 UTC; Mon 2026-11-23 is a holiday in Japan.
    for (let hour = 0; hour < 7 * 24; hour++) {
      app.clock.now = Date.parse('2026-11-22T00:00:00Z') + hour * 3_600_000;
      const plan = await app.services.reconciler.tick({ planOnly: true });
      if (!plan.decisions.some((decision) => decision.action === 'stop'))
        idle.push(new Date(app.clock.now).toISOString());
    }
    expect(idle).toEqual([]);
  }, 120_000);
});
