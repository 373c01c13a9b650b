import { afterEach, describe, expect, inject, it } from 'vitest';
import { getServices } from '../../shared/compositionRoot.js';
import { ConfigError } from '../../shared/ConfigError.js';
import { uniquePrefix } from '../helpers/storageBackends.js';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe('getServices', () => {
  it('tries a failed start-up again on the next invocation instead of failing every call until the worker recycles', async () => {
    // After `azd up`, storage role assignments take minutes to propagate: the first start-up fails.
    process.env = { ...saved, OFFHOURS_TICK: 'not a schedule' };
    delete process.env['AzureWebJobsStorage'];
    const first = getServices();
    // Invocations that arrive while it is under way share the one start-up.
    expect(getServices()).toBe(first);
    await expect(first).rejects.toThrow(ConfigError);

    process.env = {
      ...saved,
      AzureWebJobsStorage: inject('storageConnectionString'),
      OFFHOURS_TABLE_PREFIX: uniquePrefix(),
      OFFHOURS_TICK: '0 */5 * * * *',
    };
    const services = await getServices();
    expect(services.config.tick).toBe('0 */5 * * * *');
    // Once started, every invocation shares the same services.
    expect(await getServices()).toBe(services);
  });
});
