import './quietTestMode.js';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServices, useServices } from '../shared/compositionRoot.js';
import { loadConfig } from '../shared/config.js';
import { ConfigError } from '../shared/ConfigError.js';
import { consoleLine } from './consoleLine.js';
import { DEMO_SCHEDULES, seedDemoAzure, seedDemoCatalog } from './demoFleet.js';
import { FakeArm } from './fakeArm/FakeArm.js';
import { FakeRetailPrices } from './fakeRetailPrices/FakeRetailPrices.js';
import { fakeArmCredential } from './fakeArm/fakeArmCredential.js';
import { FUNCTIONS } from './functionRegistry.js';
import { LocalRunner } from './LocalRunner.js';
import { NoticeInbox } from './NoticeInbox.js';
import { randomBytes } from 'node:crypto';
import { PortInUseError } from './PortInUseError.js';
import { startAzurite } from './startAzurite.js';
import { StartOptionsError, parseStartOptions } from './startOptions.js';

/**
 * `npm start`: the Function app on this machine. Without local.settings.json: Azurite, a fake Azure
 * with a demo fleet, and the demo schedules. With local.settings.json: its settings (real Azure through
 * your `az login`, storage from AzureWebJobsStorage).
 */
const settingsFile = join(process.cwd(), 'local.settings.json');
const stops: (() => Promise<void>)[] = [];
const print = (line: string) => process.stdout.write(`${line}\n`);

/** Every log line in full (JSON, as the app logs in Azure) goes to a file; the console gets short lines. */
interface Logs {
  file: string;
  /** A structured record from the services (one per decision, tick, operation…). */
  record(record: Record<string, unknown>): void;
  /** A line a handler logged through its InvocationContext. */
  functionLine(functionName: string, level: string, text: string): void;
}

async function openLogs(folder: string, verbose: boolean): Promise<Logs> {
  const file = join(folder, 'offhours.log');
  const stream = createWriteStream(file, { flags: 'a' });
  stops.push(() => new Promise<void>((resolve) => stream.end(() => resolve())));
  const full = (line: string) => {
    stream.write(`${line}\n`);
    if (verbose) print(line);
  };
  const short = (record: Record<string, unknown>) => {
    const line = verbose ? undefined : consoleLine(record);
    if (line) print(line);
  };
  return {
    file,
    record(record) {
      full(JSON.stringify(record));
      short(record);
    },
    functionLine(functionName, level, text) {
      full(`[${functionName}] ${level === 'information' ? '' : `${level}: `}${text}`);
      if (verbose) return;
      const record = parseRecord(text);
      if (record) short(record);
      else if (level === 'warning' || level === 'error') print(`${functionName} ${level}: ${text}`);
    },
  };
}

function parseRecord(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The demo's notice channel: a local inbox page instead of Slack or Teams. */
const DEMO_CHANNEL = 'demo-inbox';
let inbox: NoticeInbox | undefined;

async function startInbox(): Promise<NoticeInbox> {
  const started = new NoticeInbox((notice, url) => {
    const first = notice.targets[0];
    const keep = first ? Object.values(first.links)[0] : undefined;
    print(
      `notice: ${notice.title}: ${notice.targets.map((target) => target.name).join(', ')}; open ${url} to keep them running${
        keep && first ? ` (or ${first.name}: ${keep.label}: ${keep.url})` : ''
      }`,
    );
  });
  await started.start();
  stops.push(() => started.stop());
  return started;
}

async function demoEnvironment(folder: string, port: number): Promise<Record<string, string>> {
  inbox = await startInbox();
  const azurite = await startAzurite();
  stops.push(() => azurite.stop());
  const arm = await FakeArm.start({ operationDurationMs: 20_000, billing: {}, nodeResourceGroups: true });
  stops.push(() => arm.stop());
  seedDemoAzure(arm.state);
  const prices = await FakeRetailPrices.start();
  stops.push(() => prices.stop());
  const caFile = join(folder, 'fake-arm.pem');
  await writeFile(caFile, arm.ca);
  print(
    `Azurite (in memory) on ports ${azurite.ports.blob}/${azurite.ports.queue}/${azurite.ports.table}; fake Azure Resource Manager on ${arm.url}; fake Retail Prices API (made-up prices) on ${prices.url}`,
  );
  // The demo ticks every minute and waits one minute before a new target's first stop, so there is something to see.
  return {
    AzureWebJobsStorage: azurite.connectionString,
    OFFHOURS_ARM_ENDPOINT: arm.url,
    OFFHOURS_ARM_CA_FILE: caFile,
    OFFHOURS_TICK: process.env['OFFHOURS_TICK'] ?? '0 * * * * *',
    OFFHOURS_NEW_TARGET_GRACE_MINUTES: process.env['OFFHOURS_NEW_TARGET_GRACE_MINUTES'] ?? '1',
    OFFHOURS_RETAIL_PRICES_URL: prices.url,
    // Notices go to the local inbox; warning three days ahead means the next stop has its notice at once.
    OFFHOURS_NOTIFY_CHANNELS: JSON.stringify({ [DEMO_CHANNEL]: { type: 'webhook', url: inbox.webhookUrl } }),
    OFFHOURS_NOTIFY_LINK_KEYS: randomBytes(32).toString('base64url'),
    OFFHOURS_NOTIFY_LINK_BASE_URL: `http://localhost:${port}`,
    OFFHOURS_NOTIFY_LEAD_MINUTES: process.env['OFFHOURS_NOTIFY_LEAD_MINUTES'] ?? String(3 * 24 * 60),
  };
}

/** The demo schedules name the inbox in their Notify column (unless a person changed it). */
async function notifyDemoInbox(
  storage: Awaited<ReturnType<typeof createServices>>['storage'],
): Promise<void> {
  for (const schedule of DEMO_SCHEDULES) {
    const current = await storage.schedules.get(schedule.name);
    if (current && current.notify === undefined)
      await storage.schedules.update(schedule.name, (record) => ({ ...record, notify: DEMO_CHANNEL }));
  }
}

/** With local.settings.json: its settings; `UseDevelopmentStorage=true` gets an Azurite started here (in memory). */
async function settingsEnvironment(
  settings: Record<string, string>,
): Promise<Record<string, string | undefined>> {
  if (settings['AzureWebJobsStorage']?.trim() !== 'UseDevelopmentStorage=true')
    return { ...process.env, ...settings };
  const azurite = await startAzurite();
  stops.push(() => azurite.stop());
  print(
    `Azurite (in memory) on ports ${azurite.ports.blob}/${azurite.ports.queue}/${azurite.ports.table} for UseDevelopmentStorage=true`,
  );
  return { ...process.env, ...settings, AzureWebJobsStorage: azurite.connectionString };
}

function readSettings(): Record<string, string> | undefined {
  if (!existsSync(settingsFile)) return undefined;
  return (JSON.parse(readFileSync(settingsFile, 'utf8')) as { Values?: Record<string, string> }).Values ?? {};
}

function demoHints(api: string): string {
  return `
Try:
  curl ${api}/targets
  curl ${api}/targets/dev-user1
  curl -X POST ${api}/targets/dev-user1/override -H 'content-type: application/json' -d '{"kind":"keep-running","duration":"PT2H","reason":"demo late"}'
  curl -X POST ${api}/targets/dev-user2/stop -H 'content-type: application/json' -d '{"duration":"PT30M"}'
  curl ${api}/schedules/tokyo-office/preview
  curl ${api}/audit?limit=10
  curl ${api}/savings   (money saved this month, priced by the fake Retail Prices API)
  curl ${api}/openapi.json
`;
}

async function main(): Promise<void> {
  const options = parseStartOptions(process.argv.slice(2), process.env);
  const realSettings = readSettings();
  const folder = await mkdtemp(join(tmpdir(), 'offhours-start-'));
  const logs = await openLogs(folder, options.verbose);
  const environment = realSettings
    ? await settingsEnvironment(realSettings)
    : { ...process.env, ...(await demoEnvironment(folder, options.port)) };
  const config = loadConfig(environment);
  let port = options.port;
  const services = await createServices(config, {
    log: (record) => logs.record(record),
    ...(realSettings ? {} : { credential: fakeArmCredential }),
    // On PORT=0 the port is known only once the runner listens.
    ...(realSettings ? {} : { noticeLinkBaseUrl: () => `http://localhost:${port}` }),
  });
  useServices(services);
  if (!realSettings) {
    await seedDemoCatalog(services.storage);
    await notifyDemoInbox(services.storage);
  }
  const runner = new LocalRunner({
    functions: FUNCTIONS,
    connectionString: config.storage.connectionString ?? '',
    tick: config.tick,
    port: options.port,
    log: print,
    functionLog: (functionName, level, text) => logs.functionLine(functionName, level, text),
  });
  stops.unshift(() => runner.stop());
  port = await runner.start();
  const api = `http://localhost:${port}/api`;
  const demo = `on the demo fleet (simulated Azure; schedules ${DEMO_SCHEDULES.map(
    (schedule) => schedule.name,
  ).join(' and ')}: dev pools up Mon-Fri 08:00-20:00 Tokyo time, build agents up the rest of the time)`;
  const storage = environment['AzureWebJobsStorage'] ?? '';
  print(`
AKS Off-Hours is running ${realSettings ? 'with the settings of local.settings.json' : demo}.
Status page: ${api}/ui (open it in a browser)
API: ${api} (GET http://localhost:${port}/ lists the routes). The reconcile timer runs on "${config.tick}" (UTC).
${inbox ? `Notices: ${inbox.url} (a local inbox standing in for Slack or Teams; also printed here)\n` : ''}Console: one line per tick and per action${options.verbose ? ', and every log line in full (--verbose)' : '; every log line in full (JSON) with npm start -- --verbose'}, and in ${logs.file}.
${
  storage.includes('devstoreaccount1')
    ? `
The CLI against this Azurite, from another terminal in this folder:
  export AzureWebJobsStorage='${storage}'
  npx aks-offhours export${
    environment['OFFHOURS_RETAIL_PRICES_URL']
      ? `
  OFFHOURS_RETAIL_PRICES_URL='${environment['OFFHOURS_RETAIL_PRICES_URL']}' npx aks-offhours savings`
      : ''
  }
`
    : ''
}${realSettings ? '' : demoHints(api)}
Stop with Ctrl+C.
`);
  await runner.runTimers();
}

let stopping: Promise<void> | undefined;
/** Stops what was started, once, however many times Ctrl+C is pressed. */
async function shutdown(code: number): Promise<never> {
  stopping ??= (async () => {
    for (const stop of stops) await stop().catch(() => undefined);
  })();
  await stopping;
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch(async (error: unknown) => {
  const known =
    error instanceof ConfigError || error instanceof PortInUseError || error instanceof StartOptionsError;
  process.stderr.write(
    `${known ? `npm start: ${error.message}` : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  await shutdown(1);
});
