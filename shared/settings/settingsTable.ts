import type { SettingDeclaration } from './setting.js';
import { SETTINGS, SETTING_NAMES } from './SETTINGS.js';

/** Settings of `npm start` only: the local runner reads them, the app does not. */
const LOCAL_RUNNER_ROWS = [
  "| `PORT` | `7071` | `npm start` only: the local runner's HTTP port (`0` for any free one); `npm start -- --verbose` prints every log line in full |",
];

/** The README's settings table, from the declarations (a test checks the README carries it). */
export function settingsTable(): string {
  const rows = SETTING_NAMES.map((name) => {
    const declaration: SettingDeclaration = SETTINGS[name];
    const unset = declaration.whenUnset ?? `\`${declaration.default ?? ''}\``;
    return `| \`${name}\` | ${unset} | ${declaration.meaning} |`;
  });
  return ['| setting | default | meaning |', '|---|---|---|', ...rows, ...LOCAL_RUNNER_ROWS].join('\n');
}
