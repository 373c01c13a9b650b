import type { TableRow } from '../storage/RowTable.js';

/** One difference between a catalog file and storage, with the row to write (or delete). */
export interface CatalogChange {
  kind: 'schedule' | 'target';
  action: 'create' | 'update' | 'delete';
  name: string;
  row: TableRow;
  /** The ETag the row had when read; the write happens only if it still has it. */
  etag?: string;
  /** For updates: each changed column. */
  fields: FieldChange[];
}

export interface FieldChange {
  field: string;
  from: string | undefined;
  to: string | undefined;
}

export function describeChange(change: CatalogChange): string {
  const sign = { create: '+', update: '~', delete: '-' }[change.action];
  const fields =
    change.action === 'update'
      ? `: ${change.fields.map((field) => `${field.field} ${JSON.stringify(field.from ?? null)} → ${JSON.stringify(field.to ?? null)}`).join(', ')}`
      : '';
  return `${sign} ${change.kind} ${change.name}${fields}`;
}
