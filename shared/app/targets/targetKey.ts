import { encodeTableKey } from '../storage/tableKey.js';

/**
 * A target's key: its name as its State and Overrides rows are keyed. The fleet's pages are in the
 * order of these keys, ordinal (UTF-16 code units), as Table Storage and Azurite sort RowKeys, so a
 * page is read by key range (docs/architecture.md, The fleet a page at a time).
 */
export function targetKeyOf(name: string): string {
  return encodeTableKey(name);
}
