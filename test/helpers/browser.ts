import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium, driven by playwright-core (`npx playwright install` cannot download browsers
 * here). `.ci/run` installs it; locally: `sudo apt-get install -y chromium`, or point CHROMIUM_PATH
 * at another Chromium or Chrome. A missing browser fails the test with this message, never skips it.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Browser tests need Chromium at ${CHROMIUM_PATH}: install it with 'sudo apt-get install -y chromium' (Debian/Ubuntu) or set CHROMIUM_PATH to a Chromium or Chrome executable.`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox'] });
}
