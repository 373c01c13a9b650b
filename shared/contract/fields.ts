import { z } from 'zod';

/** An instant as the API writes it: ISO 8601 with an offset (`toISOString()` gives `Z`). */
export const instant = z.iso.datetime({ offset: true });

/** A UTC day, `YYYY-MM-DD`. */
export const day = z.iso.date();

/**
 * An enum of every value of a domain union: the compiler refuses a value the domain lacks and a
 * domain value left out, so the contract cannot restate the domain wrongly.
 */
export function enumOf<Value extends string>() {
  return <const Values extends readonly [Value, ...Value[]]>(
    values: Values & ([Value] extends [Values[number]] ? unknown : never),
  ) => z.enum(values);
}
