import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import functions from '@azure/functions';
import { describe, expect, it, vi } from 'vitest';
import { FUNCTIONS } from '../../dev/functionRegistry.js';
import { routeMatcher } from '../../dev/invokeHttp.js';
import { SETTING_NAMES } from '../../shared/config.js';
import { tickSchedule } from '../../shared/tickSchedule.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readJson = async (path: string) =>
  JSON.parse(await readFile(`${root}${path}`, 'utf8')) as Record<string, unknown>;

describe('what the Functions host loads', () => {
  it('package.json main globs the compiled functions, and every built function file registers one of them', async () => {
    const pkg = await readJson('package.json');
    expect(pkg['main']).toBe('dist/functions/*.js');
    const built = (await readdir(`${root}dist/functions`)).filter((file) => file.endsWith('.js')).sort();
    const sources = (await readdir(`${root}functions`))
      .filter((file) => file.endsWith('.ts'))
      .map((file) => file.replace(/\.ts$/, '.js'))
      .sort();
    expect(built).toEqual(sources);
    for (const file of built) {
      const module = (await import(`${root}dist/functions/${file}`)) as { definition?: { name: string } };
      expect(FUNCTIONS.map((definition) => definition.name)).toContain(module.definition?.name);
    }
    expect(built).toHaveLength(FUNCTIONS.length);
  });

  // The worker reports a function with the script file being loaded when it registers: a file that
  // imports another function's file would register that one too, under its own name.
  it.each(FUNCTIONS.map((definition) => [definition.name] as const))(
    'loading the file of %s registers that function and no other',
    async (name) => {
      const registered: string[] = [];
      const record = (functionName: string) => void registered.push(functionName);
      vi.spyOn(functions.app, 'http').mockImplementation(record);
      vi.spyOn(functions.app, 'timer').mockImplementation(record);
      vi.spyOn(functions.app, 'storageQueue').mockImplementation(record);
      vi.resetModules();
      await import(`../../functions/${name}.ts`);
      vi.restoreAllMocks();
      expect(registered).toEqual([name]);
    },
  );

  it.each(FUNCTIONS.map((definition) => [definition.name, definition] as const))(
    '%s has a valid name, trigger and route',
    (_name, definition) => {
      expect(definition.name).toMatch(/^[A-Za-z][A-Za-z0-9_-]{0,127}$/);
      if (definition.trigger === 'http') {
        // Only the notice links are anonymous: their signed token is the authorisation (docs/notifications.md).
        expect(definition.options.authLevel).toBe(
          definition.name === 'noticeLink' ? 'anonymous' : 'function',
        );
        expect(definition.options.methods?.length).toBeGreaterThan(0);
        expect(definition.options.route).toMatch(/^[a-z{][\w{}./:*^$()|-]*$/i);
        expect(() => routeMatcher(definition.options.route ?? '')).not.toThrow();
      } else if (definition.trigger === 'timer') {
        expect(definition.options.schedule).toBe(tickSchedule(process.env['OFFHOURS_TICK']));
      } else {
        expect(definition.options.queueName).toMatch(/^offhours-actions(-poison)?$/);
        expect(definition.options.connection).toBe('AzureWebJobsStorage');
      }
    },
  );

  it('no two HTTP functions serve the same method and path', () => {
    const paths = [
      'targets',
      'targets/x',
      'targets/x/override',
      'targets/x/start',
      'targets/x/stop',
      'schedules',
      'schedules/x',
      'schedules/x/preview',
      'audit',
      'health',
      'openapi.json',
      'notices/x/keep-1h',
    ];
    for (const path of paths) {
      for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
        const serving = FUNCTIONS.filter(
          (definition) =>
            definition.trigger === 'http' &&
            definition.options.methods?.includes(method as never) &&
            routeMatcher(definition.options.route ?? '')(path),
        );
        expect(serving.length, `${method} ${path}`).toBeLessThanOrEqual(1);
      }
    }
  });

  it('host.json has the extension bundle and the queue settings the executor relies on', async () => {
    const host = await readJson('host.json');
    expect(host).toMatchObject({
      version: '2.0',
      extensionBundle: { id: 'Microsoft.Azure.Functions.ExtensionBundle' },
      extensions: { queues: { messageEncoding: 'base64', maxDequeueCount: 5 } },
    });
  });

  it('local.settings.sample.json lists every setting the app reads', async () => {
    const sample = (await readJson('local.settings.sample.json'))['Values'] as Record<string, string>;
    // WEBSITE_AUTH_ENABLED is the platform's to set, never the user's (docs/security.md).
    for (const name of SETTING_NAMES.filter(
      (setting) => !setting.includes('__') && !setting.startsWith('WEBSITE_'),
    ))
      expect(Object.keys(sample)).toContain(name);
    expect(sample['FUNCTIONS_WORKER_RUNTIME']).toBe('node');
  });
});
