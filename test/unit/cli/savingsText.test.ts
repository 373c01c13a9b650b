import { describe, expect, it } from 'vitest';
import { amountText } from '../../../cli/savingsText.js';
import type { SavingFigures } from '../../../shared/app/savings/SavingsReport.js';

const figures = (overrides: Partial<SavingFigures>): SavingFigures => ({
  hours: 10,
  nodeHours: 30,
  coveredNodeHours: 0,
  listAmount: 7.5,
  amount: 6,
  currency: 'USD',
  discountPercent: 20,
  unpriced: [],
  variable: false,
  ...overrides,
});

describe('an amount in the savings table', () => {
  it('is the money when every hour is priced, and 0.00 only when nothing was stopped', () => {
    expect(amountText(figures({}))).toBe('USD 6.00 (20% off list)');
    expect(amountText(figures({ hours: 0, nodeHours: 0, listAmount: 0, amount: 0 }))).toBe(
      'USD 0.00 (20% off list)',
    );
  });

  it('is unknown when hours were stopped and none could be priced, saying why', () => {
    expect(amountText(figures({ listAmount: 0, amount: 0, unpriced: ['Standard_D4s_v5'] }))).toBe(
      'unknown (no price for Standard_D4s_v5)',
    );
    expect(
      amountText(figures({ nodeHours: 0, listAmount: 0, amount: 0, unpriced: ['size not observed'] })),
    ).toBe('unknown (size not observed)');
  });

  it('is a lower bound when only some hours could be priced', () => {
    expect(amountText(figures({ unpriced: ['Standard_E8s_v5'] }))).toBe(
      'at least USD 6.00 (20% off list) (no price for Standard_E8s_v5)',
    );
  });
});
