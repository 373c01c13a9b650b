import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildPage } from './buildPage.js';
import { sizeOf } from './sizeOf.js';

/**
 * `npm run bundle`: the deployment package in `deploy/`, holding only what runs: one ESM file with
 * every function and its dependencies (tree-shaken), host.json and a package.json whose `main` is
 * that file. The Functions worker provides `@azure/functions-core` itself.
 */
/**
 * The repository: the nearest folder above this file whose package.json is ours. Found, not assumed
 * two levels up, because `deploy/` under it is emptied first (run from dev/ rather than dist/dev/,
 * two levels up is outside the repository).
 */
function repositoryRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'aks-offhours'
    )
      return dir;
  }
  throw new Error(`bundle: no aks-offhours package.json above ${fileURLToPath(import.meta.url)}`);
}

const root = repositoryRoot();
const out = join(root, 'deploy');

export async function bundle(): Promise<{ bytes: number; files: string[] }> {
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const functions = (await readdir(join(root, 'functions'))).filter((file) => file.endsWith('.ts')).sort();
  const entry = functions.map((file) => `import './functions/${file.replace(/\.ts$/, '.js')}';`).join('\n');
  await build({
    stdin: { contents: entry, resolveDir: join(root, 'dist'), sourcefile: 'index.js', loader: 'js' },
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    outfile: join(out, 'index.js'),
    external: ['@azure/functions-core'],
    // Some dependencies are CommonJS and call require(); give the ESM bundle one.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    minify: true,
    // No source map: it would be most of the package (13 MB) and the host does not use it.
    sourcemap: false,
    legalComments: 'external',
    logLevel: 'warning',
  });
  await cp(join(root, 'host.json'), join(out, 'host.json'));
  await buildPage(join(out, 'ui', 'index.html'));
  await writeFile(
    join(out, 'package.json'),
    `${JSON.stringify({ name: 'aks-offhours', type: 'module', main: 'index.js' }, null, 2)}\n`,
  );
  return { bytes: await sizeOf(out), files: (await readdir(out)).sort() };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await bundle();
  process.stdout.write(`deploy/: ${result.files.join(', ')} (${(result.bytes / 1024).toFixed(0)} KiB)\n`);
}
