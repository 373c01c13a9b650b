import { fleetFigures } from './fleetBenchmark.js';
import { steadyTickFigures } from './steadyTickBenchmark.js';

/**
 * `node dist/bench/runFleetBenchmark.js [--ours-only] [sizes…]`: the fleet-scale figures alone, each
 * size as it is done (default 1,000, 5,000 and 20,000 pools); `--ours-only` skips the runbooks.
 * `--steady-tick [sizes…]`: only the steady tick's wall time and the app process's peak RSS, the
 * fake ARM in a process of its own (`bench/steadyTickBenchmark.ts`).
 */
const args = process.argv.slice(2);
const sizes = args.map(Number).filter((size) => size > 0);
if (args.includes('--steady-tick'))
  for (const size of sizes.length > 0 ? sizes : [20_000])
    process.stdout.write(`${(await steadyTickFigures(size)).join('\n')}\n`);
else
  for (const size of sizes.length > 0 ? sizes : [1_000, 5_000, 20_000])
    process.stdout.write(`${(await fleetFigures(size, !args.includes('--ours-only'))).join('\n')}\n`);
