import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { bundle } from '../../dev/bundle.js';

describe('the deployment package (npm run bundle)', () => {
  it('holds only what runs: no source map', async () => {
    const { files } = await bundle();
    expect(files).toContain('index.js');
    expect(files).toContain('host.json');
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
    const code = await readFile(new URL('../../deploy/index.js', import.meta.url), 'utf8');
    expect(code).not.toMatch(/sourceMappingURL=/);
    // The status page travels in the package, next to the code that serves it (functions/statusPage.ts).
    expect(files).toContain('ui');
    const page = await readFile(new URL('../../deploy/ui/index.html', import.meta.url), 'utf8');
    expect(page).toContain('Content-Security-Policy');
  }, 120_000);
});
