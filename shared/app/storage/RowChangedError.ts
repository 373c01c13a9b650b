/**
 * A write based on a row as it was read found it changed or deleted since (HTTP 412 or 404): someone
 * else edited it. The caller re-reads and re-applies its change, or reports it; it never overwrites.
 */
export class RowChangedError extends Error {
  override readonly name = 'RowChangedError';

  constructor(
    readonly tableName: string,
    readonly partitionKey: string,
    readonly rowKey: string,
    options?: { cause?: unknown },
  ) {
    super(
      `${tableName} row "${partitionKey}"/"${rowKey}" was changed or deleted by someone else since it was read`,
      options,
    );
  }
}
