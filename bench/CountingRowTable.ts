import { InMemoryRowTable } from '../dev/InMemoryRowTable.js';
import type { RowTable } from '../shared/app/storage/RowTable.js';

/** In-memory tables that count what Table Storage would bill: a request per entity call, per 1,000 rows read, per 100-row batch. */
export class CountingRowTable extends InMemoryRowTable {
  static requests = 0;
  override async list(...args: Parameters<RowTable['list']>) {
    const rows = await super.list(...args);
    CountingRowTable.requests += Math.max(1, Math.ceil(rows.length / 1000));
    return rows;
  }
  override async get(...args: Parameters<RowTable['get']>) {
    CountingRowTable.requests++;
    return super.get(...args);
  }
  override async insert(...args: Parameters<RowTable['insert']>) {
    CountingRowTable.requests++;
    return super.insert(...args);
  }
  override async replace(...args: Parameters<RowTable['replace']>) {
    CountingRowTable.requests++;
    return super.replace(...args);
  }
  override async upsert(...args: Parameters<RowTable['upsert']>) {
    CountingRowTable.requests++;
    return super.upsert(...args);
  }
  override async upsertMany(rows: Parameters<RowTable['upsertMany']>[0]) {
    CountingRowTable.requests += Math.ceil(rows.length / 100);
    return super.upsertMany(rows);
  }
  override async delete(...args: Parameters<RowTable['delete']>) {
    CountingRowTable.requests++;
    return super.delete(...args);
  }
}
