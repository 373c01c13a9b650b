import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../shared/config.js';
import { ConfigError } from '../../../shared/ConfigError.js';

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
    const found = problems({
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
      problems({
        OFFHOURS_NOTIFY_CHANNELS: JSON.stringify({ 'team a': { type: 'slack', url: SECRET_URL } }),
      }),
    ).toEqual([
      'OFFHOURS_NOTIFY_CHANNELS (hidden) (team a): channel names are 1 to 64 letters, digits, - and _, starting with a letter or digit',
    ]);
    expect(problems({ OFFHOURS_NOTIFY_CHANNELS: '{not json' })).toEqual([
      'OFFHOURS_NOTIFY_CHANNELS (hidden): must be JSON: {"<channel>": {"type": "slack" | "teams" | "webhook", "url": "https://…"}, …}',
    ]);
  });

  it('channels need a link key and the app URL', () => {
    expect(
      problems({
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
