import type { RowIdentity } from '../storage/RowIdentity.js';
import type { RowTable, TableRow } from '../storage/RowTable.js';
import type { TargetRowView } from './targetRowReport.js';

/** A Targets row by its keys. */
export type RowKeys = Pick<RowIdentity, 'partitionKey' | 'rowKey'>;

/**
 * What only the whole fleet shows, as the last whole tick counted it: the list's `total`, the Targets
 * rows' report and the rows a key range cannot find (docs/architecture.md, The fleet a page at a time).
 */
export interface FleetSummary {
  /** When the tick counted. */
  asOf: number;
  /** Every target the unpaged list shows. */
  total: number;
  unusableRows: TargetRowView[];
  rowWarnings: TargetRowView[];
  /** Targets rows not where their key puts them (`isInKeyOrder`): pages read them by their keys. */
  outOfOrderRows: RowKeys[];
  /** How many entries of each list the summary row had no room for (left out from the end). */
  unlisted: { unusableRows: number; rowWarnings: number; outOfOrderRows: number };
}

type Lists = Pick<FleetSummary, 'unusableRows' | 'rowWarnings' | 'outOfOrderRows'>;

/**
 * Table Storage holds at most 64 KiB in a string column (32,768 UTF-16 characters) and 1 MiB in an
 * entity: the lists are written as JSON in parts of 30,000 characters, at most 450,000 characters in
 * all (900 KB), and what does not fit is counted, not written.
 */
const PART_LENGTH = 30_000;
const MAX_LISTS_LENGTH = 450_000;

/**
 * The fleet summary: one row the reconcile tick writes once per tick, in the app-written State table
 * in a partition of its own, so a page of the fleet states the fleet's figures without reading it.
 */
export class FleetSummaryTable {
  static readonly partitionKey = 'summary';
  static readonly rowKey = 'fleet';

  constructor(private readonly rows: RowTable) {}

  /** The last tick's summary; undefined before any tick wrote one, or when its row cannot be read. */
  async get(): Promise<FleetSummary | undefined> {
    const row = await this.rows.get(FleetSummaryTable.partitionKey, FleetSummaryTable.rowKey);
    return row ? summaryOf(row) : undefined;
  }

  /** Writes the summary (one request), cutting its lists to what a row holds. */
  async save(summary: Omit<FleetSummary, 'unlisted'>): Promise<void> {
    await this.rows.upsert(rowOf(summary));
  }
}

function rowOf(summary: Omit<FleetSummary, 'unlisted'>): TableRow {
  let room = MAX_LISTS_LENGTH;
  // Out-of-order rows first: without them a page would not show those rows at all.
  const fit = <T>(entries: readonly T[]): T[] => {
    const kept: T[] = [];
    for (const entry of entries) {
      const length = JSON.stringify(entry).length + 1;
      if (length > room) break;
      room -= length;
      kept.push(entry);
    }
    return kept;
  };
  const outOfOrderRows = fit(summary.outOfOrderRows);
  const unusableRows = fit(summary.unusableRows);
  const rowWarnings = fit(summary.rowWarnings);
  const text = JSON.stringify({
    unusableRows,
    rowWarnings,
    outOfOrderRows,
    unlisted: {
      unusableRows: summary.unusableRows.length - unusableRows.length,
      rowWarnings: summary.rowWarnings.length - rowWarnings.length,
      outOfOrderRows: summary.outOfOrderRows.length - outOfOrderRows.length,
    },
  } satisfies Lists & Pick<FleetSummary, 'unlisted'>);
  const parts: Record<string, string> = {};
  for (let index = 0; index * PART_LENGTH < text.length; index++)
    parts[`Lists${index}`] = text.slice(index * PART_LENGTH, (index + 1) * PART_LENGTH);
  return {
    partitionKey: FleetSummaryTable.partitionKey,
    rowKey: FleetSummaryTable.rowKey,
    AsOf: new Date(summary.asOf).toISOString(),
    Total: summary.total,
    Parts: Object.keys(parts).length,
    ...parts,
  };
}

function summaryOf(row: TableRow): FleetSummary | undefined {
  const asOf = typeof row['AsOf'] === 'string' ? Date.parse(row['AsOf']) : NaN;
  const total = row['Total'];
  const parts = row['Parts'];
  if (Number.isNaN(asOf) || typeof total !== 'number' || typeof parts !== 'number') return undefined;
  let text = '';
  for (let index = 0; index < parts; index++) {
    const part = row[`Lists${index}`];
    if (typeof part !== 'string') return undefined;
    text += part;
  }
  try {
    const lists = JSON.parse(text) as Lists & Pick<FleetSummary, 'unlisted'>;
    if (!Array.isArray(lists.unusableRows) || !Array.isArray(lists.rowWarnings) || !lists.unlisted)
      return undefined;
    return { asOf, total, ...lists, outOfOrderRows: lists.outOfOrderRows ?? [] };
  } catch {
    // A row edited by hand: no summary rather than figures made up from it.
    return undefined;
  }
}
