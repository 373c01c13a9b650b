import type { ChildProcess } from 'node:child_process';
import type { RowQuery, RowTable, TableRow } from '../shared/app/storage/RowTable.js';
import { RowAlreadyExistsError } from '../shared/app/storage/RowAlreadyExistsError.js';
import { RowChangedError } from '../shared/app/storage/RowChangedError.js';
import { StorageError } from '../shared/app/storage/StorageError.js';

/** Rows a page: Table Storage's most per query answer. */
export const PAGE_SIZE = 1000;
/** Rows a batch: Table Storage's most per entity group transaction. */
const BATCH_SIZE = 100;

/** A call to a table held by another process (`bench/RowTableHost.ts`); `listPage` reads one page of `list`. */
export interface RowTableCall {
  kind: 'table';
  id: number;
  table: string;
  method: Exclude<keyof RowTable, 'tableName' | 'list'> | 'listPage';
  args: unknown[];
}

/** One page of a listing, and where the next begins (none after the last). */
export interface RowPage {
  rows: TableRow[];
  next?: number;
}

/** Its answer: the method's result, or the error it threw, by name, to be thrown again here. */
export interface RowTableAnswer {
  kind: 'table';
  id: number;
  table: string;
  result?: unknown;
  error?: { name: string; message: string; partitionKey?: string; rowKey?: string };
}

/**
 * The app's side of a table kept in the fake Azure process, so that the app process holds what a
 * Function app holds on Azure (the rows it reads for a tick), not the whole of Table Storage. Rows
 * cross the process boundary serialised, as they cross the network from Table Storage.
 */
export class RemoteRowTable implements RowTable {
  private static nextId = 0;
  private static readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  private static readonly listening = new WeakSet<ChildProcess>();

  constructor(
    readonly tableName: string,
    private readonly host: ChildProcess,
  ) {
    if (RemoteRowTable.listening.has(host)) return;
    RemoteRowTable.listening.add(host);
    host.on('message', (message: RowTableAnswer) => {
      if (message?.kind === 'table') RemoteRowTable.settle(message);
    });
  }

  /** Page by page, 1,000 rows each, as Table Storage answers a query. */
  async list(query?: RowQuery): Promise<TableRow[]> {
    const rows: TableRow[] = [];
    let page: RowPage = { rows: [], next: 0 };
    do {
      page = (await this.call('listPage', [query, page.next])) as RowPage;
      rows.push(...page.rows);
    } while (page.next !== undefined);
    return rows;
  }
  get(partitionKey: string, rowKey: string): Promise<TableRow | undefined> {
    return this.call('get', [partitionKey, rowKey]) as Promise<TableRow | undefined>;
  }
  insert(row: TableRow): Promise<string> {
    return this.call('insert', [row]) as Promise<string>;
  }
  replace(row: TableRow, etag: string): Promise<string> {
    return this.call('replace', [row, etag]) as Promise<string>;
  }
  upsert(row: TableRow): Promise<string> {
    return this.call('upsert', [row]) as Promise<string>;
  }
  /** In batches of 100 rows, as Table Storage takes them. */
  async upsertMany(rows: readonly TableRow[]): Promise<void> {
    for (let start = 0; start < rows.length; start += BATCH_SIZE)
      await this.call('upsertMany', [rows.slice(start, start + BATCH_SIZE)]);
  }
  delete(partitionKey: string, rowKey: string, etag?: string): Promise<boolean> {
    return this.call('delete', [partitionKey, rowKey, etag]) as Promise<boolean>;
  }

  private call(method: RowTableCall['method'], args: unknown[]): Promise<unknown> {
    const id = RemoteRowTable.nextId++;
    const call: RowTableCall = { kind: 'table', id, table: this.tableName, method, args };
    return new Promise((resolve, reject) => {
      RemoteRowTable.pending.set(id, { resolve, reject });
      this.host.send(call);
    });
  }

  private static settle(answer: RowTableAnswer): void {
    const waiting = RemoteRowTable.pending.get(answer.id);
    if (!waiting) return;
    RemoteRowTable.pending.delete(answer.id);
    if (!answer.error) return waiting.resolve(answer.result);
    const { name, message, partitionKey = '', rowKey = '' } = answer.error;
    const tableName = answer.table;
    waiting.reject(
      name === 'RowAlreadyExistsError'
        ? new RowAlreadyExistsError(tableName, partitionKey, rowKey)
        : name === 'RowChangedError'
          ? new RowChangedError(tableName, partitionKey, rowKey)
          : new StorageError(message),
    );
  }
}
