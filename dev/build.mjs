// `npm run build`, and `--if-stale` for npm start, test, demo and bench: compiles only when a source is
// newer than the last build, so `npm install && npm start` runs tsc once (in prepare), not twice. It
// runs before anything is compiled, hence plain JavaScript.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import process from 'node:process';

const SOURCE_FOLDERS = ['shared', 'functions', 'cli', 'bench', 'dev', 'test', 'web'];
const INPUT_FILES = ['tsconfig.json', 'package.json', 'package-lock.json'];
const STAMP = join('dist', '.build-stamp');
const PAGE = join('dist', 'ui', 'index.html');
const MINIMUM_NODE = 20;

function newestSource(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return /\.(ts|tsx|css|json)$/.test(path) ? stats.mtimeMs : 0;
  return Math.max(0, ...readdirSync(path).map((name) => newestSource(join(path, name))));
}

function isUpToDate() {
  if (!existsSync(STAMP) || !existsSync(join('dist', 'dev', 'start.js')) || !existsSync(PAGE)) return false;
  const inputs = [
    ...SOURCE_FOLDERS.filter((folder) => existsSync(folder)).map(newestSource),
    ...INPUT_FILES.filter((file) => existsSync(file)).map((file) => statSync(file).mtimeMs),
  ];
  return statSync(STAMP).mtimeMs >= Math.max(...inputs);
}

const major = Number(process.versions.node.split('.')[0]);
if (major < MINIMUM_NODE) {
  process.stderr.write(
    `AKS Off-Hours needs Node.js ${MINIMUM_NODE} or later (Azure runs it on Node.js 22); this is ${process.version}. Install Node.js 22 (for example nvm install 22) and run the command again.\n`,
  );
  process.exit(1);
}
if (process.argv.includes('--if-stale') && isUpToDate()) process.exit(0);
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { stdio: 'inherit' });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);
// The status page (web/): type-checked for the browser, then bundled into dist/ui/index.html.
const pageChecked = spawnSync(process.execPath, [tsc, '-p', join('web', 'tsconfig.json')], {
  stdio: 'inherit',
});
if (pageChecked.status !== 0) process.exit(pageChecked.status ?? 1);
const page = spawnSync(process.execPath, [join('dist', 'dev', 'buildPage.js')], { stdio: 'inherit' });
if (page.status !== 0) process.exit(page.status ?? 1);
chmodSync(join('dist', 'cli', 'main.js'), 0o755);
writeFileSync(STAMP, `${new Date().toISOString()}\n`);
