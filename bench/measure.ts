import { performance } from 'node:perf_hooks';

export interface Measurement {
  name: string;
  runs: number;
  firstMs: number;
  medianMs: number;
  p90Ms: number;
  target: string;
}

function summarise(name: string, target: string, timings: readonly number[]): Measurement {
  const sorted = [...timings].sort((a, b) => a - b);
  const at = (fraction: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? NaN;
  return {
    name,
    runs: timings.length,
    firstMs: timings[0] ?? NaN,
    medianMs: at(0.5),
    p90Ms: at(0.9),
    target,
  };
}

/** Runs `work` `runs` times (each with its run number) and reports the first, median and 90th percentile. */
export function measure(
  name: string,
  runs: number,
  target: string,
  work: (run: number) => void,
): Measurement {
  const timings: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    work(run);
    timings.push(performance.now() - start);
  }
  return summarise(name, target, timings);
}

/** `measure` for asynchronous work; runs are sequential. */
export async function measureAsync(
  name: string,
  runs: number,
  target: string,
  work: (run: number) => Promise<void>,
): Promise<Measurement> {
  const timings: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    await work(run);
    timings.push(performance.now() - start);
  }
  return summarise(name, target, timings);
}

export function formatMeasurement(measurement: Measurement): string {
  const ms = (value: number) => `${value.toFixed(2)} ms`;
  return `${measurement.name}\n  median ${ms(measurement.medianMs)}, p90 ${ms(measurement.p90Ms)}, first run ${ms(measurement.firstMs)} (${measurement.runs} runs; target: ${measurement.target})`;
}
