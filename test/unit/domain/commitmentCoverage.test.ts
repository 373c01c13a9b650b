import { describe, expect, it } from 'vitest';
import { commitmentCoverage } from '../../../shared/domain/commitmentCoverage.js';

const HOUR = 3_600_000;
const D4 = { vmSize: 'Standard_D4s_v5', count: 3 };
const price = () => 0.23;

describe('what commitments cover of the stopped nodes, over the fleet at each instant', () => {
  it('shares a reservation between targets stopped at the same time, and gives it whole to one alone', () => {
    const stretches = [
      { from: 0, to: 10 * HOUR, location: 'westeurope', nodes: [D4] },
      // Overlaps the first for its first 5 hours.
      { from: 5 * HOUR, to: 15 * HOUR, location: 'westeurope', nodes: [D4] },
    ];
    const reserved = {
      reservations: [{ vmSize: 'Standard_D4s_v5', location: 'westeurope', count: 3 }],
      savingsPlanHourly: 0,
    };
    // Alone: 3 of 3 covered; together: 3 of 6, half each.
    expect(commitmentCoverage(stretches, reserved, price)).toEqual([[5 * 3 + 5 * 1.5], [5 * 1.5 + 5 * 3]]);
  });

  it('lets the savings plan cover what the reservations leave, up to its commitment, and never Spot', () => {
    const stretches = [
      { from: 0, to: 2 * HOUR, location: 'westeurope', nodes: [D4, { ...D4, priority: 'Spot' as const }] },
    ];
    const plan = {
      reservations: [{ vmSize: 'Standard_D4s_v5', location: 'westeurope', count: 1 }],
      savingsPlanHourly: 0.23,
    };
    // One node by the reservation, one more by the plan's 0.23 an hour; the third and the Spot nodes not.
    expect(commitmentCoverage(stretches, plan, price)).toEqual([[4, 0]]);
    expect(commitmentCoverage(stretches, { reservations: [], savingsPlanHourly: 0 }, price)).toEqual([
      [0, 0],
    ]);
  });
});
