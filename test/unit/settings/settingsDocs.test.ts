import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { withSettingsTable } from '../../../dev/settingsDocs.js';
import { loadConfig } from '../../../shared/config.js';
import type { SettingDeclaration } from '../../../shared/settings/setting.js';
import { SETTINGS, SETTING_NAMES } from '../../../shared/settings/SETTINGS.js';
import { localSettingsSample } from '../../../shared/settings/localSettingsSample.js';

const read = (path: string) => readFile(new URL(`../../../${path}`, import.meta.url), 'utf8');

describe('the settings, declared once', () => {
  it("give the README's settings table (npm run docs:settings)", async () => {
    const readme = await read('README.md');
    expect(withSettingsTable(readme)).toBe(readme);
    for (const name of SETTING_NAMES) expect(readme).toContain(`| \`${name}\` |`);
  });

  it('give local.settings.sample.json, which the configuration accepts', async () => {
    const sample = await read('local.settings.sample.json');
    expect(sample).toBe(localSettingsSample());
    const { Values } = JSON.parse(sample) as { Values: Record<string, string> };
    expect(() => loadConfig(Values)).not.toThrow();
  });

  it.each(SETTING_NAMES)('%s: its default and sample are values its own schema accepts', (name) => {
    const declaration: SettingDeclaration = SETTINGS[name];
    for (const text of [declaration.default, declaration.sample])
      if (typeof text === 'string' && text !== '')
        expect(declaration.schema.safeParse(text).success).toBe(true);
    expect(declaration.meaning.length).toBeGreaterThan(10);
  });

  it('put each value where its declaration says, and only there', () => {
    const config = loadConfig({
      AzureWebJobsStorage: 'UseDevelopmentStorage=true',
      OFFHOURS_NOTIFY_LEAD_MINUTES: '45',
      OFFHOURS_ARM_CA_FILE: '/tmp/ca.pem',
    });
    expect(config.notify.leadMinutes).toBe(45);
    expect(config.armCaFile).toBe('/tmp/ca.pem');
    expect(config.storage).toEqual({ connectionString: 'UseDevelopmentStorage=true' });
    expect(Object.keys(config)).not.toContain('leadMinutes');
    expect(Object.keys(config)).not.toContain('armEndpoint');
  });
});
