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

let cached: string | undefined;

async function pageHtml(): Promise<string | undefined> {
  if (cached !== undefined) return cached;
  const file = CANDIDATES.find((candidate) => existsSync(candidate));
  if (!file) return undefined;
  cached = await readFile(file, 'utf8');
  return cached;
}

/** GET /api/ui: the status page (docs/status-page.md); it calls the API from the browser. */
export const statusPage = handleHttp(async () => {
  const html = await pageHtml();
  if (html === undefined)
    return problem(
      503,
      'Service Unavailable',
      `the status page was not built: run npm run build (looked for ${CANDIDATES.join(', ')})`,
    );
  return {
    status: 200,
    body: html,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
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
