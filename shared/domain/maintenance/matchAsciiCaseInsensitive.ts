import { asciiFold } from '../asciiFold.js';

/** The entry of `spellings` equal to `text` under ASCII case folding (`asciiFold`), as the list spells it. */
export function matchAsciiCaseInsensitive<T extends string>(
  text: string,
  spellings: readonly T[],
): T | undefined {
  const folded = asciiFold(text);
  return spellings.find((spelling) => asciiFold(spelling) === folded);
}
