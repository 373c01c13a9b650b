import { describe, expect, it } from 'vitest';
import { RowAlreadyExistsError } from '../../../shared/app/storage/RowAlreadyExistsError.js';
import { RowChangedError } from '../../../shared/app/storage/RowChangedError.js';
import { StorageError } from '../../../shared/app/storage/StorageError.js';
import { decodeTableKey, encodeTableKey } from '../../../shared/app/storage/tableKey.js';
import { STORAGE_BACKENDS, azuriteBackend } from '../../helpers/storageBackends.js';

describe.each(STORAGE_BACKENDS.map((backend) => [backend().name, backend] as const))(
  'RowTable contract: %s',
  (_name, makeBackend) => {
    it('inserts, reads back and lists rows in key order', async () => {
      const table = await makeBackend().rowTable('Rows');
      await table.insert({ partitionKey: 'b', rowKey: '1', Text: 'second partition' });
      await table.insert({ partitionKey: 'a', rowKey: '2', Flag: true, Count: 3 });
      await table.insert({ partitionKey: 'a', rowKey: '1', Text: 'first' });
      expect((await table.list()).map((row) => `${row.partitionKey}/${row.rowKey}`)).toEqual([
        'a/1',
        'a/2',
        'b/1',
      ]);
      expect(await table.get('a', '2')).toMatchObject({
        partitionKey: 'a',
        rowKey: '2',
        Flag: true,
        Count: 3,
        etag: expect.any(String),
      });
      expect(await table.get('a', 'missing')).toBeUndefined();
    });

    it('selects by partition, row key and row-key range', async () => {
      const table = await makeBackend().rowTable('Rows');
      for (const [partitionKey, rowKey] of [
        ['p', 'a'],
        ['p', 'b'],
        ['p', 'c'],
        ['q', 'b'],
      ])
        await table.insert({ partitionKey: partitionKey ?? '', rowKey: rowKey ?? '' });
      const keys = async (query: Parameters<typeof table.list>[0]) =>
        (await table.list(query)).map((row) => `${row.partitionKey}/${row.rowKey}`);
      expect(await keys({ partitionKey: 'p' })).toEqual(['p/a', 'p/b', 'p/c']);
      expect(await keys({ rowKey: 'b' })).toEqual(['p/b', 'q/b']);
      expect(await keys({ partitionKey: 'p', rowKeyFrom: 'b', rowKeyTo: 'c' })).toEqual(['p/b', 'p/c']);
      expect(await keys({ partitionKey: 'p', limit: 2 })).toEqual(['p/a', 'p/b']);
      expect(await keys({ limit: 1 })).toEqual(['p/a']);
    });

    it('refuses a second insert with the same keys', async () => {
      const table = await makeBackend().rowTable('Rows');
      await table.insert({ partitionKey: 'p', rowKey: 'r', Value: 'one' });
      await expect(table.insert({ partitionKey: 'p', rowKey: 'r', Value: 'two' })).rejects.toBeInstanceOf(
        RowAlreadyExistsError,
      );
      expect((await table.get('p', 'r'))?.['Value']).toBe('one');
    });

    it('replaces only with the current ETag, and never a row deleted since', async () => {
      const table = await makeBackend().rowTable('Rows');
      const first = await table.insert({ partitionKey: 'p', rowKey: 'r', Value: 'one' });
      const second = await table.replace({ partitionKey: 'p', rowKey: 'r', Value: 'two' }, first);
      expect(second).not.toBe(first);
      await expect(
        table.replace({ partitionKey: 'p', rowKey: 'r', Value: 'stale' }, first),
      ).rejects.toBeInstanceOf(RowChangedError);
      expect((await table.get('p', 'r'))?.['Value']).toBe('two');
      await table.delete('p', 'r', second);
      await expect(
        table.replace({ partitionKey: 'p', rowKey: 'r', Value: 'resurrected' }, second),
      ).rejects.toBeInstanceOf(RowChangedError);
      expect(await table.get('p', 'r')).toBeUndefined();
    });

    it('deletes only with the current ETag; deleting a missing row without one is not an error', async () => {
      const table = await makeBackend().rowTable('Rows');
      const etag = await table.insert({ partitionKey: 'p', rowKey: 'r' });
      await table.upsert({ partitionKey: 'p', rowKey: 'r', Value: 'changed' });
      await expect(table.delete('p', 'r', etag)).rejects.toBeInstanceOf(RowChangedError);
      expect(await table.delete('p', 'r')).toBe(true);
      expect(await table.delete('p', 'r')).toBe(false);
    });

    it('upserts many rows at once, across partitions and past a batch of 100', async () => {
      const table = await makeBackend().rowTable('Rows');
      await table.insert({ partitionKey: 'p', rowKey: '000', Value: 'old' });
      await table.upsertMany([
        ...Array.from({ length: 150 }, (_, index) => ({
          partitionKey: 'p',
          rowKey: String(index).padStart(3, '0'),
          Value: 'new',
        })),
        { partitionKey: 'q', rowKey: 'x', Value: 'other' },
      ]);
      const rows = await table.list();
      expect(rows).toHaveLength(151);
      expect(new Set(rows.map((row) => row['Value']))).toEqual(new Set(['new', 'other']));
    });

    it('upserts without a check', async () => {
      const table = await makeBackend().rowTable('Rows');
      await table.upsert({ partitionKey: 'p', rowKey: 'r', Value: 'one' });
      await table.upsert({ partitionKey: 'p', rowKey: 'r', Value: 'two' });
      expect((await table.list()).map((row) => row['Value'])).toEqual(['two']);
    });

    it.each(["' or 1 eq 1", "x' or RowKey ne 'x", "o'brien", "a' and PartitionKey eq 'p"])(
      'treats %j in a key as data, not as part of the query',
      async (hostile) => {
        const table = await makeBackend().rowTable('Rows');
        await table.insert({ partitionKey: 'p', rowKey: 'safe' });
        await table.insert({ partitionKey: 'p', rowKey: hostile });
        expect((await table.list({ rowKey: hostile })).map((row) => row.rowKey)).toEqual([hostile]);
        expect(await table.list({ partitionKey: hostile })).toEqual([]);
      },
    );

    it('refuses a value over 64 KiB, as Table Storage does', async () => {
      const table = await makeBackend().rowTable('Rows');
      await expect(
        table.insert({ partitionKey: 'p', rowKey: 'r', Text: 'x'.repeat(40_000) }),
      ).rejects.toBeInstanceOf(StorageError);
      expect(await table.list()).toEqual([]);
    });

    it('keeps encoded keys readable and reversible', async () => {
      const table = await makeBackend().rowTable('Rows');
      const name = 'team/dev #1? 50% \\ ünïcødé 東京';
      await table.insert({ partitionKey: 'p', rowKey: encodeTableKey(name) });
      const [row] = await table.list();
      expect(row?.rowKey).toBe('team%2Fdev %231%3F 50%25 %5C ünïcødé 東京');
      expect(decodeTableKey(row?.rowKey ?? '')).toBe(name);
    });
  },
);

describe('RowTable on Azurite: paging', () => {
  it('reads 2,500 rows in three requests', async () => {
    const backend = azuriteBackend();
    const table = await backend.rowTable('Paged');
    for (let batch = 0; batch < 25; batch++) {
      await Promise.all(
        Array.from({ length: 100 }, (_, index) =>
          table.insert({ partitionKey: 'p', rowKey: String(batch * 100 + index).padStart(5, '0') }),
        ),
      );
    }
    backend.requests.reset();
    expect(await table.list()).toHaveLength(2500);
    expect(backend.requests.byMethod()).toEqual({ GET: 3 });
  });
});
