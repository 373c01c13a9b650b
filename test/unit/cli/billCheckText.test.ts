import { describe, expect, it } from 'vitest';
import { billCheckLines } from '../../../cli/billCheckText.js';
import type { BillCheck } from '../../../shared/app/billing/BillCheck.js';

const comparison = (
  estimated: number,
  actual: number,
  differencePercent: number | null,
  flagged: boolean,
) => ({
  estimated,
  actual,
  differencePercent,
  flagged,
});

describe("the savings table's check against the bill", () => {
  it('prints each target and the total, estimated beside billed, and marks a difference over the threshold', () => {
    const check: BillCheck = {
      available: true,
      from: '2026-11-30T00:00:00.000Z',
      to: '2026-12-02T00:00:00.000Z',
      currency: 'EUR',
      thresholdPercent: 10,
      total: comparison(30, 40, -25, true),
      targets: [
        { target: 'dev-linux', ...comparison(10.1, 10, 1, false), unpriced: [], days: [] },
        { target: 'dev-win', ...comparison(19.9, 30, -33.7, true), unpriced: ['Standard_X'], days: [] },
        { target: 'idle', ...comparison(0.5, 0, null, true), unpriced: [], days: [] },
      ],
      unavailable: [{ subscriptionId: 'sub-b', reason: 'no Cost Management Reader on subscription sub-b' }],
    };
    expect(billCheckLines(check)).toEqual([
      '',
      'Checked against the bill (Cost Management, compute only, whole days 2026-11-30 to 2026-12-02 exclusive):',
      '  dev-linux: estimated EUR 10.10, billed EUR 10.00, difference +1.0 %',
      '  dev-win: estimated EUR 19.90, billed EUR 30.00, difference -33.7 %  ← differs by more than 10 % (no price for Standard_X)',
      '  idle: estimated EUR 0.50, billed EUR 0.00, difference: nothing billed  ← differs by more than 10 %',
      '  total: estimated EUR 30.00, billed EUR 40.00, difference -25.0 %  ← differs by more than 10 %',
      '  subscription sub-b: actual cost unavailable: no Cost Management Reader on subscription sub-b',
    ]);
  });

  it('says why the actual cost is unavailable, never a 0', () => {
    expect(
      billCheckLines({ available: false, reason: 'no Cost Management Reader on subscription s' }),
    ).toEqual([
      '',
      'Checked against the bill: actual cost unavailable: no Cost Management Reader on subscription s',
    ]);
    expect(billCheckLines(undefined)).toEqual([]);
  });
});
