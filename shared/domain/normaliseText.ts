/**
 * Default-ignorable code points: zero-width spaces and joiners, direction marks, the word joiner,
 * the byte order mark, soft hyphens, variation selectors, Hangul fillers, tag characters. Nothing a
 * person sees, so nothing they meant.
 */
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;

/**
 * What a person meant by a cell or a tag: compatibility forms folded (full-width `０８:００` becomes
 * `08:00`, no-break spaces become spaces), invisible characters dropped, ends trimmed.
 */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '').trim();
}
