/**
 * What the fleet's owner already paid for, whatever runs (docs/savings.md, Commitments): reserved
 * instances and a savings plan are use-it-or-lose-it, so a stopped node they would have paid for
 * saves nothing.
 */
export interface Commitments {
  reservations: Reservation[];
  /** The savings plan's hourly commitment, in the report's currency; 0 when there is none. */
  savingsPlanHourly: number;
}

/** Reserved instances of one VM size in one region (a reservation's scope is a size and a region). */
export interface Reservation {
  vmSize: string;
  /** Lower case `armRegionName`. */
  location: string;
  count: number;
}

export const NO_COMMITMENTS: Commitments = Object.freeze({ reservations: [], savingsPlanHourly: 0 });

/** `Standard_D4s_v5@westeurope×3` (an `x` or `*` for the `×`), as a reservation or the reason it is not one. */
export function parseReservation(
  text: string,
): { ok: true; reservation: Reservation } | { ok: false; reason: string } {
  const match = /^\s*(Standard_[A-Za-z0-9_-]+)\s*@\s*([a-z0-9]+)\s*[×x*]\s*(\d+)\s*$/i.exec(text);
  if (!match)
    return {
      ok: false,
      reason: `"${text}" is not SIZE@REGION×COUNT, such as Standard_D4s_v5@westeurope×3`,
    };
  const count = Number(match[3]);
  if (!Number.isSafeInteger(count) || count < 1 || count > 100_000)
    return { ok: false, reason: `"${text}": the count must be a whole number from 1 to 100000` };
  return {
    ok: true,
    reservation: { vmSize: match[1] ?? '', location: (match[2] ?? '').toLowerCase(), count },
  };
}
