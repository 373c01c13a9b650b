/** An insert found the keys already taken (HTTP 409). */
export class RowAlreadyExistsError extends Error {
  override readonly name = 'RowAlreadyExistsError';

  constructor(
    readonly tableName: string,
    readonly partitionKey: string,
    readonly rowKey: string,
    options?: { cause?: unknown },
  ) {
    super(
      `${tableName} already has a row with PartitionKey "${partitionKey}" and RowKey "${rowKey}"`,
      options,
    );
  }
}
