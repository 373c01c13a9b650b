import type { StartSample } from './StartHistory.js';

/** The share of next starts the learned lead is to cover. */
export const START_COVERAGE = 0.95;
/** Past the longest start known, each start too few to rank the bound adds this share of it. */
export const SHORT_HISTORY_STEP = 0.1;

export interface StartBound {
  ms: number;
  /** The samples are too few (or too many censored) to rank the bound: it is the longest known, raised. */
  beyondHistory: boolean;
}

/**
 * How long the next start takes at most, `coverage` of the time, from past starts, assuming
 * nothing about their distribution (docs/decisions.md, Ready by): the next start falls below the
 * k-th shortest of n past ones with probability k/(n+1), so the bound is the k-th with
 * k = ⌈coverage·(n+1)⌉ (with 20 starts and 95 %, the longest). Starts that failed or timed out are
 * right-censored: the Kaplan–Meier estimate ranks them, each at least its time, so one that had not
 * finished after 30 minutes pushes the bound up instead of counting as a 30-minute start. When
 * k > n, or censoring leaves the rank unreached, the bound is the longest time known raised by
 * `SHORT_HISTORY_STEP` per missing rank. Undefined without samples.
 */
export function startBound(
  samples: readonly StartSample[],
  coverage: number = START_COVERAGE,
): StartBound | undefined {
  const usable = samples.filter((sample) => Number.isFinite(sample.ms) && sample.ms >= 0);
  const n = usable.length;
  if (n === 0) return undefined;
  const rank = Math.ceil(coverage * (n + 1));
  const longest = Math.max(...usable.map((sample) => sample.ms));
  const beyond = (missing: number): StartBound => ({
    ms: Math.round(longest * (1 + SHORT_HISTORY_STEP * Math.max(1, missing))),
    beyondHistory: true,
  });
  if (rank > n) return beyond(rank - n);
  const reached = kaplanMeierQuantile(usable, rank / n);
  return reached === undefined ? beyond(1) : { ms: reached, beyondHistory: false };
}

/**
 * The smallest time by which the Kaplan–Meier estimate says `share` of starts have finished, or
 * undefined when the censored samples leave it short of that share. Without censoring this is the
 * nearest-rank percentile.
 */
function kaplanMeierQuantile(samples: readonly StartSample[], share: number): number | undefined {
  // Finished before censored at the same time: a censored start was still at risk then.
  const sorted = [...samples].sort((a, b) => a.ms - b.ms || (a.atLeast ? 1 : 0) - (b.atLeast ? 1 : 0));
  let surviving = 1;
  let atRisk = sorted.length;
  for (let index = 0; index < sorted.length;) {
    const ms = sorted[index]?.ms ?? 0;
    let finished = 0;
    let censored = 0;
    for (; index < sorted.length && sorted[index]?.ms === ms; index++)
      if (sorted[index]?.atLeast) censored++;
      else finished++;
    if (finished > 0) {
      surviving *= 1 - finished / atRisk;
      // A tolerance for floating-point products: 19/20 must reach 0.95.
      if (1 - surviving >= share - 1e-9) return ms;
    }
    atRisk -= finished + censored;
  }
  return undefined;
}
