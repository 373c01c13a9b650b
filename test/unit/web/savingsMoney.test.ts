import { describe, expect, it } from 'vitest';
import { money } from '../../../web/money.js';

const figures = {
  amount: 0,
  listAmount: 0,
  currency: 'USD',
  discountPercent: 0,
  hours: 12,
  nodeHours: 36,
  coveredNodeHours: 0,
  variable: false,
  unpriced: ['Standard_D4s_v5 in westeurope'],
};

describe("a target's savings on its page", () => {
  it('says unknown, as the CLI does, when none of its hours could be priced (not USD 0.00)', () => {
    expect(money(figures)).toBe('unknown (no price for Standard_D4s_v5 in westeurope)');
  });

  it('gives the amount with its discount when priced', () => {
    expect(money({ ...figures, amount: 8, listAmount: 10, discountPercent: 20, unpriced: [] })).toBe(
      'USD 8.00 (list USD 10.00 less 20 %)',
    );
  });
});
