import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { FUNCTIONS } from '../../dev/functionRegistry.js';
import { LocalRunner } from '../../dev/LocalRunner.js';
import { launchChromium } from '../helpers/browser.js';
import { startNoticeApp, type NoticeApp } from '../helpers/noticeApp.js';

let notices: NoticeApp;
let runner: LocalRunner;
let attacker: Server;
let browser: Browser;
/** The app as `npm start` serves it, and a page of another site: the same host on another port. */
let app: string;
let evil: string;
const pages = new Map<string, string>();

beforeAll(async () => {
  notices = await startNoticeApp();
  await notices.app.tick();
  await notices.notifyTick();
  runner = new LocalRunner({
    functions: FUNCTIONS.filter((definition) => definition.trigger === 'http'),
    connectionString: inject('storageConnectionString'),
    tick: '0 0 0 1 1 *',
    port: 0,
    log: () => undefined,
  });
  app = `http://127.0.0.1:${await runner.start()}`;
  attacker = createServer((request, response) => {
    response.writeHead(pages.has(request.url ?? '') ? 200 : 404, {
      'Content-Type': 'text/html; charset=utf-8',
    });
    response.end(pages.get(request.url ?? '') ?? 'not found');
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  evil = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => attacker?.close(resolve));
  await runner?.stop();
  await notices?.stop();
});

/** The link of dev-a's "keep running 1 h" in the Slack notice, on the local runner. */
function link(): { url: string; token: string } {
  const message = JSON.stringify(notices.receiver.on('/slack')[0]?.body ?? {});
  const token = /\/dev-a\/keep-1h\?token=([\w.-]+)/.exec(message)?.[1] ?? '';
  expect(token).not.toBe('');
  return { url: `${app}/api/notices/dev-a/keep-1h?token=${token}`, token };
}

/** A page on the other port that posts the link's form as soon as it loads. */
function autoSubmitting(path: string, fields: Record<string, string>, noReferrer: boolean): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${value}">`)
    .join('');
  pages.set(
    path,
    `<!doctype html><html><head>${noReferrer ? '<meta name="referrer" content="no-referrer">' : ''}<title>Cute cats</title></head>
<body><form method="post" action="${app}/api/notices/dev-a/keep-1h">${inputs}</form><script>document.forms[0].submit()</script></body></html>`,
  );
  return `${evil}${path}`;
}

async function heading(page: Page): Promise<string> {
  const h1 = page.getByRole('heading', { level: 1 });
  await h1.waitFor({ timeout: 15_000 });
  return (await h1.textContent()) ?? '';
}

const override = async () => (await notices.app.services.storage.overrides.get('dev-a'))?.override;

describe('a page on another local port that auto-submits the link’s form, in Chromium (issue 27, item 2)', () => {
  it('is refused whether it sends Origin: null (no-referrer) or its own origin, even with a page secret it fetched', async () => {
    const { url, token } = link();
    // The attacker holds the link and fetched a confirmation page for themselves.
    const theirs = await (await fetch(url)).text();
    const pageSecret = /name="pageSecret" value="([^"]+)"/.exec(theirs)?.[1] ?? '';
    const page = await browser.newPage();
    for (const [path, noReferrer] of [
      ['/null-origin', true],
      ['/own-origin', false],
    ] as const) {
      await page.goto(autoSubmitting(path, { token, pageSecret }, noReferrer));
      await page.waitForURL(`${app}/api/notices/dev-a/keep-1h`);
      expect(await heading(page)).toBe('This link cannot be used');
      expect(await page.getByRole('alert').textContent()).toContain('Nothing was changed');
      expect(await override()).toBeUndefined();
    }
    await page.close();
  });

  it('while the confirmation page’s own button acts', async () => {
    const page = await browser.newPage();
    await page.goto(link().url);
    expect(await heading(page)).toBe('Confirm');
    expect(await page.locator('input[name="pageSecret"]').getAttribute('value')).toMatch(/^[\w-]+\.[\w-]+$/);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForURL(`${app}/api/notices/dev-a/keep-1h`);
    expect(await heading(page)).toBe('Done');
    expect(await override()).toMatchObject({ kind: 'keep-running', createdBy: 'one-click link (slack)' });
    await page.close();
  });
});
