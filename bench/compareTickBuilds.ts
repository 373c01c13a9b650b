import { execFile } from 'node:child_process';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * `node dist/bench/compareTickBuilds.js <other build's folder> [targets…] [--runs N]`: the transition
 * tick of this build and another (a worktree of an earlier commit, built, with this benchmark file
 * copied into its bench/ folder), run alternately in one session so that both see the same machine,
 * one process per run; prints each run and the medians. BENCHMARKS.md, The transition tick.
 */
interface Figures {
  enqueued: number;
  tick: number;
  /** CPU seconds until all were enqueued: the benchmark's process, and Azurite's. */
  cpu: number;
  azuriteCpu: number;
  where: string;
}

const UNTIL_ENQUEUED =
  /transition tick[^:]*: ([\d.]+) s until all [\d,]+ changes were enqueued, the tick ([\d.]+) s/;
const WHERE = /where it goes[^:]*: (.*)/;
const CPU = /CPU until all enqueued: this process ([\d.]+) s, Azurite ([\d.]+) s/;

async function once(folder: string, targets: number): Promise<Figures> {
  const { stdout } = await run(
    process.execPath,
    [resolve(folder, 'dist/bench/runTickBenchmark.js'), String(targets), '--tick-only'],
    { cwd: folder, maxBuffer: 1 << 24 },
  );
  const figures = UNTIL_ENQUEUED.exec(stdout);
  if (!figures) throw new Error(`no transition tick figures in the output of ${folder}:\n${stdout}`);
  const cpu = CPU.exec(stdout);
  return {
    enqueued: Number(figures[1]),
    tick: Number(figures[2]),
    cpu: Number(cpu?.[1] ?? NaN),
    azuriteCpu: Number(cpu?.[2] ?? NaN),
    where: WHERE.exec(stdout)?.[1] ?? '',
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 3;
const [other, ...sizeArgs] = args;
if (!other) throw new Error('usage: compareTickBuilds <other build folder> [targets…] [--runs N]');
const builds = { other: resolve(other), this: resolve('.') };
const sizes = sizeArgs.map(Number).filter((size) => size > 0);
for (const targets of sizes.length > 0 ? sizes : [1_000, 5_000]) {
  const results: Record<keyof typeof builds, Figures[]> = { other: [], this: [] };
  for (let run = 0; run < runs; run++)
    for (const build of ['other', 'this'] as const) {
      const figures = await once(builds[build], targets);
      results[build].push(figures);
      process.stdout.write(
        `${targets} ${build} run ${run + 1} (load average ${loadavg()[0]?.toFixed(1)}): until enqueued ${figures.enqueued.toFixed(2)} s (CPU ${figures.cpu.toFixed(2)} s, Azurite ${figures.azuriteCpu.toFixed(2)} s), tick ${figures.tick.toFixed(2)} s; ${figures.where}\n`,
      );
    }
  for (const build of ['other', 'this'] as const) {
    const medianOf = (figure: keyof Omit<Figures, 'where'>) =>
      median(results[build].map((figures) => figures[figure])).toFixed(2);
    process.stdout.write(
      `${targets} ${build} (${builds[build]}) median of ${runs}: until enqueued ${medianOf('enqueued')} s (CPU ${medianOf('cpu')} s, Azurite ${medianOf('azuriteCpu')} s), tick ${medianOf('tick')} s\n`,
    );
  }
}
