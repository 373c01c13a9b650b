import { decodeTableKey, encodeTableKey } from './tableKey.js';

/** Characters a Table Storage key cannot hold (besides `%`, which it can). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this pattern finds
const NOT_ALLOWED_IN_KEY = /[/\\#?\u0000-\u001f\u007f-\u009f]/;

/**
 * The name a Schedules or Targets row stands for: its RowKey as a person typed it, trimmed. People
 * type these keys in the portal, so `%` is just a character (`50%off` is named `50%off`, `pct%41`
 * is `pct%41`). Only a key that is exactly what the app writes for a name with a character keys
 * cannot hold (`team%2Fa` for `team/a`) is read back as that name.
 */
export function nameOfRowKey(rowKey: string): string {
  const decoded = decodeTableKey(rowKey);
  const isAppEncoded =
    decoded !== rowKey && encodeTableKey(decoded) === rowKey && NOT_ALLOWED_IN_KEY.test(decoded);
  return (isAppEncoded ? decoded : rowKey).trim();
}

/** The RowKey the app writes for a name: the name itself, unless it has characters keys cannot hold. */
export function rowKeyOfName(name: string): string {
  return NOT_ALLOWED_IN_KEY.test(name) ? encodeTableKey(name) : name;
}

/** Why a name cannot be given to a new row (it would be read back as another name), if it cannot. */
export function nameRoundTripProblem(name: string): string | undefined {
  const readBack = nameOfRowKey(rowKeyOfName(name));
  return readBack === name
    ? undefined
    : `its row would be read back as "${readBack}"; name it "${readBack}" if that is what you mean`;
}
