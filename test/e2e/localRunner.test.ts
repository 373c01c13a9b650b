import { execFile, spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemTypeOf } from '../../shared/app/problems/PROBLEM_TYPES.js';
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
      headers: { 'content-type': 'application/json' },
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
        type: problemTypeOf('not-found'),
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
      type: problemTypeOf('method-not-allowed'),
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
    // Sun 2026-11-22 to Sun 2026-11-29 UTC; Mon 2026-11-23 is a holiday in Japan. On the hour: in the
    // quarter hour before 08:00 and 20:00 Tokyo one target may begin its start early (its start lead)
    // while the other is still up, and then nothing is due to stop (README, npm start).
    for (let hour = 0; hour < 7 * 24; hour++) {
      app.clock.now = Date.parse('2026-11-22T00:00:00Z') + hour * 3_600_000;
      const plan = await app.services.reconciler.tick({ planOnly: true });
      if (!plan.decisions.some((decision) => decision.action === 'stop'))
        idle.push(new Date(app.clock.now).toISOString());
    }
    expect(idle).toEqual([]);
  }, 120_000);
});

/** `npm start` as a user runs it: the built dev/start.js in a folder of its own, in a process group of its own. */
const START = fileURLToPath(new URL('../../dist/dev/start.js', import.meta.url));
const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

function npmStart(cwd: string, environment: Record<string, string>, args: string[] = []) {
  let stdout = '';
  let stderr = '';
  const child = spawn(process.execPath, [START, ...args], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...environment },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    exited,
    stdout: () => stdout,
    stderr: () => stderr,
    async waitFor(text: string, timeoutMs = 150_000): Promise<void> {
      await this.waitForMatch(new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), timeoutMs);
    },
    async waitForMatch(pattern: RegExp, timeoutMs = 150_000): Promise<RegExpExecArray> {
      const deadline = Date.now() + timeoutMs;
      for (let match = pattern.exec(stdout); ; match = pattern.exec(stdout)) {
        if (match) return match;
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`npm start did not print ${String(pattern)}; it printed:\n${stdout}\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    /** Ctrl+C in a terminal: SIGINT to the whole foreground process group. */
    async interrupt(): Promise<number | null> {
      if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGINT');
      return exited;
    },
  };
}

function azuritePorts(stdout: string): number[] {
  const match = /Azurite \(in memory\) on ports (\d+)\/(\d+)\/(\d+)/.exec(stdout);
  return match ? match.slice(1).map(Number) : [];
}

async function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => socket.end(() => resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Starting Azurite and the fake ARM takes a while on a busy machine; no test asserts a duration. */
const START_TIMEOUT_MS = 180_000;
const FAST_DEMO = { OFFHOURS_TICK: '*/2 * * * * *', OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0', PORT: '0' };

describe('npm start (dist/dev/start.js)', () => {
  it.concurrent(
    'on a busy port says which port and how to choose another, and stops what it started',
    async () => {
      const busy = createServer();
      await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
      const port = (busy.address() as { port: number }).port;
      try {
        const started = npmStart(await mkdtemp(join(tmpdir(), 'offhours-start-')), { PORT: String(port) });
        expect(await started.exited).toBe(1);
        expect(started.stderr()).toBe(
          `npm start: port ${port} is already in use (another npm start or func start?); choose another with PORT, e.g. PORT=${port + 1} npm start\n`,
        );
        const ports = azuritePorts(started.stdout());
        expect(ports).toHaveLength(3);
        for (const azuritePort of ports) expect(await isListening(azuritePort)).toBe(false);
      } finally {
        busy.close();
      }
    },
    START_TIMEOUT_MS,
  );

  it.concurrent(
    'prints one plain line per tick and per action, and stops cleanly on Ctrl+C (no orphaned Azurite)',
    async () => {
      const started = npmStart(await mkdtemp(join(tmpdir(), 'offhours-start-')), FAST_DEMO);
      try {
        // A stop asked through the API, so that a stop comes at any time of day: the schedule stops the
        // build agents only while the Tokyo office is in (then this stop is the schedule's too).
        const api = (await started.waitForMatch(/^API: (http:\/\/localhost:\d+\/api)/m))[1] ?? '';
        const asked = await fetch(`${api.replace('localhost', '127.0.0.1')}/targets/build-agents/stop`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ duration: 'PT30M' }),
        });
        expect(asked.status).toBeLessThan(300);
        await started.waitFor('build-agents: stop begun');
        await started.waitFor('checked 3 targets: nothing to change');
      } finally {
        expect(await started.interrupt(), started.stderr()).toBe(0);
      }
      const output = started.stdout();
      expect(output).toContain('curl http://localhost:');
      expect(output.split('\n').filter((line) => line.startsWith('{'))).toEqual([]);
      // One line per tick (all targets, or the one the API asked about) and one per action.
      expect(output).toMatch(/^\d\d:\d\d:\d\d UTC checked (1 target|3 targets): [1-3] changes? queued$/m);
      expect(output).toMatch(/^build-agents: stop queued: .* says stopped$/m);
      expect(`${output}${started.stderr()}`).not.toContain('Cannot close server');
      for (const port of azuritePorts(output)) expect(await isListening(port)).toBe(false);
    },
    START_TIMEOUT_MS,
  );

  it.concurrent(
    'prints a connection string that import and export take',
    async () => {
      const started = npmStart(await mkdtemp(join(tmpdir(), 'offhours-start-')), FAST_DEMO);
      try {
        await started.waitFor('Stop with Ctrl+C.');
        const connection = /export AzureWebJobsStorage='([^']+)'/.exec(started.stdout())?.[1] ?? '';
        const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'export'], {
          env: { ...process.env, AzureWebJobsStorage: connection },
        });
        expect(stdout).toContain('tokyo-office:');
        expect(stdout).toContain('nightly-builds:');
        // The status page's address is printed, and it is served there (docs/status-page.md).
        const page = /^Status page: (http:\/\/localhost:\d+\/api\/ui) /m.exec(started.stdout())?.[1] ?? '';
        const answer = await fetch(page.replace('localhost', '127.0.0.1'));
        expect(answer.status).toBe(200);
        expect(await answer.text()).toContain('<div id="app"></div>');
      } finally {
        expect(await started.interrupt(), started.stderr()).toBe(0);
      }
    },
    START_TIMEOUT_MS,
  );

  it.concurrent(
    'with --verbose prints the full JSON decision lines',
    async () => {
      const started = npmStart(await mkdtemp(join(tmpdir(), 'offhours-start-')), FAST_DEMO, ['--verbose']);
      try {
        await started.waitFor('{"event":"decision","target":"build-agents"');
      } finally {
        expect(await started.interrupt(), started.stderr()).toBe(0);
      }
    },
    START_TIMEOUT_MS,
  );

  it.concurrent(
    'with local.settings.json prints no demo hints',
    async () => {
      const folder = await mkdtemp(join(tmpdir(), 'offhours-start-'));
      await writeFile(
        join(folder, 'local.settings.json'),
        JSON.stringify({
          IsEncrypted: false,
          Values: { AzureWebJobsStorage: 'UseDevelopmentStorage=true', OFFHOURS_DRY_RUN: 'true' },
        }),
      );
      const started = npmStart(folder, { PORT: '0', OFFHOURS_TICK: '0 0 0 1 1 *' });
      try {
        await started.waitFor('Stop with Ctrl+C.');
      } finally {
        expect(await started.interrupt(), started.stderr()).toBe(0);
      }
      expect(started.stdout()).toContain('with the settings of local.settings.json');
      expect(started.stdout()).toContain("export AzureWebJobsStorage='DefaultEndpointsProtocol=http;");
      expect(started.stdout()).not.toContain('curl');
      expect(started.stdout()).not.toContain('demo');
    },
    START_TIMEOUT_MS,
  );

  it(
    'refuses an unknown option and a PORT that is not a number, in one line',
    async () => {
      const folder = await mkdtemp(join(tmpdir(), 'offhours-start-'));
      const unknown = npmStart(folder, {}, ['--verbos']);
      expect(await unknown.exited).toBe(1);
      expect(unknown.stderr()).toBe(
        'npm start: unknown option "--verbos"; the only option is --verbose (npm start -- --verbose)\n',
      );
      const badPort = npmStart(folder, { PORT: 'http' });
      expect(await badPort.exited).toBe(1);
      expect(badPort.stderr()).toBe(
        'npm start: PORT "http" is not a port number; use 1 to 65535 (or 0 for any free port), e.g. PORT=7072 npm start\n',
      );
    },
    START_TIMEOUT_MS,
  );
});
