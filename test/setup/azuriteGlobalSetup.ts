import type { TestProject } from 'vitest/node';
import { startAzurite } from '../../dev/startAzurite.js';

declare module 'vitest' {
  export interface ProvidedContext {
    storageConnectionString: string;
  }
}

/** One Azurite for the whole run, on free ports, stopped at the end; tests isolate themselves by table prefix. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const azurite = await startAzurite();
  project.provide('storageConnectionString', azurite.connectionString);
  return () => azurite.stop();
}
