/** A comma-separated piece of a field, trimmed, with the 1-based position where its text starts. */
export interface TextItem {
  text: string;
  position: number;
}

/** Splits `a, b ,c` into trimmed items, keeping positions for error messages; empty items are kept. */
export function splitItems(text: string): TextItem[] {
  const items: TextItem[] = [];
  let start = 0;
  for (const piece of text.split(',')) {
    const leading = piece.length - piece.trimStart().length;
    items.push({ text: piece.trim(), position: start + leading + 1 });
    start += piece.length + 1;
  }
  return items;
}

/** Whitespace-separated tokens of an item with their positions. */
export function splitTokens(item: TextItem): TextItem[] {
  return [...item.text.matchAll(/\S+/g)].map((match) => ({
    text: match[0],
    position: item.position + (match.index ?? 0),
  }));
}
