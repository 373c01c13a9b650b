/** Where a record came from, so that an update can go back to the same row with its ETag. */
export interface RowIdentity {
  partitionKey: string;
  rowKey: string;
  etag?: string;
}
