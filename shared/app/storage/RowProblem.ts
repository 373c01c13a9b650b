/** A row, or one column of it, that could not be used: reported, skipped, never silently dropped. */
export interface RowProblem {
  table: string;
  partitionKey: string;
  rowKey: string;
  column?: string;
  /** The offending value as text, shortened when long. */
  value?: string;
  reason: string;
  /** Only worth knowing (an unknown column): the row is used all the same. */
  warning?: boolean;
}

const SHOWN_VALUE_LENGTH = 120;

/** A value as a problem report shows it: as text, quoted by the reader, cut short if huge. */
export function showValue(value: unknown): string {
  const raw =
    value instanceof Date
      ? value.toISOString()
      : typeof value === 'object' && value !== null
        ? JSON.stringify(value)
        : String(value);
  // Control characters are shown as escapes, so a report never carries invisible or terminal-changing bytes.
  const text = raw.replace(
    // eslint-disable-next-line no-control-regex -- control characters are exactly what this pattern finds
    /[\u0000-\u001f\u007f-\u009f]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return text.length > SHOWN_VALUE_LENGTH
    ? `${text.slice(0, SHOWN_VALUE_LENGTH)}… (${text.length} characters)`
    : text;
}

export function formatRowProblem(problem: RowProblem): string {
  const column = problem.column ? ` column ${problem.column}` : '';
  const value = problem.value !== undefined ? ` value "${problem.value}"` : '';
  const severity = problem.warning ? 'warning: ' : '';
  return `${severity}${problem.table} row "${problem.partitionKey}"/"${problem.rowKey}"${column}${value}: ${problem.reason}`;
}
