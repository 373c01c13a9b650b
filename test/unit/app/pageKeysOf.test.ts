import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byKey, pageKeysOf, type KeyRangeRead } from '../../../shared/app/targets/pageKeysOf.js';

/**
 * A table's read from a page's start key, as TargetTable.readAfter and StateTable.loadAfter make it:
 * rows out of key order (`skipped`) are read, and count towards the limit, but give no key.
 */
function readAfter(
  table: readonly string[],
  after: string | undefined,
  count: number,
  skipped: ReadonlySet<string> = new Set(),
): KeyRangeRead {
  const sorted = [...table].sort(byKey);
  const limit = count + (after !== undefined ? 1 : 0); // the bound is inclusive
  const read = sorted.filter((key) => after === undefined || key >= after).slice(0, limit);
  const last = read.at(-1);
  return {
    keys: read.filter((key) => (after === undefined || key > after) && !skipped.has(key)),
    ...(read.length === limit && last !== undefined ? { frontier: last } : {}),
  };
}

/** Keys with capitals, punctuation, escapes and characters beyond the BMP's letters, as State keys are. */
const key = fc.string({
  unit: fc.constantFrom('a', 'B', 'z', '%', '2', '5', 'F', '-', '.', 'Ä', 'プ', '😀'),
  minLength: 1,
  maxLength: 4,
});

describe('pageKeysOf', () => {
  it('pages through two tables and a list read whole: every key once, in key order, at most limit a page', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(key, { maxLength: 40 }),
        fc.uniqueArray(key, { maxLength: 40 }),
        fc.uniqueArray(key, { maxLength: 5 }),
        fc.uniqueArray(key, { maxLength: 20 }),
        fc.integer({ min: 1, max: 7 }),
        (targets, states, outOfOrder, misplaced, limit) => {
          // Rows out of key order sit in the Targets partition under other RowKeys: read, but not shown from there.
          const skipped = new Set(misplaced.filter((raw) => !targets.includes(raw)));
          const targetRows = [...targets, ...skipped];
          const seen: string[] = [];
          let after: string | undefined;
          for (let pages = 0; pages < 200; pages++) {
            const page = pageKeysOf(after, limit, [
              readAfter(targetRows, after, limit + 1, skipped),
              readAfter(states, after, limit + 1),
              { keys: outOfOrder },
            ]);
            expect(page.shown.size).toBeLessThanOrEqual(limit);
            seen.push(...page.shown);
            if (page.resumeAfter === undefined) break;
            after = page.resumeAfter;
          }
          expect(seen).toEqual([...new Set([...targets, ...states, ...outOfOrder])].sort(byKey));
        },
      ),
      { numRuns: 300 },
    );
  });
});
