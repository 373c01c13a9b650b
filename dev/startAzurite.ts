import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer, connect } from 'node:net';
import { dirname, join } from 'node:path';

/** Azurite's well-known development account (public, documented by Microsoft). */
const ACCOUNT = 'devstoreaccount1';
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface RunningAzurite {
  connectionString: string;
  ports: { blob: number; queue: number; table: number };
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitForPort(port: number, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => socket.end(() => resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Azurite did not listen on port ${port} in time`);
}

/**
 * Starts Azurite from the npm package on free ports, in memory and without telemetry (it would try
 * to reach the internet). Used by the test setup and by `npm start`.
 */
export async function startAzurite(options: { startupTimeoutMs?: number } = {}): Promise<RunningAzurite> {
  const require = createRequire(import.meta.url);
  const azuriteRoot = dirname(require.resolve('azurite/package.json'));
  const ports = { blob: await freePort(), queue: await freePort(), table: await freePort() };
  const child = spawn(
    process.execPath,
    [
      join(azuriteRoot, 'dist', 'src', 'azurite.js'),
      '--inMemoryPersistence',
      '--disableTelemetry',
      '--silent',
      '--skipApiVersionCheck',
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(ports.blob),
      '--queueHost',
      '127.0.0.1',
      '--queuePort',
      String(ports.queue),
      '--tableHost',
      '127.0.0.1',
      '--tablePort',
      String(ports.table),
    ],
    // Its own process group: Ctrl+C in a terminal reaches the whole foreground group, and Azurite would
    // close itself while our shutdown closes it too ("Cannot close server in status Closed").
    { stdio: ['ignore', 'ignore', 'inherit'], detached: true },
  );
  // Whatever ends this process (an uncaught error included) ends Azurite too: no orphan left listening.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      process.removeListener('exit', killOnExit);
      resolve();
    }),
  );
  try {
    await waitForPort(ports.table, Date.now() + (options.startupTimeoutMs ?? 20_000));
    await waitForPort(ports.queue, Date.now() + (options.startupTimeoutMs ?? 20_000));
  } catch (error) {
    child.kill();
    throw error;
  }
  const endpoint = (port: number) => `http://127.0.0.1:${port}/${ACCOUNT}`;
  return {
    connectionString: [
      'DefaultEndpointsProtocol=http',
      `AccountName=${ACCOUNT}`,
      `AccountKey=${KEY}`,
      `BlobEndpoint=${endpoint(ports.blob)}`,
      `QueueEndpoint=${endpoint(ports.queue)}`,
      `TableEndpoint=${endpoint(ports.table)}`,
    ].join(';'),
    ports,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
