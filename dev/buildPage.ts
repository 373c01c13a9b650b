import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { repositoryRoot } from './repositoryRoot.js';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const escapeForScript = (code: string) => code.replace(/<\/(script)/gi, '<\\/$1');

/**
 * The status page as one HTML file (web/ bundled by esbuild, script and style inline), so the
 * function serves it from the package with no other route and no CDN. Its Content-Security-Policy
 * allows exactly that script and that style, and calls to its own origin only.
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
