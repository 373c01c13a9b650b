import { describe, expect, it } from 'vitest';
import type { RowQuery, RowTable, TableRow } from '../../../shared/app/storage/RowTable.js';
import { AuditTrail, type AuditEntry } from '../../../shared/app/audit/AuditTrail.js';
import { STORAGE_BACKENDS } from '../../helpers/storageBackends.js';

/** Counts the rows the table hands back: what a read costs. */
function counting(table: RowTable): RowTable & { rowsRead: number; scans: number } {
  const counted = Object.create(table) as RowTable & { rowsRead: number; scans: number };
  counted.rowsRead = 0;
  counted.scans = 0;
  counted.list = async (query?: RowQuery) => {
    const rows = await table.list(query);
    counted.rowsRead += rows.length;
    if (!query?.partitionKey) counted.scans += 1;
    return rows;
  };
  return counted;
}

const START = Date.parse('2026-11-26T00:00:00Z');
const entry = (index: number): AuditEntry => ({
  at: START + index * 1000,
  ...(index % 5 === 4 ? {} : { targetName: `target/${index % 4}` }),
  action: 'stop',
  actor: 'schedule',
  reason: `entry ${index}`,
  result: 'begun',
});

describe.each(STORAGE_BACKENDS.map((backend) => [backend().name, backend] as const))(
  'audit trail: %s',
  (_name, makeBackend) => {
    it('limit=1 reads one row, not the whole table (issue 12: 504 ms at 20,000 rows)', async () => {
      const table = counting(await makeBackend().rowTable('Audit'));
      const trail = new AuditTrail(table);
      for (let index = 0; index < 150; index += 1) await trail.append(entry(index));
      // The first read ever copies entries older than the timeline into it (none here), once.
      await trail.page({ limit: 1 });
      table.rowsRead = 0;
      const page = await new AuditTrail(table).page({ limit: 1 });
      expect(page.entries.map((found) => found.reason)).toEqual(['entry 149']);
      // The row asked for, and one more to know that there is a next page.
      expect(table.rowsRead).toBe(2);
      expect(table.scans).toBe(1);
      expect(page.next).toBeDefined();
    });

    it('pages through every entry newest first, with and without a target, and since an instant', async () => {
      const trail = new AuditTrail(await makeBackend().rowTable('Audit'));
      for (let index = 0; index < 60; index += 1) await trail.append(entry(index));
      const walk = async (query: { targetName?: string; since?: number }) => {
        const seen: string[] = [];
        let after: string | undefined;
        do {
          const page = await trail.page({ ...query, limit: 7, ...(after ? { after } : {}) });
          seen.push(...page.entries.map((found) => found.reason));
          after = page.next;
        } while (after);
        return seen;
      };
      const newestFirst = (keep: (index: number) => boolean) =>
        Array.from({ length: 60 }, (_, index) => 59 - index)
          .filter(keep)
          .map((index) => `entry ${index}`);
      expect(await walk({})).toEqual(newestFirst(() => true));
      expect(await walk({ targetName: 'target/1' })).toEqual(
        newestFirst((index) => index % 4 === 1 && index % 5 !== 4),
      );
      expect(await walk({ since: START + 40_000 })).toEqual(newestFirst((index) => index >= 40));
      const [latest] = await trail.query({ limit: 1 });
      expect(latest).toEqual({
        action: 'stop',
        actor: 'schedule',
        reason: 'entry 59',
        result: 'begun',
        at: START + 59_000,
      });
      expect((await trail.query({ limit: 2 }))[1]).toMatchObject({
        targetName: 'target/2',
        reason: 'entry 58',
      });
    });

    it('entries written before the timeline existed are copied into it once, then read like the others', async () => {
      const table = counting(await makeBackend().rowTable('Audit'));
      // The layout before: a partition per target (and _app), nothing else.
      const older: TableRow[] = [
        {
          partitionKey: 'dev%2Fuser1',
          rowKey: '8638235999999999-1000000-aaaaaaaa',
          At: '2026-11-25T00:00:00.001Z',
          Action: 'stop',
          Actor: 'schedule',
          Reason: 'old 1',
          Result: 'begun',
        },
        {
          partitionKey: '_app',
          rowKey: '8638235999999998-1000000-bbbbbbbb',
          At: '2026-11-25T00:00:00.002Z',
          Action: 'poison-message',
          Actor: 'schedule',
          Reason: 'old 2',
          Result: 'dropped',
        },
      ];
      for (const row of older) await table.insert(row);
      const trail = new AuditTrail(table);
      await trail.append({
        at: START,
        targetName: 'dev/user1',
        action: 'start',
        actor: 'alice',
        reason: 'new',
        result: 'begun',
      });
      expect((await trail.query({})).map((found) => [found.reason, found.targetName])).toEqual([
        ['new', 'dev/user1'],
        ['old 2', undefined],
        ['old 1', 'dev/user1'],
      ]);
      expect(table.scans).toBe(1);
      // Another process reads the marker and does not copy again.
      await new AuditTrail(table).query({ limit: 1 });
      expect(table.scans).toBe(1);
    });
  },
);
