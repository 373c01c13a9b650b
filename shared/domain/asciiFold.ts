/**
 * Text with the ASCII capitals A-Z made lower case and nothing else changed: how ARM compares
 * resource IDs. `toLowerCase()` also folds other letters (KELVIN SIGN U+212A becomes "k"), so a
 * look-alike ID would compare equal to one it is not (docs/security.md, Which resources).
 */
export function asciiFold(text: string): string {
  return text.replace(/[A-Z]+/g, (capitals) => capitals.toLowerCase());
}
