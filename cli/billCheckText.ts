import type { BillCheck } from '../shared/app/billing/BillCheck.js';
import type { CostComparison } from '../shared/domain/billCheck.js';

/**
 * The savings table's "Checked against the bill" section: each target's estimated compute cost
 * beside Cost Management's, for whole days, with the difference and a flag past the threshold;
 * or why the bill could not be read (never a 0).
 */
export function billCheckLines(check: BillCheck | undefined): string[] {
  if (!check) return [];
  if (!check.available) return ['', `Checked against the bill: actual cost unavailable: ${check.reason}`];
  const money = (amount: number) => `${check.currency} ${amount.toFixed(2)}`;
  const line = (name: string, comparison: CostComparison) =>
    `  ${name}: estimated ${money(comparison.estimated)}, billed ${money(comparison.actual)}, ${differenceText(comparison)}${comparison.flagged ? `  ← differs by more than ${check.thresholdPercent} %` : ''}`;
  return [
    '',
    `Checked against the bill (Cost Management, compute only, whole days ${check.from.slice(0, 10)} to ${check.to.slice(0, 10)} exclusive):`,
    ...check.targets.map(
      (target) =>
        `${line(target.target, target)}${target.unpriced.length > 0 ? ` (no price for ${target.unpriced.join(', ')})` : ''}`,
    ),
    line('total', check.total),
    ...check.unavailable.map(
      (problem) => `  subscription ${problem.subscriptionId}: actual cost unavailable: ${problem.reason}`,
    ),
  ];
}

function differenceText(comparison: CostComparison): string {
  if (comparison.differencePercent === null) return 'difference: nothing billed';
  const sign = comparison.differencePercent > 0 ? '+' : '';
  return `difference ${sign}${comparison.differencePercent.toFixed(1)} %`;
}
