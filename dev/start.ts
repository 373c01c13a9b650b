import './quietTestMode.js';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServices, useServices } from '../shared/compositionRoot.js';
import { loadConfig } from '../shared/config.js';
import { ConfigError } from '../shared/ConfigError.js';
import { FakeArm } from './fakeArm/FakeArm.js';
import { fakeArmCredential } from './fakeArm/fakeArmCredential.js';
import { FUNCTIONS } from './functionRegistry.js';
import { LocalRunner } from './LocalRunner.js';
import { seedDemoAzure, seedDemoCatalog } from './demoFleet.js';
import { startAzurite } from './startAzurite.js';

/**
 * `npm start`: the Function app on this machine. Without local.settings.json: Azurite, a fake Azure
 * with a demo fleet, and the demo schedule. With local.settings.json: its settings (real Azure through
 * your `az login`, storage from AzureWebJobsStorage).
 */
const PORT = Number(process.env['PORT'] ?? 7071);
const settingsFile = join(process.cwd(), 'local.settings.json');
const realSettings = existsSync(settingsFile)
  ? ((JSON.parse(readFileSync(settingsFile, 'utf8')) as { Values?: Record<string, string> }).Values ?? {})
  : undefined;
const stops: (() => Promise<void>)[] = [];
const log = (line: string) => process.stdout.write(`${line}\n`);

async function demoEnvironment(): Promise<Record<string, string>> {
  const azurite = await startAzurite();
  stops.push(() => azurite.stop());
  const arm = await FakeArm.start({ operationDurationMs: 20_000 });
  stops.push(() => arm.stop());
  seedDemoAzure(arm.state);
  const caFile = join(await mkdtemp(join(tmpdir(), 'offhours-demo-')), 'fake-arm.pem');
  await writeFile(caFile, arm.ca);
  log(
    `Azurite (in memory) on ports ${azurite.ports.blob}/${azurite.ports.queue}/${azurite.ports.table}; fake Azure Resource Manager on ${arm.url}`,
  );
  // The demo ticks every minute and waits one minute before a new target's first stop, so there is something to see.
  return {
    AzureWebJobsStorage: azurite.connectionString,
    OFFHOURS_ARM_ENDPOINT: arm.url,
    OFFHOURS_ARM_CA_FILE: caFile,
    OFFHOURS_TICK: process.env['OFFHOURS_TICK'] ?? '0 * * * * *',
    OFFHOURS_NEW_TARGET_GRACE_MINUTES: process.env['OFFHOURS_NEW_TARGET_GRACE_MINUTES'] ?? '1',
  };
}

/** With local.settings.json: its settings; `UseDevelopmentStorage=true` gets an Azurite started here (in memory). */
async function settingsEnvironment(
  settings: Record<string, string>,
): Promise<Record<string, string | undefined>> {
  if (settings['AzureWebJobsStorage']?.trim() !== 'UseDevelopmentStorage=true')
    return { ...process.env, ...settings };
  const azurite = await startAzurite();
  stops.push(() => azurite.stop());
  log(
    `Azurite (in memory) on ports ${azurite.ports.blob}/${azurite.ports.queue}/${azurite.ports.table} for UseDevelopmentStorage=true`,
  );
  return { ...process.env, ...settings, AzureWebJobsStorage: azurite.connectionString };
}

async function main(): Promise<void> {
  const environment = realSettings
    ? await settingsEnvironment(realSettings)
    : { ...process.env, ...(await demoEnvironment()) };
  const config = loadConfig(environment);
  const services = await createServices(config, realSettings ? {} : { credential: fakeArmCredential });
  useServices(services);
  if (!realSettings) await seedDemoCatalog(services.storage);
  const runner = new LocalRunner({
    functions: FUNCTIONS,
    connectionString: config.storage.connectionString ?? '',
    tick: config.tick,
    port: PORT,
    log,
  });
  stops.unshift(() => runner.stop());
  const port = await runner.start();
  const api = `http://localhost:${port}/api`;
  log(`
AKS Off-Hours is running ${realSettings ? 'with the settings of local.settings.json' : 'on the demo fleet (simulated Azure, schedule tokyo-office: Mon-Fri 08:00-20:00 Asia/Tokyo, JP holidays)'}.
The reconcile timer runs on "${config.tick}" (UTC); queue messages are executed as they arrive.

Try:
  curl ${api}/targets
  curl ${api}/targets/dev-user1
  curl -X POST ${api}/targets/dev-user1/override -H 'content-type: application/json' -d '{"kind":"keep-running","duration":"PT2H","reason":"demo late"}'
  curl -X POST ${api}/targets/dev-user2/stop -H 'content-type: application/json' -d '{"duration":"PT30M"}'
  curl ${api}/schedules/tokyo-office/preview
  curl ${api}/audit?limit=10
  curl ${api}/openapi.json

Stop with Ctrl+C.
`);
  await runner.runTimers();
}

async function shutdown(): Promise<void> {
  for (const stop of stops) await stop().catch(() => undefined);
  process.exit(0);
}

process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
main().catch(async (error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  for (const stop of stops) await stop().catch(() => undefined);
  process.exit(1);
});
