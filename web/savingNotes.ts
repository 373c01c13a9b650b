import type { SavingFigures } from './apiTypes.js';

/** What commitments paid anyway and whether a Spot price varies, beside an amount (docs/savings.md). */
export function savingNotes(figures: SavingFigures): string {
  const notes = [
    ...(figures.coveredNodeHours > 0
      ? [`${figures.coveredNodeHours.toFixed(1)} node-h covered by a reservation or savings plan: saved 0`]
      : []),
    ...(figures.variable ? ['Spot price: varies'] : []),
  ];
  return notes.length > 0 ? `; ${notes.join('; ')}` : '';
}
