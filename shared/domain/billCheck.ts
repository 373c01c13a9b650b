import { roundCents } from './moneySaved.js';
import { DAY_MS } from './time.js';

/** A difference between the estimate and the bill beyond this share is flagged (issue 26). */
export const BILL_CHECK_THRESHOLD_PERCENT = 10;

/**
 * Cost Management has a day's usage within 8 to 24 hours ("Understand Cost Management data"): a day
 * is compared once this long has passed since it ended, so that a bill still filling in is not
 * taken for a wrong estimate.
 */
export const BILL_SETTLING_MS = DAY_MS;

/** The app's estimate of a cost beside what the bill says, and whether they differ by more than the threshold. */
export interface CostComparison {
  estimated: number;
  actual: number;
  /** (estimated − actual) / actual in %, one decimal; `null` when the bill is 0 and the estimate is not. */
  differencePercent: number | null;
  flagged: boolean;
}

/**
 * Estimated against actual. Flagged when they differ by more than `thresholdPercent` of the bill,
 * or when the bill is 0 and the estimate is not (a cent or more): an estimate of money that was
 * never billed is as wrong as can be.
 */
export function compareCosts(
  estimated: number,
  actual: number,
  thresholdPercent = BILL_CHECK_THRESHOLD_PERCENT,
): CostComparison {
  const rounded = { estimated: roundCents(estimated), actual: roundCents(actual) };
  if (rounded.actual === 0)
    return {
      ...rounded,
      differencePercent: rounded.estimated === 0 ? 0 : null,
      flagged: rounded.estimated !== 0,
    };
  const share = (rounded.estimated - rounded.actual) / rounded.actual;
  // Flagged on the exact share; the percentage shown is rounded to one decimal.
  return {
    ...rounded,
    differencePercent: Math.round(share * 1000) / 10,
    flagged: Math.abs(rounded.estimated - rounded.actual) * 100 > thresholdPercent * rounded.actual,
  };
}

/**
 * The whole UTC days of a period that the bill can be checked on: those that begin at or after
 * `from` and ended, by `now`, at least `BILL_SETTLING_MS` ago and by `to`. Undefined when there is
 * none yet (the first day of a month, say).
 */
export function wholeDaysOf(
  range: { from: number; to: number },
  now: number,
): { from: number; to: number } | undefined {
  const from = Math.ceil(range.from / DAY_MS) * DAY_MS;
  const to = Math.floor(Math.min(range.to, now - BILL_SETTLING_MS) / DAY_MS) * DAY_MS;
  return to > from ? { from, to } : undefined;
}
