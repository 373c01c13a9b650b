import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { localSettingsSample } from '../shared/settings/localSettingsSample.js';
import { settingsTable } from '../shared/settings/settingsTable.js';

export const SETTINGS_TABLE_START =
  '<!-- settings:start (generated from shared/settings/SETTINGS.ts by `npm run docs:settings`) -->';
export const SETTINGS_TABLE_END = '<!-- settings:end -->';

/** The README with its settings table replaced by the one the declarations give. */
export function withSettingsTable(readme: string): string {
  const start = readme.indexOf(SETTINGS_TABLE_START);
  const end = readme.indexOf(SETTINGS_TABLE_END);
  if (start < 0 || end < start) throw new Error('README.md has no settings table markers');
  return `${readme.slice(0, start + SETTINGS_TABLE_START.length)}\n${settingsTable()}\n${readme.slice(end)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const readmeFile = new URL('../../README.md', import.meta.url);
  await writeFile(readmeFile, withSettingsTable(await readFile(readmeFile, 'utf8')));
  await writeFile(new URL('../../local.settings.sample.json', import.meta.url), localSettingsSample());
}
