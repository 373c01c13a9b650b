const ZERO_WIDTH = /[\u200B-\u200F\u2060\uFEFF]/g;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this pattern finds
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * What a person meant by a cell: compatibility forms folded (full-width `０８:００` becomes `08:00`,
 * no-break spaces become spaces), invisible zero-width and direction marks dropped, ends trimmed.
 */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').replace(ZERO_WIDTH, '').trim();
}

/** Position (1-based) and code of the first control character left after normalising, if any. */
export function findControlCharacter(text: string): { position: number; code: string } | undefined {
  const match = CONTROL.exec(text);
  if (!match) return undefined;
  return {
    position: match.index + 1,
    code: `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
  };
}
