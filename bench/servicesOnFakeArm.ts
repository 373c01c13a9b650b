import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeArm } from '../dev/fakeArm/FakeArm.js';
import { fakeArmCredential } from '../dev/fakeArm/fakeArmCredential.js';
import { InMemoryActionQueue } from '../dev/InMemoryActionQueue.js';
import { InMemoryRowTable } from '../dev/InMemoryRowTable.js';
import { tableStorageOn, type TableStorage } from '../shared/app/storage/TableStorage.js';
import { createServices, type ServiceOverrides, type Services } from '../shared/compositionRoot.js';
import { loadConfig } from '../shared/config.js';

/**
 * The whole app (the composition root's services) on a simulated clock against `arm`, with in-memory
 * tables and an in-memory queue the benchmark drains itself: the set-up of the simulated-days
 * benchmarks.
 */
export async function servicesOnFakeArm(
  arm: FakeArm,
  now: () => number,
  settings: Record<string, string>,
  overrides: Omit<ServiceOverrides, 'now' | 'credential' | 'storage' | 'queue'> = {},
): Promise<{ services: Services; storage: TableStorage; queue: InMemoryActionQueue }> {
  const caFile = join(await mkdtemp(join(tmpdir(), 'offhours-bench-')), 'ca.pem');
  await writeFile(caFile, arm.ca);
  const tables = new Map<string, InMemoryRowTable>();
  const storage = tableStorageOn((name) => {
    let table = tables.get(name);
    if (!table) tables.set(name, (table = new InMemoryRowTable(name)));
    return table;
  });
  const queue = new InMemoryActionQueue();
  const services = await createServices(
    loadConfig({
      AzureWebJobsStorage: 'UseDevelopmentStorage=true',
      OFFHOURS_ARM_ENDPOINT: arm.url,
      OFFHOURS_ARM_CA_FILE: caFile,
      OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0',
      ...settings,
    }),
    { log: () => undefined, ...overrides, now, credential: fakeArmCredential, storage, queue },
  );
  return { services, storage, queue };
}
