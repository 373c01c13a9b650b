/** A read of one table from a page's start key: the keys it found, and its frontier if it stopped short. */
export interface KeyRangeRead {
  keys: readonly string[];
  /** The last key read when the read stopped short of the table's end: every key up to it is there. */
  frontier?: string;
}

/** Which keys a page shows, and where the next one begins. */
export interface PageKeys {
  shown: ReadonlySet<string>;
  first?: string;
  last?: string;
  /** The key after which the next page begins, when more follow. */
  resumeAfter?: string;
  /** Whether keys up to `last` are all the page read (no more follow when false). */
  more: boolean;
}

/** Ordinal order of keys, as Table Storage sorts RowKeys (UTF-16 code units). */
export function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The keys of a page: those after `after` that the reads found (the Targets and State tables from
 * the same key, and the rows out of key order the summary lists), up to the nearer frontier, where
 * the reads no longer both see every key; the first `limit` of them in key order
 * (docs/architecture.md, The fleet a page at a time).
 */
export function pageKeysOf(
  after: string | undefined,
  limit: number,
  reads: readonly KeyRangeRead[],
): PageKeys {
  const frontier = reads
    .map((read) => read.frontier)
    .filter((key): key is string => key !== undefined)
    .sort(byKey)[0];
  const keys = [...new Set(reads.flatMap((read) => read.keys))]
    .filter((key) => isWithin(key, after, frontier))
    .sort(byKey);
  const shownKeys = keys.slice(0, limit);
  const [first, last] = [shownKeys[0], shownKeys.at(-1)];
  const more = keys.length > limit || frontier !== undefined;
  const resumeAfter = more ? (last ?? frontier) : undefined;
  return {
    shown: new Set(shownKeys),
    ...(first !== undefined ? { first } : {}),
    ...(last !== undefined ? { last } : {}),
    ...(resumeAfter !== undefined ? { resumeAfter } : {}),
    more,
  };
}

/** Whether a key is after `after` and not past `until`. */
export function isWithin(key: string, after: string | undefined, until: string | undefined): boolean {
  return (after === undefined || key > after) && (until === undefined || key <= until);
}
