import type { z } from 'zod';
import { ConfigError } from './ConfigError.js';
import { SETTINGS, SETTING_NAMES, type SettingName } from './settings/SETTINGS.js';
import type { SettingDeclaration } from './settings/setting.js';

export { SETTING_NAMES, type SettingName } from './settings/SETTINGS.js';
export { RETAIL_PRICE_CURRENCIES } from './settings/settingSchemas.js';

type Declarations = typeof SETTINGS;
type ValueOf<Declaration> = Declaration extends SettingDeclaration<infer Schema> ? z.output<Schema> : never;
type InSection<Name extends SettingName, Section> = Declarations[Name]['section'] extends Section
  ? Section extends Declarations[Name]['section']
    ? true
    : false
  : false;
/** The configuration's fields of one section, from the declarations: optional where there is no default. */
type SectionOf<Section> = {
  [
    Name in SettingName as InSection<Name, Section> extends true
      ? Declarations[Name]['default'] extends string
        ? Declarations[Name]['field']
        : never
      : never
  ]: ValueOf<Declarations[Name]>;
} & {
  [
    Name in SettingName as InSection<Name, Section> extends true
      ? Declarations[Name]['default'] extends string
        ? never
        : Declarations[Name]['field']
      : never
  ]?: ValueOf<Declarations[Name]>;
};
type Flat<T> = { [Key in keyof T]: T[Key] };

/** Stop notices and their one-click links (docs/notifications.md). */
export type NotifySettings = Flat<
  SectionOf<'notify'> & {
    /**
     * Set when a notice setting is invalid: notices are off (no channels, no link keys) and these
     * problems are said at start-up and in GET /api/health, while reconcile runs as usual.
     */
    disabledBecause?: readonly string[];
  }
>;

/** The configuration: every setting's value where its declaration (shared/settings/SETTINGS.ts) puts it. */
export type OffHoursConfig = Flat<
  SectionOf<undefined> & { storage: Flat<SectionOf<'storage'>>; notify: NotifySettings }
>;

type ParsedSettings = Partial<Record<SettingName, unknown>>;

/**
 * App Service hands the app the reference's own text when it cannot resolve it (no access to the
 * vault, a wrong secret URI, the vault's firewall). Taken as a value, it would pass as a link key
 * (long enough) or break the channels' JSON: it is refused by name instead.
 */
const KEY_VAULT_REFERENCE = /^\s*@Microsoft\.KeyVault\s*\(/i;
const UNRESOLVED_REFERENCE =
  "is a Key Vault reference that App Service could not resolve: give the app's identity Key Vault Secrets User on the vault, and check the secret URI and the vault's network access (the app's Environment variables page shows the reference's status)";
/** Settings whose problems turn notices off rather than stopping the app. */
const isNoticeSetting = (name: string) =>
  (SETTINGS[name as SettingName] as SettingDeclaration | undefined)?.noticeSetting === true;

interface SettingProblem {
  setting: string;
  text: string;
}

function shown(value: string | undefined): string {
  if (value === undefined) return '(not set)';
  return value.length > 60 ? `"${value.slice(0, 60)}…"` : `"${value}"`;
}

/**
 * Reads and validates the settings once, at start-up. Every problem names the setting, its value
 * and what would be valid; secrets (the storage connection string) are never echoed.
 */
export function loadConfig(environment: Readonly<Record<string, string | undefined>>): OffHoursConfig {
  const values: Record<string, string | undefined> = Object.fromEntries(
    SETTING_NAMES.map((name) => [name, environment[name] === '' ? undefined : environment[name]]),
  );
  const { settings, problems, cause } = parseSettings(values);
  if (problems.some((problem) => !isNoticeSetting(problem.setting)))
    throw new ConfigError([...new Set(problems.map((problem) => problem.text))], { cause });
  const config = configOf(settings);
  const { storage } = config;
  if (
    !storage.connectionString &&
    !storage.accountName &&
    !(storage.tableServiceUri && storage.queueServiceUri)
  ) {
    throw new ConfigError([
      'AzureWebJobsStorage (not set): set a connection string (UseDevelopmentStorage=true for Azurite), or AzureWebJobsStorage__accountName for identity-based access',
    ]);
  }
  return { ...config, notify: notifySettingsOf(config.notify, problems) };
}

/**
 * Each setting parsed by its declaration, and each problem by the setting it is about. A setting
 * that is refused counts as not set, so that when only notice settings are wrong the others still
 * make a configuration (notifySettingsOf then turns notices off): a notice misconfiguration never
 * stops reconcile.
 */
function parseSettings(values: Record<string, string | undefined>): {
  settings: ParsedSettings;
  problems: SettingProblem[];
  cause?: unknown;
} {
  const settings: ParsedSettings = {};
  // Unresolved Key Vault references are said first: one fix in the vault may clear several.
  const unresolved: SettingProblem[] = [];
  const problems: SettingProblem[] = [];
  const causes: unknown[] = [];
  for (const name of SETTING_NAMES) {
    const declaration: SettingDeclaration = SETTINGS[name];
    const value = values[name];
    const fallback = () => {
      if (declaration.default !== undefined) settings[name] = declaration.schema.parse(declaration.default);
    };
    if (KEY_VAULT_REFERENCE.test(value ?? '')) {
      unresolved.push({ setting: name, text: `${name} ${shown(value)}: ${UNRESOLVED_REFERENCE}` });
      fallback();
      continue;
    }
    const text = value ?? declaration.default;
    if (text === undefined) continue;
    const parsed = declaration.schema.safeParse(text);
    if (parsed.success) {
      settings[name] = parsed.data;
      continue;
    }
    causes.push(parsed.error);
    const shownValue = declaration.secret ? '(hidden)' : shown(value);
    for (const issue of parsed.error.issues) {
      // Where inside a JSON setting (a channel's url), not which item of a list.
      const inside = issue.path.filter((key) => typeof key === 'string');
      const where = inside.length > 0 ? ` (${inside.join('.')})` : '';
      problems.push({ setting: name, text: `${name} ${shownValue}${where}: ${issue.message}` });
    }
    fallback();
  }
  return {
    settings,
    problems: [...unresolved, ...problems],
    ...(causes.length > 0 ? { cause: causes.length === 1 ? causes[0] : new AggregateError(causes) } : {}),
  };
}

/** The parsed values placed where their declarations say. */
function configOf(settings: ParsedSettings): OffHoursConfig {
  const config: Record<string, unknown> = { storage: {}, notify: {} };
  for (const name of SETTING_NAMES) {
    if (settings[name] === undefined) continue;
    const { section, field } = SETTINGS[name] as SettingDeclaration;
    const home = section === undefined ? config : (config[section] as Record<string, unknown>);
    home[field] = settings[name];
  }
  return config as OffHoursConfig;
}

/** Channels need link keys and the app's URL: a notice without working links would mislead. */
function notifySettingsOf(
  notify: NotifySettings,
  settingProblems: readonly SettingProblem[],
): NotifySettings {
  const problems = settingProblems.map((problem) => problem.text);
  // A setting already refused is not said again as missing.
  const wrong = new Set(settingProblems.map((problem) => problem.setting));
  const hasChannels = notify.channels.length > 0;
  if (hasChannels && notify.linkKeys.length === 0 && !wrong.has('OFFHOURS_NOTIFY_LINK_KEYS'))
    problems.push(
      'OFFHOURS_NOTIFY_LINK_KEYS (not set): notification channels are set, so the one-click links need a key of at least 32 characters (e.g. openssl rand -base64 32)',
    );
  if (hasChannels && !notify.linkBaseUrl && !wrong.has('OFFHOURS_NOTIFY_LINK_BASE_URL'))
    problems.push(
      'OFFHOURS_NOTIFY_LINK_BASE_URL (not set): notification channels are set, so the links need the https URL of the function app, e.g. https://my-offhours.azurewebsites.net',
    );
  if (problems.length > 0) {
    const { leadMinutes, keepUntil, failures } = notify;
    return {
      channels: [],
      linkKeys: [],
      leadMinutes,
      keepUntil,
      failures,
      disabledBecause: [...new Set(problems)],
    };
  }
  return notify;
}
