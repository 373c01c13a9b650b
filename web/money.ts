import { amountText, isUnknown } from '../cli/savingsText.js';
import type { SavingFigures } from './apiTypes.js';

/**
 * `EUR 12.30 (list EUR 15.38 less 20 %)`: the discount is shown next to every amount (docs/savings.md);
 * `unknown (…)` as the CLI says it when nothing could be priced, never a 0.00 that is not one.
 */
export function money(figures: SavingFigures): string {
  if (isUnknown(figures)) return amountText(figures);
  const amount = `${figures.currency} ${figures.amount.toFixed(2)}`;
  if (figures.discountPercent === 0) return `${amount} (list price)`;
  return `${amount} (list ${figures.currency} ${figures.listAmount.toFixed(2)} less ${figures.discountPercent} %)`;
}
