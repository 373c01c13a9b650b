import { closestMatches } from '../../domain/closestMatches.js';
import type { TableRow } from './RowTable.js';
import { describeType } from './describeType.js';
import { findControlCharacter, normaliseText } from './normaliseText.js';
import { type RowProblem, showValue } from './RowProblem.js';

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'on']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'off']);
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

/** Columns every row has, which are not the app's to read. */
const SYSTEM_COLUMNS = new Set(['partitionkey', 'rowkey', 'etag', 'timestamp']);

interface TextOptions {
  required?: boolean;
  maxLength: number;
  /**
   * An identifier Azure compares as written (a resource ID): only trimmed, never NFKC-folded, which
   * would turn a look-alike (`to\u212Ayo`, KELVIN SIGN) into the name it imitates.
   */
  identifier?: boolean;
}

/**
 * Reads the columns of one row the way a person may have typed them in the portal: typed values
 * or strings, any case (of values and of column names), stray whitespace. Every unusable value
 * becomes a `RowProblem` that names the column, the value and what would be valid; the reader
 * returns undefined for it. Warnings (an unknown column) are kept apart: they do not hold the row.
 */
export class RowReader {
  readonly problems: RowProblem[] = [];
  readonly warnings: RowProblem[] = [];
  /** Columns of the person's own (not near misses of the app's): written back untouched on updates. */
  readonly extraColumns: Record<string, unknown> = {};
  private ownColumns: string[] | undefined;
  private columnsByLowerCase: Map<string, string> | undefined;

  constructor(
    private readonly table: string,
    private readonly row: TableRow,
  ) {}

  problem(reason: string, column?: string, value?: unknown): undefined {
    this.problems.push(this.describe(reason, column, value));
    return undefined;
  }

  warning(reason: string, column?: string, value?: unknown): void {
    this.warnings.push({ ...this.describe(reason, column, value), warning: true });
  }

  private describe(reason: string, column?: string, value?: unknown): RowProblem {
    return {
      table: this.table,
      partitionKey: this.row.partitionKey,
      rowKey: this.row.rowKey,
      ...(column !== undefined ? { column } : {}),
      ...(value !== undefined ? { value: showValue(value) } : {}),
      reason,
    };
  }

  /**
   * Checks the row's column names against the ones the app reads. Another case of a known name is
   * that column (`enabled` is `Enabled`); two spellings of one column, or a near miss (`Enable`,
   * `Enfroce`), hold the row with a problem naming the fix, since the person meant a value the app
   * would otherwise not see; any other column is reported as a warning and ignored.
   */
  checkColumns(known: readonly string[]): void {
    const knownByLowerCase = lowerCaseIndexOf(known);
    // Names some column spells otherwise than the app: only those can be spelt twice (keys are unique).
    let respelt: Set<string> | undefined;
    for (const column of this.columns()) {
      const match = knownByLowerCase.get(column.toLowerCase());
      if (match) {
        if (match !== column) (respelt ??= new Set()).add(match);
        continue;
      }
      const [nearest] = closestMatches(column, known, 1);
      if (nearest)
        this.problem(
          `${column} is not a column the app reads; did you mean ${nearest}? The row is not used until the column is renamed`,
          column,
          this.row[column] ?? '',
        );
      else {
        this.warning(
          `${column} is not a column the app reads (${known.join(', ')}); it is ignored`,
          column,
          this.row[column] ?? '',
        );
        this.extraColumns[column] = this.row[column];
      }
    }
    if (respelt) this.reportSpellings(knownByLowerCase, respelt);
  }

  private reportSpellings(knownByLowerCase: ReadonlyMap<string, string>, names: ReadonlySet<string>): void {
    const spellings = new Map<string, string[]>();
    for (const column of this.columns()) {
      const name = knownByLowerCase.get(column.toLowerCase());
      if (name && names.has(name)) spellings.set(name, [...(spellings.get(name) ?? []), column]);
    }
    for (const [name, columns] of spellings)
      if (columns.length > 1)
        this.problem(
          `the columns ${columns.join(' and ')} are both ${name}; keep one`,
          name,
          columns.map((column) => showValue(unwrap(this.row[column]))).join(' / '),
        );
  }

  /** The row's own columns, without the system ones (read once: every lookup uses them). */
  private columns(): readonly string[] {
    this.ownColumns ??= Object.keys(this.row).filter(
      (column) => !SYSTEM_COLUMNS.has(column.toLowerCase()) && !column.includes('@odata.'),
    );
    return this.ownColumns;
  }

  /** The row's spelling of a column, any case; undefined if the row has none. */
  private actualColumn(column: string): string | undefined {
    if (column in this.row) return column;
    if (!this.columnsByLowerCase) {
      // The first spelling in key order wins, as when the row is listed.
      this.columnsByLowerCase = new Map();
      for (const actual of this.columns())
        if (!this.columnsByLowerCase.has(actual.toLowerCase()))
          this.columnsByLowerCase.set(actual.toLowerCase(), actual);
    }
    return this.columnsByLowerCase.get(column.toLowerCase());
  }

  /** The raw cell, unwrapped from `{ value, type }`; undefined for a missing or blank cell. */
  private raw(column: string): unknown {
    const actual = this.actualColumn(column);
    const value = unwrap(actual === undefined ? undefined : this.row[actual]);
    if (value === null || value === undefined) return undefined;
    if (typeof value === 'string' && normaliseText(value) === '') return undefined;
    return value;
  }

  text(column: string, options: TextOptions): string | undefined {
    const value = this.raw(column);
    if (value === undefined)
      return options.required
        ? this.problem(`${column} is empty; it is required`, column, this.row[column] ?? '')
        : undefined;
    if (typeof value !== 'string')
      return this.problem(`${column} must be text, not ${describeType(value)}`, column, value);
    const text = options.identifier ? value.trim() : normaliseText(value);
    if (text.length > options.maxLength) {
      return this.problem(
        `${column} is ${text.length} characters long; the most is ${options.maxLength}`,
        column,
        value,
      );
    }
    const control = findControlCharacter(text);
    if (control)
      return this.problem(
        `${column} contains the control character ${control.code} at position ${control.position}; remove it`,
        column,
        value,
      );
    return text;
  }

  boolean(column: string, fallback: boolean): boolean | undefined {
    const value = this.raw(column);
    if (value === undefined) return fallback;
    if (typeof value === 'boolean') return value;
    const word = normaliseText(String(value)).toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
    return this.problem(`${column} must be true or false (also yes/no, 1/0)`, column, value);
  }

  integer(column: string, range: { min: number; max: number }, fallback?: number): number | undefined {
    const value = this.raw(column);
    if (value === undefined) return fallback;
    const text = typeof value === 'number' ? String(value) : normaliseText(String(value));
    const number = /^-?\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isInteger(number) || number < range.min || number > range.max) {
      return this.problem(
        `${column} must be a whole number from ${range.min} to ${range.max}`,
        column,
        value,
      );
    }
    return number;
  }

  instant(column: string, required: boolean): number | undefined {
    const value = this.raw(column);
    if (value === undefined)
      return required
        ? this.problem(
            `${column} is empty; it is required (an ISO 8601 time such as 2026-11-26T22:00:00Z)`,
            column,
            '',
          )
        : undefined;
    if (value instanceof Date) return value.getTime();
    const text = normaliseText(String(value));
    const instant = ISO_INSTANT.test(text) ? Date.parse(text) : NaN;
    if (Number.isNaN(instant))
      return this.problem(
        `${column} must be an ISO 8601 time with an offset, such as 2026-11-26T22:00:00Z`,
        column,
        value,
      );
    return instant;
  }

  choice<T extends string>(column: string, choices: readonly T[], required: boolean): T | undefined {
    const value = this.raw(column);
    if (value === undefined)
      return required
        ? this.problem(`${column} is empty; use one of ${choices.join(', ')}`, column, '')
        : undefined;
    const text = normaliseText(String(value)).toLowerCase();
    const choice = choices.find((candidate) => candidate.toLowerCase() === text);
    return choice ?? this.problem(`${column} must be one of ${choices.join(', ')}`, column, value);
  }
}

const lowerCaseIndexes = new WeakMap<readonly string[], Map<string, string>>();

/** Known column names by their lower case, built once per list (every row of a table is checked against it). */
function lowerCaseIndexOf(known: readonly string[]): Map<string, string> {
  let index = lowerCaseIndexes.get(known);
  if (!index) {
    index = new Map(known.map((name) => [name.toLowerCase(), name]));
    lowerCaseIndexes.set(known, index);
  }
  return index;
}

function unwrap(cell: unknown): unknown {
  return typeof cell === 'object' && cell !== null && !(cell instanceof Date) && 'value' in cell
    ? (cell as { value: unknown }).value
    : cell;
}
