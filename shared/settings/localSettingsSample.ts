import type { SettingDeclaration } from './setting.js';
import { SETTINGS, SETTING_NAMES } from './SETTINGS.js';

/** local.settings.sample.json, from the declarations: every setting at its default or sample value. */
export function localSettingsSample(): string {
  const values: Record<string, string> = { FUNCTIONS_WORKER_RUNTIME: 'node' };
  for (const name of SETTING_NAMES) {
    const declaration: SettingDeclaration = SETTINGS[name];
    if (declaration.sample === false) continue;
    values[name] = declaration.sample ?? declaration.default ?? '';
  }
  return `${JSON.stringify({ IsEncrypted: false, Values: values }, null, 2)}\n`;
}
