import { fleetFigures } from './fleetBenchmark.js';

/**
 * `node dist/bench/runFleetBenchmark.js [--ours-only] [sizes…]`: the fleet-scale figures alone, each
 * size as it is done (default 1,000, 5,000 and 20,000 pools); `--ours-only` skips the runbooks.
 */
const args = process.argv.slice(2);
const sizes = args.map(Number).filter((size) => size > 0);
for (const size of sizes.length > 0 ? sizes : [1_000, 5_000, 20_000])
  process.stdout.write(`${(await fleetFigures(size, !args.includes('--ours-only'))).join('\n')}\n`);
