import { spawn } from 'node:child_process';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';

const START = fileURLToPath(new URL('../../dist/dev/start.js', import.meta.url));
/**
 * With OFFHOURS_SCREENSHOTS=1 the pictures of docs/notifications.md are written to docs/images;
 * otherwise to a temporary folder (the same steps run either way).
 */
const IMAGES =
  process.env['OFFHOURS_SCREENSHOTS'] === '1'
    ? fileURLToPath(new URL('../../docs/images/', import.meta.url))
    : undefined;
const TIMEOUT_MS = 180_000;

/** `npm start` on the demo fleet, until `stop` sends it Ctrl+C. */
function npmStart(cwd: string) {
  let stdout = '';
  const child = spawn(process.execPath, [START], {
    cwd,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      PORT: '0',
      OFFHOURS_TICK: '0 0 0 1 1 *',
    },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    async waitFor(pattern: RegExp): Promise<RegExpExecArray> {
      const deadline = Date.now() + TIMEOUT_MS;
      for (;;) {
        const match = pattern.exec(stdout);
        if (match) return match;
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`npm start did not print ${pattern}:\n${stdout}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    async stop(): Promise<number | null> {
      if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGINT');
      return exited;
    },
  };
}

describe('a notice on the demo fleet, in a real browser', () => {
  it(
    'npm start shows the notice in its inbox; the link opens a confirmation page, the button keeps the target running, the link then refuses',
    async () => {
      const folder = IMAGES ?? (await mkdtemp(join(tmpdir(), 'offhours-screens-')));
      await mkdir(folder, { recursive: true });
      const started = npmStart(await mkdtemp(join(tmpdir(), 'offhours-start-')));
      const browser = await launchChromium();
      try {
        const inbox = (await started.waitFor(/^Notices: (http:\/\/127\.0\.0\.1:\d+\/)/m))[1] as string;
        const api = (await started.waitFor(/^API: (http:\/\/localhost:\d+\/api)/m))[1] as string;
        const stop = (await started.waitFor(/^notice sent to demo-inbox for the stop at (.+): /m))[1];
        // The console says the stop as the notice does, in the schedule's zone: no ISO instant.
        expect(stop).toMatch(/^[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d\d:\d\d [A-Za-z_]+\/[A-Za-z_]+$/);
        const page = await browser.newPage({ viewport: { width: 900, height: 640 } });

        await page.goto(inbox);
        await expectHeading(page, 'Notices (local inbox)');
        const first = page.locator('section li').first();
        const target = (await first.locator('strong').textContent()) ?? '';
        expect(target).toMatch(/^(dev-user1|dev-user2|build-agents)$/);
        await page.screenshot({ path: join(folder, 'notice-inbox.png') });

        await first.getByRole('link', { name: 'Keep running 1 h' }).click();
        await expectHeading(page, 'Confirm');
        await expect.poll(() => page.locator('main').textContent()).toContain('Nothing has changed yet');
        // Opening the link changed nothing.
        expect(await overrideOf(api, target)).toBeUndefined();
        await page.screenshot({ path: join(folder, 'notice-confirm.png') });
        const confirmUrl = page.url();

        await page.getByRole('button', { name: 'Confirm' }).click();
        await expectHeading(page, 'Done');
        // People's words: local times with their zone named, no ISO instants, no internal words.
        expect(await page.getByRole('status').textContent()).toMatch(
          /^keep running from \w{3} \d+ \w{3} \d\d:\d\d \S+ until /,
        );
        expect(await page.getByRole('status').textContent()).not.toMatch(/\d{4}-\d\d-\d\dT|keep-running/);
        await page.screenshot({ path: join(folder, 'notice-done.png') });
        expect(await overrideOf(api, target)).toMatchObject({
          kind: 'keep-running',
          createdBy: 'one-click link (demo-inbox)',
          reason: expect.stringMatching(
            /^keep-1h from the demo-inbox notice of the stop at .* \(token [\w-]+\)$/,
          ),
        });

        await page.goto(confirmUrl);
        await expectHeading(page, 'This link cannot be used');
        expect(await page.getByRole('alert').textContent()).toMatch(
          /already used .* by one-click link \(demo-inbox\).*Nothing was changed/,
        );
        await page.screenshot({ path: join(folder, 'notice-refused.png') });
      } finally {
        await browser.close();
        expect(await started.stop()).toBe(0);
      }
    },
    TIMEOUT_MS,
  );
});

async function expectHeading(page: import('playwright-core').Page, text: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: text }).waitFor({ timeout: 15_000 });
}

async function overrideOf(api: string, target: string): Promise<Record<string, unknown> | undefined> {
  const view = (await (await fetch(`${api}/targets/${target}`)).json()) as {
    override?: Record<string, unknown>;
  };
  return view.override;
}
