import functions, { type Timer } from '@azure/functions';
import { FUNCTIONS } from '../../dev/functionRegistry.js';
import { invokeHttp } from '../../dev/invokeHttp.js';
import { definition as notifyDefinition } from '../../functions/notify.js';
import { parseResourceId } from '../../shared/domain/ResourceId.js';
import { startApp, SUBSCRIPTION, type AppHarness } from './appHarness.js';
import { poolId } from './catalogRows.js';
import { WebhookReceiver } from './webhookReceiver.js';

const { InvocationContext } = functions;

export const LINK_KEY = 'test-link-key-0123456789abcdef0123456789';
export const LINK_BASE = 'http://localhost:7071';
/** Thursday 2026-11-26: the office (Berlin, 08:00-20:00) stops at 19:00 UTC. */
export const STOP = Date.parse('2026-11-26T19:00:00Z');

export interface NoticeApp {
  app: AppHarness;
  receiver: WebhookReceiver;
  /** Runs the registered `notify` timer handler. */
  notifyTick(isPastDue?: boolean): Promise<void>;
  /** An HTML page of the link route, as the Functions host would serve it. */
  page(
    method: 'GET' | 'POST',
    url: string,
    options?: { form?: Record<string, string>; headers?: Record<string, string> },
  ): Promise<{ status: number; html: string; headers: Record<string, string> }>;
  /** The hidden fields of the confirmation page a GET of `url` shows (empty when it is refused). */
  confirmationForm(url: string, headers?: Record<string, string>): Promise<Record<string, string>>;
  /**
   * Opens the link and presses Confirm, as a browser does: GET the page, then POST its form from its
   * own origin (`Origin` and `Sec-Fetch-Site: same-origin`). `headers` go with both requests.
   */
  press(
    url: string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; html: string; headers: Record<string, string> }>;
  stop(): Promise<void>;
}

/** What a browser sends with a form posted from the link's own page. */
export const SAME_ORIGIN = { origin: LINK_BASE, 'sec-fetch-site': 'same-origin' };

/**
 * The app on Azurite and the fake ARM with three webhook channels on a local receiver and a
 * cluster with pools a, b and c on the Berlin office schedule, 25 minutes before its stop.
 */
export async function startNoticeApp(settings: Record<string, string> = {}): Promise<NoticeApp> {
  const receiver = await WebhookReceiver.start();
  const app = await startApp(
    {
      OFFHOURS_NOTIFY_CHANNELS: JSON.stringify({
        slack: { type: 'slack', url: receiver.url('/slack') },
        teams: { type: 'teams', url: receiver.url('/teams') },
        hook: { type: 'webhook', url: receiver.url('/hook') },
      }),
      OFFHOURS_NOTIFY_LINK_KEYS: LINK_KEY,
      OFFHOURS_NOTIFY_LINK_BASE_URL: LINK_BASE,
      WEBSITE_AUTH_ENABLED: 'true',
      ...settings,
    },
    {},
    new Date(STOP - 25 * 60_000).toISOString(),
  );
  app.arm.state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg',
    name: 'dev',
    pools: [{ name: 'system', mode: 'System' }, { name: 'a' }, { name: 'b' }, { name: 'c' }],
  });
  const { storage } = app.services;
  await storage.schedules.create({
    name: 'office',
    definition: { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Europe/Berlin' },
    notify: 'slack, teams',
  });
  for (const [name, notify] of [
    ['dev-a', undefined],
    ['dev-b', 'hook, slack'],
    ['dev-c', 'slak'],
  ] as const) {
    const parsed = parseResourceId(poolId(SUBSCRIPTION, 'dev', name.slice(4)));
    if (!parsed.ok) throw new Error(parsed.message);
    await storage.targets.create({
      name,
      resourceId: parsed.resourceId,
      scheduleName: 'office',
      enabled: true,
      allowAksManagedScaleSet: false,
      ...(notify ? { notify } : {}),
    });
  }
  const timer: Timer = {
    isPastDue: false,
    schedule: { adjustForDST: false },
    scheduleStatus: { last: '', next: '', lastUpdated: '' },
  };
  const started: NoticeApp = {
    app,
    receiver,
    async notifyTick(isPastDue = false) {
      await notifyDefinition.options.handler(
        { ...timer, isPastDue },
        new InvocationContext({
          functionName: 'notify',
          invocationId: crypto.randomUUID(),
          logHandler: () => undefined,
        }),
      );
    },
    async page(method, url, options = {}) {
      const response = await invokeHttp(FUNCTIONS, {
        method,
        url,
        headers: {
          host: new URL(url).host,
          ...(options.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          ...(options.headers ?? {}),
        },
        ...(options.form ? { body: new URLSearchParams(options.form).toString() } : {}),
      });
      return {
        status: response.status ?? 200,
        html: typeof response.body === 'string' ? response.body : JSON.stringify(response.jsonBody),
        headers: (response.headers ?? {}) as Record<string, string>,
      };
    },
    async confirmationForm(url, headers = {}) {
      const { html } = await started.page('GET', url, { headers });
      return Object.fromEntries(
        [...html.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map((match) => [
          match[1] as string,
          (match[2] as string).replace(/&#(\d+);/g, (_entity, code: string) =>
            String.fromCharCode(Number(code)),
          ),
        ]),
      );
    },
    async press(url, headers = {}) {
      const form = await started.confirmationForm(url, headers);
      return started.page('POST', url.split('?')[0] as string, {
        form,
        headers: { ...SAME_ORIGIN, ...headers },
      });
    },
    async stop() {
      await app.stop();
      await receiver.stop();
    },
  };
  return started;
}
