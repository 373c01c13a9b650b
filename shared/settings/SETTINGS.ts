import { z } from 'zod';
import { DEFAULT_TICK, tickSchedule } from '../tickSchedule.js';
import { setting } from './setting.js';
import {
  RETAIL_PRICE_CURRENCIES,
  booleanSetting,
  list,
  ncrontab,
  notifyChannels,
  wholeNumber,
} from './settingSchemas.js';

const httpsUrl = z.url({ message: 'must be an https URL' });
const SCOPE =
  /^\/subscriptions\/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(\/resourceGroups\/[-\w._()]{1,90})?$/i;
const PERCENTAGE = 'must be a percentage from 0 to 100, e.g. 0 or 22.5 (at most two decimals)';

/**
 * Every setting the app reads (app settings in Azure, `Values` in local.settings.json), each declared
 * once: the configuration's type and loader (shared/config.ts), the README's settings table and
 * local.settings.sample.json come from here (`npm run docs:settings`; a test checks them).
 */
export const SETTINGS = {
  AzureWebJobsStorage: setting({
    section: 'storage',
    field: 'connectionString',
    schema: z.string().trim().min(1),
    secret: true,
    whenUnset: '(required)',
    sample: 'UseDevelopmentStorage=true',
    meaning:
      'storage connection string (`UseDevelopmentStorage=true` for Azurite); or identity-based `AzureWebJobsStorage__accountName` (or `__tableServiceUri` and `__queueServiceUri`)',
  }),
  AzureWebJobsStorage__accountName: setting({
    section: 'storage',
    field: 'accountName',
    sample: false,
    schema: z
      .string()
      .trim()
      .regex(/^[a-z0-9]{3,24}$/, 'must be a storage account name: 3 to 24 lower-case letters and digits'),
    whenUnset: '(none)',
    meaning: "identity-based storage: the account's name (the app's identity needs data roles on it)",
  }),
  AzureWebJobsStorage__tableServiceUri: setting({
    section: 'storage',
    field: 'tableServiceUri',
    sample: false,
    schema: httpsUrl,
    whenUnset: '(none)',
    meaning:
      'identity-based storage: the Table service URL, with `__queueServiceUri`, instead of the account name',
  }),
  AzureWebJobsStorage__queueServiceUri: setting({
    section: 'storage',
    field: 'queueServiceUri',
    sample: false,
    schema: httpsUrl,
    whenUnset: '(none)',
    meaning: 'identity-based storage: the Queue service URL, with `__tableServiceUri`',
  }),
  OFFHOURS_TICK: setting({
    field: 'tick',
    schema: z.string().transform(tickSchedule).pipe(ncrontab),
    default: DEFAULT_TICK,
    meaning:
      "NCRONTAB of the reconcile and notify timers, in UTC (local times are the schedules' business); blank means the default, for the timers and the configuration alike (`shared/tickSchedule.ts`)",
  }),
  OFFHOURS_DRY_RUN: setting({
    field: 'dryRun',
    schema: booleanSetting,
    default: 'false',
    sample: 'true',
    meaning: 'decide and record, but never call a mutating Azure API',
  }),
  OFFHOURS_SUBSCRIPTIONS: setting({
    field: 'subscriptions',
    schema: list.pipe(z.array(z.guid({ message: 'must be subscription IDs (GUIDs), separated by commas' }))),
    default: '',
    whenUnset: '(none)',
    meaning:
      'subscriptions to search for resources tagged `offhours-schedule`, besides those of registered targets',
  }),
  OFFHOURS_NEW_TARGET_GRACE_MINUTES: setting({
    field: 'newTargetGraceMinutes',
    schema: wholeNumber(0, 24 * 60),
    default: '15',
    meaning: 'how long a new target that should be down is left alone before its first stop',
  }),
  OFFHOURS_OPERATION_TIMEOUT_MINUTES: setting({
    field: 'operationTimeoutMinutes',
    schema: wholeNumber(5, 24 * 60),
    default: '120',
    meaning: 'how long an operation is followed before it is reported as hanging',
  }),
  OFFHOURS_OBSERVATION: setting({
    field: 'observation',
    schema: z.enum(['resource-graph', 'per-cluster'], { message: 'must be resource-graph or per-cluster' }),
    default: 'resource-graph',
    meaning: 'or `per-cluster` (one GET per cluster) where Resource Graph is not allowed',
  }),
  OFFHOURS_CONCURRENCY_PER_SUBSCRIPTION: setting({
    field: 'concurrencyPerSubscription',
    schema: wholeNumber(1, 100),
    default: '10',
    meaning: 'ARM requests in flight per subscription',
  }),
  OFFHOURS_ARM_ENDPOINT: setting({
    field: 'armEndpoint',
    schema: httpsUrl.refine(
      (value) => value.startsWith('https://'),
      'must be an https URL (the Azure SDK sends tokens only over HTTPS)',
    ),
    whenUnset: 'Azure public cloud',
    meaning: 'another ARM endpoint (sovereign cloud, or the fake ARM)',
  }),
  OFFHOURS_ARM_CA_FILE: setting({
    field: 'armCaFile',
    schema: z.string().trim().min(1),
    whenUnset: '(none)',
    meaning: "a PEM file with a CA certificate to trust for `OFFHOURS_ARM_ENDPOINT` (the fake ARM's)",
  }),
  OFFHOURS_TABLE_PREFIX: setting({
    field: 'tablePrefix',
    schema: z
      .string()
      .trim()
      .regex(
        /^([A-Za-z][A-Za-z0-9]{0,19})?$/,
        'must be letters and digits, starting with a letter, at most 20',
      ),
    default: '',
    whenUnset: '(none)',
    meaning: 'prefix of the table names, when one storage account holds several installations',
  }),
  OFFHOURS_REQUIRE_PRINCIPAL: setting({
    field: 'requirePrincipal',
    schema: booleanSetting,
    default: 'false',
    meaning: 'changes through the API, and one-click links, need a signed-in caller (401 otherwise)',
  }),
  OFFHOURS_OPERATORS: setting({
    field: 'operators',
    schema: list,
    default: '',
    whenUnset: '(none)',
    meaning:
      "comma-separated sign-in names (the token's `preferred_username` or `upn`, never its display name) or Entra ID object IDs of operators: signed-in callers allowed to change things (403 otherwise)",
  }),
  OFFHOURS_OPERATOR_ROLES: setting({
    field: 'operatorRoles',
    schema: list,
    default: 'OffHours.Operator',
    meaning:
      'Entra ID app roles whose holders are operators; with this and `OFFHOURS_OPERATORS` both empty, anyone signed in is',
  }),
  OFFHOURS_ALLOWED_SCOPES: setting({
    field: 'allowedScopes',
    schema: list.pipe(
      z.array(
        z
          .string()
          .regex(
            SCOPE,
            'must be scopes such as /subscriptions/<GUID> or /subscriptions/<GUID>/resourceGroups/<name>, separated by commas',
          ),
      ),
    ),
    default: '',
    whenUnset: '(any: warned about)',
    meaning:
      'comma-separated `/subscriptions/<id>` or `/subscriptions/<id>/resourceGroups/<name>`: the only places targets may be registered, discovered by tag, or acted on',
  }),
  OFFHOURS_PROTECTED_TAGS: setting({
    field: 'protectedTags',
    schema: list.pipe(
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
    ),
    default: 'environment=prod,environment=production',
    meaning:
      "comma-separated `name=value` tags (in any case, full-width letters and invisible characters ignored) on a resource, or on a node pool's cluster, that keep it from ever being stopped",
  }),
  OFFHOURS_CHANGES_PER_MINUTE: setting({
    field: 'changesPerMinute',
    schema: wholeNumber(1, 10_000),
    default: '30',
    meaning: 'changing API calls one caller may make a minute, per instance (429 with `Retry-After` beyond)',
  }),
  OFFHOURS_CURRENCY: setting({
    field: 'currency',
    schema: z
      .string()
      .trim()
      .toUpperCase()
      .refine(
        (value) => (RETAIL_PRICE_CURRENCIES as readonly string[]).includes(value),
        `must be a currency the Azure Retail Prices API prices in: ${RETAIL_PRICE_CURRENCIES.join(', ')}`,
      ),
    default: 'USD',
    meaning: `currency of the savings report (\`GET /api/savings\`, \`aks-offhours savings\`): one the Azure Retail Prices API prices in (${RETAIL_PRICE_CURRENCIES.join(', ')})`,
  }),
  OFFHOURS_DISCOUNT_PERCENT: setting({
    field: 'discountPercent',
    schema: z
      .string()
      .trim()
      .regex(/^\d{1,3}(\.\d{1,2})?$/, PERCENTAGE)
      .transform(Number)
      .refine((value) => value <= 100, PERCENTAGE),
    default: '0',
    meaning:
      'taken off pay-as-you-go list prices in the savings report (reservations, savings plans, agreements), 0 to 100, e.g. `22.5`; shown beside every amount ([docs/savings.md](docs/savings.md))',
  }),
  OFFHOURS_RETAIL_PRICES_URL: setting({
    field: 'retailPricesUrl',
    schema: z
      .url({ message: 'must be an http or https URL (the local fake of the Retail Prices API)' })
      .refine(
        (value) => /^https?:\/\//.test(value),
        'must be an http or https URL (the local fake of the Retail Prices API)',
      ),
    whenUnset: '`https://prices.azure.com/api/retail/prices`',
    meaning: 'local use only: another Retail Prices endpoint (the fake `npm start` and the tests run)',
  }),
  OFFHOURS_MAX_START_LEAD_MINUTES: setting({
    field: 'maxStartLeadMinutes',
    schema: wholeNumber(0, 12 * 60),
    default: '60',
    meaning:
      "the longest start lead any target gets (learned or a schedule's `StartLead`), 0 to 720; `0` turns start leads off and starts begin at the up time",
  }),
  OFFHOURS_START_COOLDOWN_MINUTES: setting({
    field: 'startCooldownMinutes',
    schema: wholeNumber(0, 60),
    default: '15',
    meaning:
      "how long a cluster's start waits after its stop ended (Microsoft advises 15 to 30 minutes), 0 to 60; `0` turns the wait off ([maintenance](docs/maintenance.md))",
  }),
  OFFHOURS_LONG_STOP_WARN_DAYS: setting({
    field: 'longStopWarnDays',
    schema: wholeNumber(1, 364),
    default: '30',
    meaning: 'a target stopped this many days is reported (1 to 364)',
  }),
  OFFHOURS_LONG_STOP_ALERT_DAYS: setting({
    field: 'longStopAlertDays',
    // AKS deletes a cluster stopped for 12 months: the alert must come before that.
    schema: wholeNumber(1, 364),
    default: '300',
    meaning:
      "a cluster stopped this many days is a health alert and, with a schedule's `Maintenance` `wake`, is started for four hours (1 to 364; AKS deletes a cluster stopped for 12 months)",
  }),
  OFFHOURS_NOTIFY_CHANNELS: setting({
    section: 'notify',
    field: 'channels',
    schema: notifyChannels,
    default: '{}',
    whenUnset: '(none: no notices)',
    sample: '',
    secret: true,
    noticeSetting: true,
    meaning:
      'a secret (Key Vault reference in Azure): JSON naming the notification channels, `{"team-dev": {"type": "slack" \\| "teams" \\| "webhook", "url": "https://…"}}`; the `Notify` column of Schedules and Targets rows names them ([docs/notifications.md](docs/notifications.md))',
  }),
  OFFHOURS_NOTIFY_LINK_KEYS: setting({
    section: 'notify',
    field: 'linkKeys',
    schema: list.pipe(
      z
        .array(z.string().min(32, 'each key must have at least 32 characters (e.g. openssl rand -base64 32)'))
        .max(
          2,
          'at most two keys, separated by a comma: the new one first, the old one while links signed with it expire',
        ),
    ),
    default: '',
    whenUnset: '(none)',
    secret: true,
    noticeSetting: true,
    meaning:
      'a secret: the key (at least 32 characters) that signs one-click links; two, comma-separated, during a rotation (the first signs). Needed with channels',
  }),
  OFFHOURS_NOTIFY_LINK_BASE_URL: setting({
    section: 'notify',
    field: 'linkBaseUrl',
    schema: z
      .url({
        message: 'must be the https URL of the function app, e.g. https://my-offhours.azurewebsites.net',
      })
      .refine(
        (value) =>
          value.startsWith('https://') || /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/|$)/.test(value),
        'must be an https URL (http only for localhost)',
      ),
    whenUnset: "(none; the template sets the app's URL)",
    noticeSetting: true,
    meaning: 'where the links point, e.g. `https://func-offhours-….azurewebsites.net`. Needed with channels',
  }),
  OFFHOURS_NOTIFY_LEAD_MINUTES: setting({
    section: 'notify',
    field: 'leadMinutes',
    schema: wholeNumber(1, 7 * 24 * 60),
    default: '30',
    noticeSetting: true,
    meaning: 'how long before a scheduled stop its notice goes out (1 to 10080)',
  }),
  OFFHOURS_NOTIFY_KEEP_UNTIL: setting({
    section: 'notify',
    field: 'keepUntil',
    schema: z
      .string()
      .trim()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time HH:MM, e.g. 22:00'),
    default: '22:00',
    noticeSetting: true,
    meaning: 'the local time (the schedule\'s zone) of the "keep running until" link',
  }),
  OFFHOURS_NOTIFY_FAILURES: setting({
    section: 'notify',
    field: 'failures',
    schema: booleanSetting,
    default: 'false',
    noticeSetting: true,
    meaning: "also tell a target's channels, once, when its stop or start failed",
  }),
  WEBSITE_AUTH_ENABLED: setting({
    field: 'appServiceAuthEnabled',
    schema: booleanSetting,
    default: 'false',
    whenUnset: 'set by the platform',
    meaning:
      'App Service Authentication is on; only then are principal headers believed. Never set it yourself',
  }),
} as const;

export type SettingName = keyof typeof SETTINGS;

/** Every setting's name, in the order the README lists them. */
export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];
