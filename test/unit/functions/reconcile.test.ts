import functions, { type Timer } from '@azure/functions';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { definition, reconcile } from '../../../functions/reconcile.js';
import { createServices, useServices } from '../../../shared/compositionRoot.js';
import { loadConfig } from '../../../shared/config.js';
import { tickSchedule } from '../../../shared/tickSchedule.js';
import { uniquePrefix } from '../../helpers/storageBackends.js';

const { InvocationContext } = functions;
const timer: Timer = {
  isPastDue: false,
  schedule: { adjustForDST: false },
  scheduleStatus: { last: '', next: '', lastUpdated: '' },
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the reconcile timer', () => {
  it('registers a schedule the host can read without the OFFHOURS_TICK setting: the default of the configuration', () => {
    const configDefault = loadConfig({ AzureWebJobsStorage: 'UseDevelopmentStorage=true' }).tick;
    expect(tickSchedule(undefined)).toBe(configDefault);
    expect(tickSchedule('')).toBe(configDefault);
    expect(tickSchedule(' 0 */10 * * * * ')).toBe('0 */10 * * * *');
    // No %OFFHOURS_TICK% placeholder left for the host to resolve (it has no default for it).
    expect(definition.options.schedule).not.toContain('%');
    expect(definition.options.schedule).toBe(tickSchedule(process.env['OFFHOURS_TICK']));
  });

  it.each([[undefined], [''], ['   '], ['\t'], [' 0 */10 * * * * ']])(
    'with OFFHOURS_TICK %j, the timers use the schedule the configuration accepts (one rule for both)',
    (tick) => {
      const environment = { AzureWebJobsStorage: 'UseDevelopmentStorage=true', OFFHOURS_TICK: tick };
      expect(tickSchedule(environment.OFFHOURS_TICK)).toBe(loadConfig(environment).tick);
    },
  );

  it("writes the reconciler's log lines to the invocation's logger, not to console.log", async () => {
    const config = loadConfig({
      AzureWebJobsStorage: inject('storageConnectionString'),
      OFFHOURS_TABLE_PREFIX: uniquePrefix(),
    });
    useServices(await createServices(config));
    const consoleLog = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const logged: unknown[][] = [];
    const context = new InvocationContext({
      functionName: 'reconcile',
      invocationId: 'invocation-1',
      logHandler: (level, ...args) => logged.push([level, ...args]),
    });

    await reconcile(timer, context);

    const lines = logged.map(([, message]) => String(message));
    expect(lines.find((line) => line.startsWith('{"event":"tick"'))).toBeDefined();
    expect(consoleLog).not.toHaveBeenCalled();
  });
});
