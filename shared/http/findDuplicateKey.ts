interface Level {
  keys?: Set<string>;
  expectingKey: boolean;
  path: string;
}

/**
 * The first key that appears twice in one object of a JSON text, with its path (`uptime`,
 * `a.b`), or undefined. `JSON.parse` keeps the last of two equal keys without a word, so a body
 * with both would be half ignored. The text must already be valid JSON.
 */
export function findDuplicateKey(text: string): string | undefined {
  const stack: Level[] = [];
  let lastKey = '';
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    const top = stack[stack.length - 1];
    if (character === '"') {
      const end = endOfString(text, index);
      if (top?.keys && top.expectingKey) {
        const key = JSON.parse(text.slice(index, end + 1)) as string;
        if (top.keys.has(key)) return top.path ? `${top.path}.${key}` : key;
        top.keys.add(key);
        top.expectingKey = false;
        lastKey = key;
      }
      index = end;
    } else if (character === '{' || character === '[') {
      const parentPath = top ? (top.keys ? join(top.path, lastKey) : top.path) : '';
      stack.push({
        ...(character === '{' ? { keys: new Set<string>() } : {}),
        expectingKey: true,
        path: parentPath,
      });
    } else if (character === '}' || character === ']') stack.pop();
    else if (character === ',' && top?.keys) top.expectingKey = true;
  }
  return undefined;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Index of the quote that closes the string opening at `start`. */
function endOfString(text: string, start: number): number {
  for (let index = start + 1; index < text.length; index++) {
    if (text[index] === '\\') index++;
    else if (text[index] === '"') return index;
  }
  return text.length - 1;
}
