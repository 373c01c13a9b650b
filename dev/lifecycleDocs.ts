import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  OPERATION_EVENT_NAMES,
  OPERATION_EVENTS,
  OPERATION_STATUSES,
  nextOperationStatus,
  type OperationStatusOrNone,
} from '../shared/domain/operationLifecycle.js';

export const LIFECYCLE_TABLE_START =
  '<!-- lifecycle:start (generated from shared/domain/operationLifecycle.ts by `npm run docs:lifecycle`) -->';
export const LIFECYCLE_TABLE_END = '<!-- lifecycle:end -->';

const COLUMNS: readonly OperationStatusOrNone[] = [undefined, ...OPERATION_STATUSES];

/** The lifecycle as a table: one row per event, one column per status it may find, the cell the status after it. */
export function lifecycleTable(): string {
  const header = COLUMNS.map((status) => (status === undefined ? 'no row' : `\`${status}\``));
  const lines = [
    `| event | ${header.join(' | ')} | raised by | what happened |`,
    `|---|${COLUMNS.map(() => '---').join('|')}|---|---|`,
  ];
  for (const event of OPERATION_EVENT_NAMES) {
    const cells = COLUMNS.map((status) => {
      const next = nextOperationStatus(status, event);
      return next.ok ? `\`${next.status}\`` : '·';
    });
    const rule = OPERATION_EVENTS[event];
    lines.push(`| \`${event}\` | ${cells.join(' | ')} | ${rule.by} | ${rule.meaning} |`);
  }
  return lines.join('\n');
}

/** docs/architecture.md with its lifecycle table replaced by the one `operationLifecycle.ts` gives. */
export function withLifecycleTable(architecture: string): string {
  const start = architecture.indexOf(LIFECYCLE_TABLE_START);
  const end = architecture.indexOf(LIFECYCLE_TABLE_END);
  if (start < 0 || end < start) throw new Error('docs/architecture.md has no lifecycle table markers');
  return `${architecture.slice(0, start + LIFECYCLE_TABLE_START.length)}\n${lifecycleTable()}\n${architecture.slice(end)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = new URL('../../docs/architecture.md', import.meta.url);
  await writeFile(file, withLifecycleTable(await readFile(file, 'utf8')));
}
