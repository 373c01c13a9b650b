import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../shared/config.js';
import { ConfigError } from '../../../shared/ConfigError.js';
import { securityWarnings } from '../../../shared/securityWarnings.js';

const storage = { AzureWebJobsStorage: 'UseDevelopmentStorage=true' };
const SECRET_URL = 'https://hooks.slack.com/services/T000/B000/secret-part';
const KEY = 'a-link-key-of-at-least-32-characters!!';

function problems(environment: Record<string, string>): readonly string[] {
  try {
    loadConfig({ ...storage, ...environment });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

/** A notice misconfiguration turns notices off and says why; it never stops the app. */
function noticesOffBecause(environment: Record<string, string>): readonly string[] {
  const { notify } = loadConfig({ ...storage, ...environment });
  expect(notify.channels).toEqual([]);
  expect(notify.linkKeys).toEqual([]);
  return notify.disabledBecause ?? [];
}

/** What App Service hands the app when it cannot resolve a Key Vault reference: the reference itself. */
const UNRESOLVED =
  '@Microsoft.KeyVault(SecretUri=https://kv-offhours.vault.azure.net/secrets/offhours-notify-link-keys/)';
const CHANNELS = JSON.stringify({ ops: { type: 'webhook', url: 'https://example.com/hook' } });

describe('notification settings', () => {
  it('default to no channels, 30 minutes ahead, keep running until 22:00', () => {
    expect(loadConfig(storage).notify).toEqual({
      channels: [],
      linkKeys: [],
      leadMinutes: 30,
      keepUntil: '22:00',
      failures: false,
    });
  });

  it('read channels from one JSON setting, with two link keys for a rotation', () => {
    const config = loadConfig({
      ...storage,
      OFFHOURS_NOTIFY_CHANNELS: JSON.stringify({
        'team-a': { type: 'slack', url: SECRET_URL },
        ops: { type: 'teams', url: 'https://prod-00.westeurope.logic.azure.com/workflows/x' },
        local: { type: 'webhook', url: 'http://127.0.0.1:9999/hook' },
      }),
      OFFHOURS_NOTIFY_LINK_KEYS: `${KEY},${KEY}-old`,
      OFFHOURS_NOTIFY_LINK_BASE_URL: 'https://offhours.azurewebsites.net',
      OFFHOURS_NOTIFY_LEAD_MINUTES: '45',
      OFFHOURS_NOTIFY_KEEP_UNTIL: '21:30',
      OFFHOURS_NOTIFY_FAILURES: 'yes',
    });
    expect(config.notify).toEqual({
      channels: [
        { name: 'team-a', type: 'slack', url: SECRET_URL },
        { name: 'ops', type: 'teams', url: 'https://prod-00.westeurope.logic.azure.com/workflows/x' },
        { name: 'local', type: 'webhook', url: 'http://127.0.0.1:9999/hook' },
      ],
      linkKeys: [KEY, `${KEY}-old`],
      linkBaseUrl: 'https://offhours.azurewebsites.net',
      leadMinutes: 45,
      keepUntil: '21:30',
      failures: true,
    });
  });

  it('name the setting and what is valid, and never echo a webhook URL or a key', () => {
    const found = noticesOffBecause({
      OFFHOURS_NOTIFY_CHANNELS: JSON.stringify({
        ops: { type: 'email', url: 'http://example.com/secret-part' },
      }),
      OFFHOURS_NOTIFY_LINK_KEYS: 'short-secret-part',
      OFFHOURS_NOTIFY_LEAD_MINUTES: '0',
      OFFHOURS_NOTIFY_KEEP_UNTIL: '25:00',
    });
    expect(found).toEqual([
      "OFFHOURS_NOTIFY_CHANNELS (hidden) (ops.type): a channel's type must be one of slack, teams, webhook",
      "OFFHOURS_NOTIFY_CHANNELS (hidden) (ops.url): a channel's url must be https (http only for localhost)",
      'OFFHOURS_NOTIFY_LINK_KEYS (hidden): each key must have at least 32 characters (e.g. openssl rand -base64 32)',
      'OFFHOURS_NOTIFY_LEAD_MINUTES "0": must be a whole number from 1 to 10080',
      'OFFHOURS_NOTIFY_KEEP_UNTIL "25:00": must be a local time HH:MM, e.g. 22:00',
    ]);
    expect(found.join('\n')).not.toContain('secret-part');
    expect(
      noticesOffBecause({
        OFFHOURS_NOTIFY_CHANNELS: JSON.stringify({ 'team a': { type: 'slack', url: SECRET_URL } }),
      }),
    ).toEqual([
      'OFFHOURS_NOTIFY_CHANNELS (hidden) (team a): channel names are 1 to 64 letters, digits, - and _, starting with a letter or digit',
    ]);
    expect(noticesOffBecause({ OFFHOURS_NOTIFY_CHANNELS: '{not json' })).toEqual([
      'OFFHOURS_NOTIFY_CHANNELS (hidden): must be JSON: {"<channel>": {"type": "slack" | "teams" | "webhook", "url": "https://…"}, …}',
    ]);
  });

  it('channels need a link key and the app URL', () => {
    expect(
      noticesOffBecause({
        OFFHOURS_NOTIFY_CHANNELS: JSON.stringify({
          ops: { type: 'webhook', url: 'https://example.com/hook' },
        }),
      }),
    ).toEqual([
      expect.stringMatching(/^OFFHOURS_NOTIFY_LINK_KEYS \(not set\): notification channels are set/),
      expect.stringMatching(/^OFFHOURS_NOTIFY_LINK_BASE_URL \(not set\): notification channels are set/),
    ]);
  });
});

describe('a notice setting App Service could not resolve (Key Vault reference)', () => {
  const reason =
    "is a Key Vault reference that App Service could not resolve: give the app's identity Key Vault Secrets User on the vault, and check the secret URI and the vault's network access (the app's Environment variables page shows the reference's status)";

  it('is never used as a link key (it is long enough, and guessable from the deployment)', () => {
    const config = loadConfig({
      ...storage,
      OFFHOURS_NOTIFY_CHANNELS: CHANNELS,
      OFFHOURS_NOTIFY_LINK_KEYS: UNRESOLVED,
      OFFHOURS_NOTIFY_LINK_BASE_URL: 'https://offhours.azurewebsites.net',
    });
    expect(config.notify.linkKeys).toEqual([]);
    expect(config.notify.channels).toEqual([]);
    // Said at start-up and in GET /api/health.
    expect(securityWarnings(config)).toContain(
      `Stop notices are off because a notice setting is wrong: ${config.notify.disabledBecause?.join('; ')}`,
    );
    expect(config.notify.disabledBecause).toEqual([
      `OFFHOURS_NOTIFY_LINK_KEYS "${UNRESOLVED.slice(0, 60)}…": ${reason}`,
    ]);
  });

  it('as channels, turns notices off and leaves everything else working (reconcile included)', () => {
    const config = loadConfig({
      ...storage,
      OFFHOURS_DRY_RUN: 'false',
      OFFHOURS_ALLOWED_SCOPES: '/subscriptions/00000000-0000-4000-8000-000000000001',
      OFFHOURS_NOTIFY_CHANNELS: UNRESOLVED.replace('link-keys', 'channels'),
      OFFHOURS_NOTIFY_LINK_KEYS: KEY,
      OFFHOURS_NOTIFY_LINK_BASE_URL: 'https://offhours.azurewebsites.net',
      OFFHOURS_NOTIFY_LEAD_MINUTES: '45',
    });
    expect(config.dryRun).toBe(false);
    expect(config.allowedScopes).toEqual(['/subscriptions/00000000-0000-4000-8000-000000000001']);
    expect(config.notify).toEqual({
      channels: [],
      linkKeys: [],
      leadMinutes: 45,
      keepUntil: '22:00',
      failures: false,
      disabledBecause: [
        expect.stringMatching(
          /^OFFHOURS_NOTIFY_CHANNELS "@Microsoft\.KeyVault\(SecretUri=.*: is a Key Vault reference that App Service could not resolve/,
        ),
      ],
    });
  });

  it('in a setting other than notices, stops the app with the setting named (it would be read as a value)', () => {
    // name=value: the reference would otherwise pass as a protected tag and replace the production ones.
    const tags = '@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/tags)';
    expect(problems({ OFFHOURS_PROTECTED_TAGS: tags })).toEqual([
      `OFFHOURS_PROTECTED_TAGS "${tags.slice(0, 60)}…": ${reason}`,
    ]);
    expect(problems({ AzureWebJobsStorage: '@Microsoft.KeyVault(VaultName=kv;SecretName=storage)' })).toEqual(
      [`AzureWebJobsStorage "@Microsoft.KeyVault(VaultName=kv;SecretName=storage)": ${reason}`],
    );
  });

  it('with another setting wrong too, names both and stops the app', () => {
    expect(problems({ OFFHOURS_NOTIFY_LINK_KEYS: UNRESOLVED, OFFHOURS_CHANGES_PER_MINUTE: '0' })).toEqual([
      `OFFHOURS_NOTIFY_LINK_KEYS "${UNRESOLVED.slice(0, 60)}…": ${reason}`,
      'OFFHOURS_CHANGES_PER_MINUTE "0": must be a whole number from 1 to 10000',
    ]);
  });
});
