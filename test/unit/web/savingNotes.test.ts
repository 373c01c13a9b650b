import { describe, expect, it } from 'vitest';
import { savingNotes } from '../../../web/savingNotes.js';
import type { SavingFigures } from '../../../web/apiTypes.js';

const figures = (overrides: Partial<SavingFigures>): SavingFigures => ({
  hours: 52,
  nodeHours: 156,
  coveredNodeHours: 0,
  listAmount: 35.88,
  amount: 35.88,
  currency: 'USD',
  discountPercent: 0,
  unpriced: [],
  variable: false,
  ...overrides,
});

describe("a target's savings on its page", () => {
  it('says what a commitment covered and that a Spot price varies, and nothing when neither', () => {
    expect(savingNotes(figures({}))).toBe('');
    expect(savingNotes(figures({ coveredNodeHours: 156, amount: 0, listAmount: 0 }))).toBe(
      '; 156.0 node-h covered by a reservation or savings plan: saved 0',
    );
    expect(savingNotes(figures({ variable: true }))).toBe('; Spot price: varies');
  });
});
