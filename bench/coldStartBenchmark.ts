import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { bundle } from '../dev/bundle.js';
import { sizeOf } from '../dev/sizeOf.js';

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUNS = 9;

/** Milliseconds a fresh Node process takes to import the given modules: the cold-start proxy. */
async function importTime(modules: string[]): Promise<number> {
  const script = `const start = performance.now(); for (const module of ${JSON.stringify(modules)}) await import(module); process.stdout.write(String(performance.now() - start));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root });
  return Number(stdout);
}

async function median(work: () => Promise<number>): Promise<number> {
  const values: number[] = [];
  for (let index = 0; index < RUNS; index++) values.push(await work());
  return values.sort((a, b) => a - b)[Math.floor(RUNS / 2)] ?? NaN;
}

/** Issue figures for delivery: deployment package size and entry-module load time, bundled against not. */
export async function runColdStartBenchmark(): Promise<string> {
  const bundled = await bundle();
  const bundleFile = join(root, 'deploy', 'index.js');
  const functionFiles = (await readdir(join(root, 'dist', 'functions')))
    .filter((file) => file.endsWith('.js'))
    .map((file) => join(root, 'dist', 'functions', file));
  const { stdout } = await run('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: root });
  const productionDependencies = stdout.split('\n').filter((line) => line.includes('node_modules'));
  // Nested packages are inside their parents: count each top-level folder once.
  const topLevel = [
    ...new Set(
      productionDependencies.map((path) => path.replace(/(node_modules\/(@[^/]+\/)?[^/]+).*$/, '$1')),
    ),
  ];
  let unbundledBytes =
    (await sizeOf(join(root, 'dist', 'functions'))) +
    (await sizeOf(join(root, 'dist', 'shared'))) +
    (await sizeOf(join(root, 'host.json')));
  for (const path of topLevel) unbundledBytes += await sizeOf(path);
  const mapBytes = (await stat(join(root, 'deploy', 'index.js.map'))).size;
  const bundledMs = await median(() => importTime([bundleFile]));
  const unbundledMs = await median(() => importTime(functionFiles));
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return [
    `Deployment package and cold start (import of the entry modules in a fresh process, median of ${RUNS})`,
    '',
    `bundled (esbuild, minified): ${mib(bundled.bytes)} (${mib(bundled.bytes - mapBytes)} without the source map); import ${bundledMs.toFixed(0)} ms`,
    `unbundled (tsc output + production node_modules, ${topLevel.length} packages): ${mib(unbundledBytes)}; import ${unbundledMs.toFixed(0)} ms`,
    '',
  ].join('\n');
}
