import { inject } from 'vitest';
import { buildPage } from '../../dev/buildPage.js';
import { FUNCTIONS } from '../../dev/functionRegistry.js';
import { LocalRunner } from '../../dev/LocalRunner.js';

/**
 * The local runner's HTTP side (what `npm start` serves) over the services a test's `startApp` set
 * up, with the status page built from web/ first. Only HTTP functions: the test ticks and drains itself.
 */
export async function startStatusPageServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  await buildPage();
  const runner = new LocalRunner({
    functions: FUNCTIONS.filter((definition) => definition.trigger === 'http'),
    connectionString: inject('storageConnectionString'),
    // Once a year: the test runs the timer itself.
    tick: '0 0 0 1 1 *',
    port: 0,
    log: () => undefined,
  });
  const port = await runner.start();
  return { url: `http://127.0.0.1:${port}`, stop: () => runner.stop() };
}
