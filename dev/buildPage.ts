import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { repositoryRoot } from './repositoryRoot.js';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const escapeForScript = (code: string) => code.replace(/<\/(script)/gi, '<\\/$1');

/**
 * The favicon: a crescent moon (off-hours) on the page's accent blue, inline as a data URL so the
 * page stays one file; the policy's `img-src data:` allows it.
 */
const FAVICON_SVG =
  "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'>" +
  "<rect width='32' height='32' rx='7' fill='#0a58ca'/>" +
  "<path d='M19 6a10 10 0 1 0 7 17A8.5 8.5 0 0 1 19 6z' fill='#fff'/></svg>";
export const FAVICON = `data:image/svg+xml,${encodeURIComponent(FAVICON_SVG)}`;

/**
 * The status page as one HTML file (web/ bundled by esbuild, script and style inline), so the
 * function serves it from the package with no other route and no CDN. Its Content-Security-Policy
 * allows exactly that script and that style, the inline favicon, and calls to its own origin only.
 */
export async function buildPage(
  outFile = join(repositoryRoot(), 'dist', 'ui', 'index.html'),
): Promise<string> {
  const root = repositoryRoot();
  const result = await build({
    entryPoints: [join(root, 'web', 'main.tsx')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: join(root, 'web', 'tsconfig.json'),
    legalComments: 'none',
    logLevel: 'warning',
  });
  const script = escapeForScript(result.outputFiles[0]?.text ?? '');
  const style = await readFile(join(root, 'web', 'style.css'), 'utf8');
  const policy = [
    "default-src 'none'",
    `script-src ${sha256(script)}`,
    `style-src ${sha256(style)}`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<title>AKS Off-Hours</title>
<link rel="icon" type="image/svg+xml" href="${FAVICON}">
<style>${style}</style>
</head>
<body>
<noscript><p>The status page needs JavaScript.</p></noscript>
<div id="app"></div>
<script>${script}</script>
</body>
</html>
`;
  await mkdir(dirname(outFile), { recursive: true });
  await writeFile(outFile, html);
  return outFile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = await buildPage(process.argv[2]);
  process.stdout.write(`status page: ${file}\n`);
}
