import { inject } from 'vitest';
import { buildPage } from '../../dev/buildPage.js';
import { FUNCTIONS } from '../../dev/functionRegistry.js';
import { LocalRunner } from '../../dev/LocalRunner.js';
import { ContractBreachError, contractBreachOf } from './contractCheck.js';

/**
 * The local runner's HTTP side (what `npm start` serves) over the services a test's `startApp` set
 * up, with the status page built from web/ first. Only HTTP functions: the test ticks and drains itself.
 */
export async function startStatusPageServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  await buildPage();
  // Every answer the page gets is checked against the contract; a breach fails the test at stop.
  const breaches: string[] = [];
  const runner = new LocalRunner({
    functions: FUNCTIONS.filter((definition) => definition.trigger === 'http'),
    connectionString: inject('storageConnectionString'),
    // Once a year: the test runs the timer itself.
    tick: '0 0 0 1 1 *',
    port: 0,
    log: () => undefined,
    answered: (method, url, response) => {
      if (url === '/' || !url.startsWith('/api/')) return;
      const breach = contractBreachOf(method, url, response.status ?? 200, response.jsonBody);
      if (breach) breaches.push(breach);
    },
  });
  const port = await runner.start();
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      await runner.stop();
      if (breaches.length > 0) throw new ContractBreachError(breaches.join('\n'));
    },
  };
}
