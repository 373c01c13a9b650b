import { Cron } from 'croner';
import { z } from 'zod';
import { ConfigError } from './ConfigError.js';
import type { StorageSettings } from './azure/storageConnectionFrom.js';
import { CHANNEL_TYPES, type NotifyChannel } from './app/notifications/NoticeMessage.js';
import { tickSchedule } from './tickSchedule.js';
import { parseReservation, type Commitments } from './domain/Commitments.js';

/** Every setting the app reads (app settings in Azure, `Values` in local.settings.json). */
export const SETTING_NAMES = [
  'AzureWebJobsStorage',
  'AzureWebJobsStorage__accountName',
  'AzureWebJobsStorage__tableServiceUri',
  'AzureWebJobsStorage__queueServiceUri',
  'OFFHOURS_TICK',
  'OFFHOURS_DRY_RUN',
  'OFFHOURS_SUBSCRIPTIONS',
  'OFFHOURS_NEW_TARGET_GRACE_MINUTES',
  'OFFHOURS_OPERATION_TIMEOUT_MINUTES',
  'OFFHOURS_OBSERVATION',
  'OFFHOURS_CONCURRENCY_PER_SUBSCRIPTION',
  'OFFHOURS_ARM_ENDPOINT',
  'OFFHOURS_ARM_CA_FILE',
  'OFFHOURS_TABLE_PREFIX',
  'OFFHOURS_REQUIRE_PRINCIPAL',
  'OFFHOURS_OPERATORS',
  'OFFHOURS_OPERATOR_ROLES',
  'OFFHOURS_ALLOWED_SCOPES',
  'OFFHOURS_PROTECTED_TAGS',
  'OFFHOURS_CHANGES_PER_MINUTE',
  'OFFHOURS_CURRENCY',
  'OFFHOURS_DISCOUNT_PERCENT',
  'OFFHOURS_RESERVATIONS',
  'OFFHOURS_SAVINGS_PLAN_HOURLY',
  'OFFHOURS_RETAIL_PRICES_URL',
  'OFFHOURS_MAX_START_LEAD_MINUTES',
  'OFFHOURS_START_COOLDOWN_MINUTES',
  'OFFHOURS_LONG_STOP_WARN_DAYS',
  'OFFHOURS_LONG_STOP_ALERT_DAYS',
  'WEBSITE_AUTH_ENABLED',
  'OFFHOURS_NOTIFY_CHANNELS',
  'OFFHOURS_NOTIFY_LINK_KEYS',
  'OFFHOURS_NOTIFY_LINK_BASE_URL',
  'OFFHOURS_NOTIFY_LEAD_MINUTES',
  'OFFHOURS_NOTIFY_KEEP_UNTIL',
  'OFFHOURS_NOTIFY_FAILURES',
] as const;

/** The currencies the Azure Retail Prices API prices in (docs/savings.md). */
export const RETAIL_PRICE_CURRENCIES = [
  'USD',
  'AUD',
  'BRL',
  'CAD',
  'CHF',
  'CNY',
  'DKK',
  'EUR',
  'GBP',
  'INR',
  'JPY',
  'KRW',
  'NOK',
  'NZD',
  'RUB',
  'SEK',
  'TWD',
] as const;
/** Settings whose values are secrets: never shown in an error. */
const SECRET_SETTINGS = new Set([
  'AzureWebJobsStorage',
  'OFFHOURS_NOTIFY_CHANNELS',
  'OFFHOURS_NOTIFY_LINK_KEYS',
]);

export type SettingName = (typeof SETTING_NAMES)[number];

export interface OffHoursConfig {
  storage: StorageSettings;
  /** NCRONTAB (six fields, UTC) of the reconcile timer. */
  tick: string;
  dryRun: boolean;
  /** Subscriptions to look in for resources that opt in by tag, beyond those of registered targets. */
  subscriptions: string[];
  newTargetGraceMinutes: number;
  operationTimeoutMinutes: number;
  observation: 'resource-graph' | 'per-cluster';
  concurrencyPerSubscription: number;
  /** Another ARM endpoint (sovereign cloud, or the fake ARM locally). */
  armEndpoint?: string;
  /** PEM file with a CA certificate to trust for the ARM endpoint (the fake ARM's). */
  armCaFile?: string;
  tablePrefix: string;
  /** Mutating API calls need an Easy Auth principal. */
  requirePrincipal: boolean;
  /** When set, only these principals may change things through the API. */
  operators: string[];
  /** Entra ID app roles (role claims) whose holders are operators, besides `operators`. */
  operatorRoles: string[];
  /** ARM scopes (subscriptions, resource groups) targets must lie in; empty means any. */
  allowedScopes: string[];
  /** Tags (name and value, compared case-insensitively) that mark resources never to be stopped. */
  protectedTags: { name: string; value: string }[];
  /** App Service Authentication is on: the platform strips client-sent principal headers. */
  appServiceAuthEnabled: boolean;
  /** Changing API calls one caller may make a minute (per instance); more get 429. */
  changesPerMinute: number;
  /** Savings report (docs/savings.md): the currency prices are asked in. */
  currency: string;
  /** Taken off list prices (an agreement's discount), shown next to every figure. */
  discountPercent: number;
  /** Reservations and savings plan that already pay for some of the fleet (docs/savings.md, Commitments). */
  commitments: Commitments;
  /** Another Retail Prices endpoint: the local fake, for development and tests only. */
  retailPricesUrl?: string;
  /** The longest start lead (learned or fixed) any target gets; 0 turns start leads off. */
  maxStartLeadMinutes: number;
  /** How long a cluster's start waits after its stop ended (docs/maintenance.md); 0 turns it off. */
  startCooldownMinutes: number;
  /** A target stopped this long is reported (docs/maintenance.md). */
  longStopWarnDays: number;
  /** A cluster stopped this long is a health alert and, with the `wake` policy, is started. */
  longStopAlertDays: number;
  /** Stop notices and their one-click links (docs/notifications.md). */
  notify: NotifySettings;
}

export interface NotifySettings {
  channels: NotifyChannel[];
  /** HMAC keys of link tokens: the first signs, all verify (two during a rotation). */
  linkKeys: string[];
  /** Where the app answers; the links start with it. */
  linkBaseUrl?: string;
  leadMinutes: number;
  /** HH:MM, the local time of the "keep running until" link. */
  keepUntil: string;
  /** Also tell the channels when a stop or start failed. */
  failures: boolean;
  /**
   * Set when a notice setting is invalid: notices are off (no channels, no link keys) and these
   * problems are said at start-up and in GET /api/health, while reconcile runs as usual.
   */
  disabledBecause?: readonly string[];
}

const booleanSetting = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => ['true', 'false', '1', '0', 'yes', 'no'].includes(value), 'must be true or false')
  .transform((value) => ['true', '1', 'yes'].includes(value));

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((value) => value >= min && value <= max, `must be a whole number from ${min} to ${max}`);

const list = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== ''),
);

const ncrontab = z
  .string()
  .trim()
  .refine(
    (value) => value.split(/\s+/).length === 6,
    'must have six fields (second minute hour day month weekday), e.g. 0 */5 * * * *',
  )
  .refine((value) => {
    try {
      new Cron(value, { paused: true });
      return true;
    } catch {
      return false;
    }
  }, 'is not a valid NCRONTAB expression, e.g. 0 */5 * * * *');

const CHANNEL_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const localWebhook = /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\//;

/** `{"team-a": {"type": "slack", "url": "https://hooks.slack.com/…"}, …}`: names are what Notify columns use. */
const notifyChannels = z
  .string()
  .transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      context.addIssue({
        code: 'custom',
        message:
          'must be JSON: {"<channel>": {"type": "slack" | "teams" | "webhook", "url": "https://…"}, …}',
      });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .record(
        z.string(),
        z
          .object({
            type: z.enum(CHANNEL_TYPES, {
              message: `a channel's type must be one of ${CHANNEL_TYPES.join(', ')}`,
            }),
            url: z
              .url({ message: "a channel's url must be its webhook URL" })
              .refine(
                (value) => value.startsWith('https://') || localWebhook.test(value),
                "a channel's url must be https (http only for localhost)",
              ),
          })
          .strict(),
        { message: 'must be a JSON object of channels' },
      )
      .superRefine((channels, context) => {
        for (const name of Object.keys(channels))
          if (!CHANNEL_NAME.test(name))
            context.addIssue({
              code: 'custom',
              path: [name],
              message: 'channel names are 1 to 64 letters, digits, - and _, starting with a letter or digit',
            });
      }),
  )
  .transform((channels) =>
    Object.entries(channels).map(([name, channel]): NotifyChannel => ({ name, ...channel })),
  );

const schema = z.object({
  AzureWebJobsStorage: z.string().trim().min(1).optional(),
  AzureWebJobsStorage__accountName: z
    .string()
    .trim()
    .regex(/^[a-z0-9]{3,24}$/, 'must be a storage account name: 3 to 24 lower-case letters and digits')
    .optional(),
  AzureWebJobsStorage__tableServiceUri: z.url({ message: 'must be an https URL' }).optional(),
  AzureWebJobsStorage__queueServiceUri: z.url({ message: 'must be an https URL' }).optional(),
  OFFHOURS_TICK: z.string().optional().transform(tickSchedule).pipe(ncrontab),
  OFFHOURS_DRY_RUN: booleanSetting.default(false),
  OFFHOURS_SUBSCRIPTIONS: list
    .pipe(z.array(z.guid({ message: 'must be subscription IDs (GUIDs), separated by commas' })))
    .default([]),
  OFFHOURS_NEW_TARGET_GRACE_MINUTES: wholeNumber(0, 24 * 60).default(15),
  OFFHOURS_OPERATION_TIMEOUT_MINUTES: wholeNumber(5, 24 * 60).default(120),
  OFFHOURS_OBSERVATION: z
    .enum(['resource-graph', 'per-cluster'], { message: 'must be resource-graph or per-cluster' })
    .default('resource-graph'),
  OFFHOURS_CONCURRENCY_PER_SUBSCRIPTION: wholeNumber(1, 100).default(10),
  OFFHOURS_ARM_ENDPOINT: z
    .url({ message: 'must be an https URL' })
    .refine(
      (value) => value.startsWith('https://'),
      'must be an https URL (the Azure SDK sends tokens only over HTTPS)',
    )
    .optional(),
  OFFHOURS_ARM_CA_FILE: z.string().trim().min(1).optional(),
  OFFHOURS_TABLE_PREFIX: z
    .string()
    .trim()
    .regex(/^([A-Za-z][A-Za-z0-9]{0,19})?$/, 'must be letters and digits, starting with a letter, at most 20')
    .default(''),
  OFFHOURS_REQUIRE_PRINCIPAL: booleanSetting.default(false),
  OFFHOURS_OPERATORS: list.default([]),
  OFFHOURS_OPERATOR_ROLES: list.default(['OffHours.Operator']),
  OFFHOURS_ALLOWED_SCOPES: list
    .pipe(
      z.array(
        z
          .string()
          .regex(
            /^\/subscriptions\/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(\/resourceGroups\/[-\w._()]{1,90})?$/i,
            'must be scopes such as /subscriptions/<GUID> or /subscriptions/<GUID>/resourceGroups/<name>, separated by commas',
          ),
      ),
    )
    .default([]),
  OFFHOURS_PROTECTED_TAGS: list
    .pipe(
      z.array(
        z
          .string()
          .regex(
            /^[^=]+=[^=]*$/,
            'must be tags written name=value, separated by commas, e.g. environment=prod',
          )
          .transform((pair) => {
            const [name, value] = pair.split('=') as [string, string];
            return { name: name.trim(), value: value.trim() };
          }),
      ),
    )
    .default([
      { name: 'environment', value: 'prod' },
      { name: 'environment', value: 'production' },
    ]),
  OFFHOURS_CHANGES_PER_MINUTE: wholeNumber(1, 10_000).default(30),
  OFFHOURS_CURRENCY: z
    .string()
    .trim()
    .toUpperCase()
    .refine(
      (value) => (RETAIL_PRICE_CURRENCIES as readonly string[]).includes(value),
      `must be a currency the Azure Retail Prices API prices in: ${RETAIL_PRICE_CURRENCIES.join(', ')}`,
    )
    .default('USD'),
  OFFHOURS_DISCOUNT_PERCENT: z
    .string()
    .trim()
    .regex(
      /^\d{1,3}(\.\d{1,2})?$/,
      'must be a percentage from 0 to 100, e.g. 0 or 22.5 (at most two decimals)',
    )
    .transform(Number)
    .refine(
      (value) => value <= 100,
      'must be a percentage from 0 to 100, e.g. 0 or 22.5 (at most two decimals)',
    )
    .default(0),
  OFFHOURS_RESERVATIONS: list
    .pipe(
      z.array(
        z.string().transform((text, context) => {
          const parsed = parseReservation(text);
          if (parsed.ok) return parsed.reservation;
          context.addIssue({ code: 'custom', message: `${parsed.reason}; separate several with commas` });
          return z.NEVER;
        }),
      ),
    )
    .default([]),
  OFFHOURS_SAVINGS_PLAN_HOURLY: z
    .string()
    .trim()
    .regex(
      /^\d{1,7}(\.\d{1,4})?$/,
      "must be the savings plan's hourly commitment, e.g. 0 or 2.5 (in OFFHOURS_CURRENCY)",
    )
    .transform(Number)
    .default(0),
  OFFHOURS_RETAIL_PRICES_URL: z
    .url({ message: 'must be an http or https URL (the local fake of the Retail Prices API)' })
    .refine(
      (value) => /^https?:\/\//.test(value),
      'must be an http or https URL (the local fake of the Retail Prices API)',
    )
    .optional(),
  OFFHOURS_MAX_START_LEAD_MINUTES: wholeNumber(0, 12 * 60).default(60),
  OFFHOURS_START_COOLDOWN_MINUTES: wholeNumber(0, 60).default(15),
  OFFHOURS_LONG_STOP_WARN_DAYS: wholeNumber(1, 364).default(30),
  // AKS deletes a cluster stopped for 12 months: the alert must come before that.
  OFFHOURS_LONG_STOP_ALERT_DAYS: wholeNumber(1, 364).default(300),
  WEBSITE_AUTH_ENABLED: booleanSetting.default(false),
  OFFHOURS_NOTIFY_CHANNELS: notifyChannels.default([]),
  OFFHOURS_NOTIFY_LINK_KEYS: list
    .pipe(
      z
        .array(z.string().min(32, 'each key must have at least 32 characters (e.g. openssl rand -base64 32)'))
        .max(
          2,
          'at most two keys, separated by a comma: the new one first, the old one while links signed with it expire',
        ),
    )
    .default([]),
  OFFHOURS_NOTIFY_LINK_BASE_URL: z
    .url({ message: 'must be the https URL of the function app, e.g. https://my-offhours.azurewebsites.net' })
    .refine(
      (value) =>
        value.startsWith('https://') || /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/|$)/.test(value),
      'must be an https URL (http only for localhost)',
    )
    .optional(),
  OFFHOURS_NOTIFY_LEAD_MINUTES: wholeNumber(1, 7 * 24 * 60).default(30),
  OFFHOURS_NOTIFY_KEEP_UNTIL: z
    .string()
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time HH:MM, e.g. 22:00')
    .default('22:00'),
  OFFHOURS_NOTIFY_FAILURES: booleanSetting.default(false),
});

/**
 * App Service hands the app the reference's own text when it cannot resolve it (no access to the
 * vault, a wrong secret URI, the vault's firewall). Taken as a value, it would pass as a link key
 * (long enough) or break the channels' JSON: it is refused by name instead.
 */
const KEY_VAULT_REFERENCE = /^\s*@Microsoft\.KeyVault\s*\(/i;
const UNRESOLVED_REFERENCE =
  "is a Key Vault reference that App Service could not resolve: give the app's identity Key Vault Secrets User on the vault, and check the secret URI and the vault's network access (the app's Environment variables page shows the reference's status)";
/** Settings whose problems turn notices off rather than stopping the app. */
const isNoticeSetting = (name: string) => name.startsWith('OFFHOURS_NOTIFY_');

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
  if (problems.some((problem) => !isNoticeSetting(problem.setting)) || !settings)
    throw new ConfigError([...new Set(problems.map((problem) => problem.text))], { cause });
  if (
    !settings.AzureWebJobsStorage &&
    !settings.AzureWebJobsStorage__accountName &&
    !(settings.AzureWebJobsStorage__tableServiceUri && settings.AzureWebJobsStorage__queueServiceUri)
  ) {
    throw new ConfigError([
      'AzureWebJobsStorage (not set): set a connection string (UseDevelopmentStorage=true for Azurite), or AzureWebJobsStorage__accountName for identity-based access',
    ]);
  }
  const notify = notifySettingsOf(settings, problems);
  return {
    notify,
    storage: {
      ...(settings.AzureWebJobsStorage ? { connectionString: settings.AzureWebJobsStorage } : {}),
      ...(settings.AzureWebJobsStorage__accountName
        ? { accountName: settings.AzureWebJobsStorage__accountName }
        : {}),
      ...(settings.AzureWebJobsStorage__tableServiceUri
        ? { tableServiceUri: settings.AzureWebJobsStorage__tableServiceUri }
        : {}),
      ...(settings.AzureWebJobsStorage__queueServiceUri
        ? { queueServiceUri: settings.AzureWebJobsStorage__queueServiceUri }
        : {}),
    },
    tick: settings.OFFHOURS_TICK,
    dryRun: settings.OFFHOURS_DRY_RUN,
    subscriptions: settings.OFFHOURS_SUBSCRIPTIONS,
    newTargetGraceMinutes: settings.OFFHOURS_NEW_TARGET_GRACE_MINUTES,
    operationTimeoutMinutes: settings.OFFHOURS_OPERATION_TIMEOUT_MINUTES,
    observation: settings.OFFHOURS_OBSERVATION,
    concurrencyPerSubscription: settings.OFFHOURS_CONCURRENCY_PER_SUBSCRIPTION,
    ...(settings.OFFHOURS_ARM_ENDPOINT ? { armEndpoint: settings.OFFHOURS_ARM_ENDPOINT } : {}),
    ...(settings.OFFHOURS_ARM_CA_FILE ? { armCaFile: settings.OFFHOURS_ARM_CA_FILE } : {}),
    tablePrefix: settings.OFFHOURS_TABLE_PREFIX,
    requirePrincipal: settings.OFFHOURS_REQUIRE_PRINCIPAL,
    operators: settings.OFFHOURS_OPERATORS,
    operatorRoles: settings.OFFHOURS_OPERATOR_ROLES,
    allowedScopes: settings.OFFHOURS_ALLOWED_SCOPES,
    protectedTags: settings.OFFHOURS_PROTECTED_TAGS,
    appServiceAuthEnabled: settings.WEBSITE_AUTH_ENABLED,
    changesPerMinute: settings.OFFHOURS_CHANGES_PER_MINUTE,
    currency: settings.OFFHOURS_CURRENCY,
    discountPercent: settings.OFFHOURS_DISCOUNT_PERCENT,
    commitments: {
      reservations: settings.OFFHOURS_RESERVATIONS,
      savingsPlanHourly: settings.OFFHOURS_SAVINGS_PLAN_HOURLY,
    },
    ...(settings.OFFHOURS_RETAIL_PRICES_URL ? { retailPricesUrl: settings.OFFHOURS_RETAIL_PRICES_URL } : {}),
    maxStartLeadMinutes: settings.OFFHOURS_MAX_START_LEAD_MINUTES,
    startCooldownMinutes: settings.OFFHOURS_START_COOLDOWN_MINUTES,
    longStopWarnDays: settings.OFFHOURS_LONG_STOP_WARN_DAYS,
    longStopAlertDays: settings.OFFHOURS_LONG_STOP_ALERT_DAYS,
  };
}

/**
 * The settings, and each problem by the setting it is about. When only notice settings are wrong,
 * the settings are those read without the wrong ones (notifySettingsOf then turns notices off): a
 * notice misconfiguration never stops reconcile.
 */
function parseSettings(values: Record<string, string | undefined>): {
  settings?: z.infer<typeof schema>;
  problems: SettingProblem[];
  cause?: unknown;
} {
  const unresolved = SETTING_NAMES.filter((name) => KEY_VAULT_REFERENCE.test(values[name] ?? ''));
  const problems: SettingProblem[] = unresolved.map((setting) => ({
    setting,
    text: `${setting} ${shown(values[setting])}: ${UNRESOLVED_REFERENCE}`,
  }));
  const parsed = schema.safeParse({
    ...values,
    ...Object.fromEntries(unresolved.map((name) => [name, undefined])),
  });
  if (!parsed.success)
    problems.push(
      ...parsed.error.issues.map((issue) => {
        const setting = String(issue.path[0] ?? '');
        const where =
          setting === 'OFFHOURS_NOTIFY_CHANNELS' && issue.path.length > 1
            ? ` (${issue.path.slice(1).join('.')})`
            : '';
        const value = SECRET_SETTINGS.has(setting) ? '(hidden)' : shown(values[setting]);
        return { setting, text: `${setting} ${value}${where}: ${issue.message}` };
      }),
    );
  const cause = parsed.success ? undefined : parsed.error;
  if (problems.some((problem) => !isNoticeSetting(problem.setting))) return { problems, cause };
  if (problems.length === 0 && parsed.success) return { settings: parsed.data, problems };
  const wrong = new Set(problems.map((problem) => problem.setting));
  const withoutWrong = Object.fromEntries(Object.entries(values).filter(([name]) => !wrong.has(name)));
  return { settings: schema.parse(withoutWrong), problems, cause };
}

/** Channels need link keys and the app's URL: a notice without working links would mislead. */
function notifySettingsOf(
  settings: z.infer<typeof schema>,
  settingProblems: readonly SettingProblem[],
): NotifySettings {
  const channels = settings.OFFHOURS_NOTIFY_CHANNELS;
  const problems = settingProblems.map((problem) => problem.text);
  // A setting already refused is not said again as missing.
  const wrong = new Set(settingProblems.map((problem) => problem.setting));
  if (
    channels.length > 0 &&
    settings.OFFHOURS_NOTIFY_LINK_KEYS.length === 0 &&
    !wrong.has('OFFHOURS_NOTIFY_LINK_KEYS')
  )
    problems.push(
      'OFFHOURS_NOTIFY_LINK_KEYS (not set): notification channels are set, so the one-click links need a key of at least 32 characters (e.g. openssl rand -base64 32)',
    );
  if (
    channels.length > 0 &&
    !settings.OFFHOURS_NOTIFY_LINK_BASE_URL &&
    !wrong.has('OFFHOURS_NOTIFY_LINK_BASE_URL')
  )
    problems.push(
      'OFFHOURS_NOTIFY_LINK_BASE_URL (not set): notification channels are set, so the links need the https URL of the function app, e.g. https://my-offhours.azurewebsites.net',
    );
  const timing = {
    leadMinutes: settings.OFFHOURS_NOTIFY_LEAD_MINUTES,
    keepUntil: settings.OFFHOURS_NOTIFY_KEEP_UNTIL,
    failures: settings.OFFHOURS_NOTIFY_FAILURES,
  };
  if (problems.length > 0)
    return { channels: [], linkKeys: [], ...timing, disabledBecause: [...new Set(problems)] };
  return {
    channels,
    linkKeys: settings.OFFHOURS_NOTIFY_LINK_KEYS,
    ...(settings.OFFHOURS_NOTIFY_LINK_BASE_URL
      ? { linkBaseUrl: settings.OFFHOURS_NOTIFY_LINK_BASE_URL }
      : {}),
    ...timing,
  };
}
