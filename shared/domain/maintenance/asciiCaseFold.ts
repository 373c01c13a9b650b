/**
 * Lower-cases A–Z only, the way ARM compares names: `toLowerCase()` would also fold non-ASCII letters
 * (the Kelvin sign `K` becomes `k`), so two names Azure tells apart would look the same to us.
 */
export function asciiCaseFold(text: string): string {
  return text.replace(/[A-Z]/g, (letter) => String.fromCharCode(letter.charCodeAt(0) + 32));
}

/** The entry of `spellings` equal to `text` under ASCII case folding, as the list spells it. */
export function matchAsciiCaseInsensitive<T extends string>(
  text: string,
  spellings: readonly T[],
): T | undefined {
  const folded = asciiCaseFold(text);
  return spellings.find((spelling) => asciiCaseFold(spelling) === folded);
}
