// eslint-disable-next-line no-control-regex -- control characters are exactly what this pattern finds
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The domain's rule, re-exported for the readers of rows and requests. */
export { normaliseText } from '../../domain/normaliseText.js';

/** Position (1-based) and code of the first control character left after normalising, if any. */
export function findControlCharacter(text: string): { position: number; code: string } | undefined {
  const match = CONTROL.exec(text);
  if (!match) return undefined;
  return {
    position: match.index + 1,
    code: `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
  };
}
