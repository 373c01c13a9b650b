import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { FakeRetailPrices } from '../../dev/fakeRetailPrices/FakeRetailPrices.js';
import type { ClusterSpec } from '../../dev/fakeArm/FakeArmState.js';
import { startApp, type AppHarness } from './appHarness.js';
import { launchChromium } from './browser.js';
import { registerCatalog } from './catalogRows.js';
import { startStatusPageServer } from './statusPageServer.js';

/** What a status-page browser test stands on: the clusters, the rows, the app's clock. */
export interface StatusPageWorldOptions {
  /** App settings besides OFFHOURS_NEW_TARGET_GRACE_MINUTES=0. */
  settings?: Record<string, string>;
  /** The app's clock when it starts, ISO 8601. */
  at: string;
  /** A fake Retail Prices API, and OFFHOURS_RETAIL_PRICES_URL pointing at it. */
  prices?: boolean;
  clusters: ClusterSpec[];
  schedules: Parameters<typeof registerCatalog>[1];
  targets: Parameters<typeof registerCatalog>[2];
}

export interface StatusPageWorld {
  app: AppHarness;
  /** The local runner's address (what `npm start` serves). */
  url: string;
  browser: Browser;
  /** A tick, the operations it began, and the tick five minutes later that sees them done. */
  settle(): Promise<void>;
  /**
   * A browser as App Service Authentication would send it on (the principal header on every request,
   * when given), in London, en-GB, 1280 × 900 unless told otherwise.
   */
  context(principal?: string, options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A new page of `context` at `/api/ui<fragment>`, its clock the app's: times read the same on every run. */
  open(context: BrowserContext, fragment?: string): Promise<Page>;
  stop(): Promise<void>;
}

/**
 * The app on Azurite and the fake ARM, its catalog registered and settled, the local runner's HTTP
 * side with the page built, and Debian's Chromium: the set-up every status-page browser test shares.
 */
export async function startStatusPageWorld(options: StatusPageWorldOptions): Promise<StatusPageWorld> {
  const prices = options.prices ? await FakeRetailPrices.start() : undefined;
  const app = await startApp(
    {
      OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0',
      ...(prices ? { OFFHOURS_RETAIL_PRICES_URL: prices.url } : {}),
      ...options.settings,
    },
    {},
    options.at,
  );
  for (const cluster of options.clusters) app.arm.state.addCluster(cluster);
  await registerCatalog(app.services.storage, options.schedules, options.targets);
  const settle = async () => {
    await app.tick();
    await app.drain();
    app.clock.now += 5 * 60_000;
    await app.tick();
  };
  await settle();
  const server = await startStatusPageServer();
  const browser = await launchChromium();
  return {
    app,
    url: server.url,
    browser,
    settle,
    context: (principal, contextOptions = {}) =>
      browser.newContext({
        timezoneId: 'Europe/London',
        locale: 'en-GB',
        viewport: { width: 1280, height: 900 },
        ...(principal ? { extraHTTPHeaders: { 'x-ms-client-principal': principal } } : {}),
        ...contextOptions,
      }),
    async open(context, fragment = '') {
      const page = await context.newPage();
      await page.clock.setFixedTime(new Date(app.clock.now));
      await page.goto(`${server.url}/api/ui${fragment}`);
      return page;
    },
    async stop() {
      await browser.close();
      await server.stop();
      await app.stop();
      await prices?.stop();
    },
  };
}
