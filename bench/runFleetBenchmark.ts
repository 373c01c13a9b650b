import { runFleetBenchmark } from './fleetBenchmark.js';

/** `node dist/bench/runFleetBenchmark.js [sizes…]`: the fleet-scale figures alone (default 1,000, 5,000 and 20,000 pools). */
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((size) => size > 0);
process.stdout.write(await runFleetBenchmark(sizes.length > 0 ? sizes : undefined));
