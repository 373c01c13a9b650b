import { describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';

describe('the browser the page tests drive', () => {
  it('renders a page in headless Chromium', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.setContent('<main><h1>Off-hours</h1><button>Keep running</button></main>');
      expect(await page.getByRole('button').textContent()).toBe('Keep running');
    } finally {
      await browser.close();
    }
  });
});
