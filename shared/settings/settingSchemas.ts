import { Cron } from 'croner';
import { z } from 'zod';
import { CHANNEL_TYPES, type NotifyChannel } from '../app/notifications/NoticeMessage.js';

/** The parsers settings share (shared/settings/SETTINGS.ts declares which setting uses which). */
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
export const booleanSetting = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => ['true', 'false', '1', '0', 'yes', 'no'].includes(value), 'must be true or false')
  .transform((value) => ['true', '1', 'yes'].includes(value));

export const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((value) => value >= min && value <= max, `must be a whole number from ${min} to ${max}`);

export const list = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== ''),
);

export const ncrontab = z
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
export const notifyChannels = z
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
