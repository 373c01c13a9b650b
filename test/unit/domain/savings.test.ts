import { describe, expect, it } from 'vitest';
import {
  describeFootprint,
  parseFootprint,
  type NodeGroup,
} from '../../../shared/domain/ComputeFootprint.js';
import { addSavings, applyDiscount, roundCents, savingOf } from '../../../shared/domain/moneySaved.js';
import { monthStart, savingsRange, SavingsRangeError } from '../../../shared/domain/savingsRange.js';
import { stoppedPeriods, type PowerEvent } from '../../../shared/domain/stoppedPeriods.js';

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);
const footprint = { location: 'japaneast', nodes: [{ vmSize: 'Standard_D4s_v5', count: 3 }] };

describe('stopped periods, from the operations that happened', () => {
  const range = {
    from: at('2026-11-01T00:00:00Z'),
    to: at('2026-12-01T00:00:00Z'),
    now: at('2026-11-20T00:00:00Z'),
  };

  it('count from the stop succeeding to the next start begun, with the nodes seen before the stop', () => {
    const events: PowerEvent[] = [
      { at: at('2026-11-10T19:00:00Z'), kind: 'stop-begun', footprint },
      { at: at('2026-11-10T19:05:00Z'), kind: 'stopped' },
      { at: at('2026-11-11T07:00:00Z'), kind: 'start-begun' },
    ];
    expect(stoppedPeriods(events, range)).toEqual([
      { from: at('2026-11-10T19:05:00Z'), to: at('2026-11-11T07:00:00Z'), footprint, ongoing: false },
    ]);
  });

  it('count nothing for a stop that was begun but never succeeded', () => {
    const events: PowerEvent[] = [
      { at: at('2026-11-10T19:00:00Z'), kind: 'stop-begun', footprint },
      { at: at('2026-11-11T07:00:00Z'), kind: 'start-begun' },
    ];
    expect(stoppedPeriods(events, range)).toEqual([]);
  });

  it('clip to the period and never count past now; a stop still in effect is ongoing', () => {
    const events: PowerEvent[] = [
      { at: at('2026-10-31T19:00:00Z'), kind: 'stop-begun', footprint },
      { at: at('2026-10-31T19:05:00Z'), kind: 'stopped' },
      { at: at('2026-11-02T07:00:00Z'), kind: 'start-begun' },
      { at: at('2026-11-19T19:00:00Z'), kind: 'stop-begun' },
      { at: at('2026-11-19T19:03:00Z'), kind: 'stopped' },
    ];
    expect(stoppedPeriods(events, range)).toEqual([
      { from: range.from, to: at('2026-11-02T07:00:00Z'), footprint, ongoing: false },
      // The second stop was begun without a new observation: the last nodes seen stand.
      { from: at('2026-11-19T19:03:00Z'), to: range.now, footprint, ongoing: true },
    ]);
  });

  it('end a count at the next stop begun when the target ran again without the app starting it', () => {
    const events: PowerEvent[] = [
      { at: at('2026-11-10T19:00:00Z'), kind: 'stop-begun', footprint },
      { at: at('2026-11-10T19:05:00Z'), kind: 'stopped' },
      { at: at('2026-11-12T19:00:00Z'), kind: 'stop-begun', footprint },
      { at: at('2026-11-12T19:05:00Z'), kind: 'stopped' },
      { at: at('2026-11-13T07:00:00Z'), kind: 'start-begun' },
    ];
    expect(stoppedPeriods(events, range).map((period) => [period.from, period.to])).toEqual([
      [at('2026-11-10T19:05:00Z'), at('2026-11-12T19:00:00Z')],
      [at('2026-11-12T19:05:00Z'), at('2026-11-13T07:00:00Z')],
    ]);
  });
});

describe('money saved', () => {
  const price = ({ vmSize }: NodeGroup) =>
    vmSize === 'Standard_D4s_v5' ? { amount: 0.25, currency: 'USD', computeAmount: 0.25 } : undefined;

  it('is nodes × hours × the hourly price, less the discount', () => {
    const saving = savingOf([{ vmSize: 'Standard_D4s_v5', count: 3 }], 10 * HOUR, price, 20);
    expect(saving).toEqual({
      hours: 10,
      nodeHours: 30,
      coveredNodeHours: 0,
      listAmount: 7.5,
      amount: 6,
      unpriced: [],
      variable: false,
    });
  });

  it('counts hours but no money for a size without a price, and names it', () => {
    const saving = savingOf(
      [
        { vmSize: 'Standard_D4s_v5', count: 2 },
        { vmSize: 'Standard_NC6', count: 1 },
      ],
      2 * HOUR,
      price,
      0,
    );
    expect(saving).toMatchObject({
      hours: 2,
      nodeHours: 6,
      listAmount: 1,
      amount: 1,
      unpriced: ['Standard_NC6'],
    });
  });

  it('rounds to cents and adds up', () => {
    expect(applyDiscount(10, 33.33)).toBe(6.67);
    expect(applyDiscount(10, 100)).toBe(0);
    expect(applyDiscount(10, 0)).toBe(10);
    const total = addSavings([
      savingOf([{ vmSize: 'Standard_D4s_v5', count: 1 }], HOUR, price, 10),
      savingOf([{ vmSize: 'Standard_D4s_v5', count: 2 }], HOUR, price, 10),
    ]);
    expect(total).toMatchObject({ hours: 2, nodeHours: 3, listAmount: 0.75 });
    expect(roundCents(total.amount)).toBe(0.68);
  });
});

describe('footprints', () => {
  it('read back what was written, and nothing from what was not', () => {
    expect(parseFootprint(JSON.stringify(footprint))).toEqual(footprint);
    expect(parseFootprint('not json')).toBeUndefined();
    expect(parseFootprint('{"location":"","nodes":[]}')).toBeUndefined();
    expect(describeFootprint(footprint)).toBe('3 × Standard_D4s_v5 in japaneast');
  });
});

describe('the period of a report', () => {
  const now = at('2026-11-27T05:00:00Z');

  it('defaults to this month (UTC); dates are midnight UTC', () => {
    expect(savingsRange({}, now)).toEqual({
      from: at('2026-11-01T00:00:00Z'),
      to: at('2026-12-01T00:00:00Z'),
    });
    expect(savingsRange({ from: '2026-10-01', to: '2026-11-01' }, now)).toEqual({
      from: at('2026-10-01T00:00:00Z'),
      to: at('2026-11-01T00:00:00Z'),
    });
    expect(monthStart(at('2027-01-15T00:00:00Z'), -1)).toBe(at('2026-12-01T00:00:00Z'));
  });

  it('refuses dates the calendar lacks, instants without an offset, and backwards or too long ranges', () => {
    for (const [input, field] of [
      [{ from: '2026-02-30' }, 'from'],
      [{ from: '2026-11-01T00:00:00' }, 'from'],
      [{ from: '2026-11-10', to: '2026-11-01' }, 'to'],
      [{ from: '2025-01-01', to: '2026-11-01' }, 'to'],
    ] as const) {
      const error = (() => {
        try {
          savingsRange(input, now);
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error, JSON.stringify(input)).toBeInstanceOf(SavingsRangeError);
      expect((error as SavingsRangeError).field).toBe(field);
    }
  });

  it('refuses a from after now, saying which day is the last one allowed; today is allowed', () => {
    expect(() => savingsRange({ from: '2026-11-28' }, now)).toThrow(
      new SavingsRangeError(
        'from',
        '2026-11-28',
        'is in the future; a report counts what has happened: give 2026-11-27 or earlier (now is 2026-11-27 05:00 UTC)',
      ),
    );
    expect(() => savingsRange({ from: '2026-11-27T05:00:00.001Z' }, now)).toThrow(SavingsRangeError);
    expect(savingsRange({ from: '2026-11-27' }, now).from).toBe(at('2026-11-27T00:00:00Z'));
    expect(savingsRange({ from: '2026-11-27T05:00:00Z' }, now).from).toBe(now);
  });
});
