import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import functions from '@azure/functions';
import type { FunctionDefinition } from '../shared/FunctionDefinition.js';
import { handleHttp } from '../shared/http/handleHttp.js';
import { problem } from '../shared/http/problemResponse.js';

/**
 * Where `npm run build` (dist/ui) and `npm run bundle` (deploy/ui) put the page: one HTML file with
 * its script and style inline, so that it needs no other route, no CDN and no second function key.
 */
const CANDIDATES = ['./ui/index.html', '../ui/index.html', '../dist/ui/index.html'].map((path) =>
  fileURLToPath(new URL(path, import.meta.url)),
);

let cached: { html: string; policy: string } | undefined;

/**
 * The built page and the Content-Security-Policy it carries in its `<meta>` (dev/buildPage.ts), sent
 * as a header too with `frame-ancestors 'none'`, which a `<meta>` policy cannot set. A page without
 * one gets a policy that allows nothing: it is broken rather than open.
 */
async function builtPage(): Promise<{ html: string; policy: string } | undefined> {
  if (cached !== undefined) return cached;
  const file = CANDIDATES.find((candidate) => existsSync(candidate));
  if (!file) return undefined;
  const html = await readFile(file, 'utf8');
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
  cached = { html, policy: `${meta ?? "default-src 'none'"}; frame-ancestors 'none'` };
  return cached;
}

/** GET /api/ui: the status page (docs/status-page.md); it calls the API from the browser. */
export const statusPage = handleHttp(async () => {
  const page = await builtPage();
  if (page === undefined)
    return problem(
      'page-not-built',
      `the status page was not built: run npm run build (looked for ${CANDIDATES.join(', ')})`,
    );
  return {
    status: 200,
    body: page.html,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': page.policy,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
    },
  };
});

export const definition = {
  name: 'statusPage',
  trigger: 'http' as const,
  options: { methods: ['GET'], authLevel: 'function', route: 'ui', handler: statusPage },
} satisfies FunctionDefinition;

functions.app.http(definition.name, definition.options);
