import { ArmError } from './ArmError.js';

/*
 * A small evaluator of the Resource Graph (KQL) queries the fake answers, so that a client gets the
 * columns it asks for and nothing else, and a query the fake cannot evaluate fails loudly (400, as
 * Resource Graph answers an invalid query) instead of being answered with columns it did not ask for.
 *
 * Understood, on the `resources` table (the default table when a query starts with an operator):
 * - `where` with comparisons joined by `and`: `col == 'x'`, `!=`, `=~`, `!~`, `in (…)`, `in~ (…)`,
 *   `!in (…)`, `!in~ (…)`, where `col` is a column or a property path and the right side literals;
 * - `project` of columns (`id`, `properties`), of property paths with or without a name
 *   (`state = properties.provisioningState`; `properties.provisioningState` is named
 *   `properties_provisioningState`, as Resource Graph names it), of `tostring`, `toint`, `tolong`,
 *   `todouble`, `tobool` of those, and of literals (`powerState = ''`, `instances = 0`);
 * - `union [kind=outer|inner] (computeresources | …)`: the leg's rows are the fake's `computeresources`
 *   table as the app's fleet query shapes it — with `summarize`, one row per scale set and power state
 *   (`id` the scale set's ID in lower case, `subscriptionId`, `powerState`, `instances`, `type`
 *   `microsoft.compute/virtualmachinescalesets/powerstates`); without, one row per instance. The
 *   leg's own operators are not evaluated. As KQL's outer union does, the result has every column of
 *   either side, null where a row's side has none, and a column both sides have with different
 *   types becomes one column per type, named `<column>_<type>`;
 * - `order by` / `sort by` a column, `asc` or `desc` (KQL's default), nulls first when ascending.
 * Anything else (another operator, function, or expression) is answered 400 `BadRequest` with an
 * `InvalidQuery` detail naming what was not understood.
 */

export type GraphRow = Record<string, unknown>;

/** A query's result: its columns, in order, and its rows. */
export interface GraphResult {
  columns: readonly Column[];
  rows: GraphRow[];
}
type ColumnType = 'string' | 'int' | 'long' | 'real' | 'bool' | 'dynamic';

export interface Column {
  name: string;
  type: ColumnType;
}

interface Table {
  columns: Column[];
  rows: GraphRow[];
}

/** The tables a query reads, made afresh for each query (the evaluator may change their rows). */
export interface GraphTables {
  resources(): GraphRow[];
  computeResources(summarised: boolean): GraphRow[];
}

/** The columns of Resource Graph's `resources` table and their types. */
export const RESOURCES_COLUMNS: readonly Column[] = [
  { name: 'id', type: 'string' },
  { name: 'name', type: 'string' },
  { name: 'type', type: 'string' },
  { name: 'tenantId', type: 'string' },
  { name: 'kind', type: 'string' },
  { name: 'location', type: 'string' },
  { name: 'resourceGroup', type: 'string' },
  { name: 'subscriptionId', type: 'string' },
  { name: 'managedBy', type: 'string' },
  { name: 'sku', type: 'dynamic' },
  { name: 'plan', type: 'dynamic' },
  { name: 'properties', type: 'dynamic' },
  { name: 'tags', type: 'dynamic' },
  { name: 'identity', type: 'dynamic' },
  { name: 'zones', type: 'dynamic' },
  { name: 'extendedLocation', type: 'dynamic' },
];

const POWER_COUNT_COLUMNS: readonly Column[] = [
  { name: 'id', type: 'string' },
  { name: 'subscriptionId', type: 'string' },
  { name: 'powerState', type: 'string' },
  { name: 'instances', type: 'long' },
  { name: 'type', type: 'string' },
];

const INSTANCE_COLUMNS: readonly Column[] = [
  { name: 'id', type: 'string' },
  { name: 'name', type: 'string' },
  { name: 'type', type: 'string' },
  { name: 'subscriptionId', type: 'string' },
  { name: 'resourceGroup', type: 'string' },
  { name: 'location', type: 'string' },
  { name: 'powerState', type: 'string' },
];

/** Resource Graph's answer to a query it cannot run: 400 BadRequest, the reason in `details`. */
export class GraphQueryError extends ArmError {
  constructor(
    readonly detailCode: string,
    readonly problem: string,
  ) {
    super(400, 'BadRequest', `Query is invalid. ${problem}`);
  }

  override body(): { error: { code: string; message: string } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        details: [
          {
            code: 'InvalidQuery',
            message:
              'Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the query before you try again.',
          },
          { code: this.detailCode, message: this.problem },
        ],
      } as { code: string; message: string },
    };
  }
}

type Stage = (input: Table, tables: GraphTables) => Table;

/** A parsed query: run it on the fake's tables with `run`. */
export class GraphQuery {
  private constructor(private readonly stages: Stage[]) {}

  static parse(text: string): GraphQuery {
    const parts = splitTopLevel(text, '|');
    const first = parts[0]?.trim() ?? '';
    const stages: Stage[] = [];
    if (/^resources$/i.test(first)) parts.shift();
    else if (/^[a-z_][\w-]*$/i.test(first) && !OPERATORS.has(first.toLowerCase()))
      throw new GraphQueryError(
        'UnknownTable',
        `The fake Resource Graph holds only 'resources', not '${first}'.`,
      );
    for (const part of parts) stages.push(parseStage(part.trim()));
    return new GraphQuery(stages);
  }

  run(tables: GraphTables): GraphRow[] {
    return this.runTable(tables).rows;
  }

  /** The result with its columns, for Resource Graph's `table` result format. */
  runTable(tables: GraphTables): GraphResult {
    let table: Table = { columns: [...RESOURCES_COLUMNS], rows: tables.resources() };
    for (const stage of this.stages) table = stage(table, tables);
    return table;
  }
}

const OPERATORS = new Set(['where', 'project', 'union', 'order', 'sort']);

function parseStage(text: string): Stage {
  const operator = /^[a-z-]+/i.exec(text)?.[0]?.toLowerCase() ?? '';
  const rest = text.slice(operator.length).trim();
  switch (operator) {
    case 'where':
      return whereStage(rest);
    case 'project':
      return projectStage(rest);
    case 'union':
      return unionStage(rest);
    case 'order':
    case 'sort':
      return orderStage(rest);
    default:
      throw new GraphQueryError(
        'UnsupportedOperator',
        `The fake Resource Graph does not evaluate the operator '${operator || text.slice(0, 20)}'.`,
      );
  }
}

// ---- expressions -------------------------------------------------------------------------------

interface Expression {
  type: ColumnType;
  /** The column name KQL gives it when `project` names none, if it gives one. */
  defaultName?: string;
  evaluate(row: GraphRow): unknown;
}

const CONVERSIONS: Record<string, { type: ColumnType; convert: (value: unknown) => unknown }> = {
  tostring: { type: 'string', convert: toStringValue },
  toint: { type: 'int', convert: (value) => toInteger(value, true) },
  tolong: { type: 'long', convert: (value) => toInteger(value, false) },
  todouble: { type: 'real', convert: toReal },
  toreal: { type: 'real', convert: toReal },
  tobool: { type: 'bool', convert: toBool },
  toboolean: { type: 'bool', convert: toBool },
};

/** Parses one scalar expression against the columns it may read. */
export function parseExpression(text: string, columns: readonly Column[]): Expression {
  const source = text.trim();
  if (source === '') throw new GraphQueryError('ParserFailure', 'An expression is missing.');
  const literal = parseLiteral(source);
  if (literal) return literal;
  const call = /^([a-z_]\w*)\s*\(([\s\S]*)\)$/i.exec(source);
  if (call) {
    const name = call[1] ?? '';
    const conversion = CONVERSIONS[name.toLowerCase()];
    if (!conversion) throw new GraphQueryError('UnknownFunction', `Unknown function: '${name}'.`);
    const args = splitTopLevel(call[2] ?? '', ',');
    if (args.length !== 1)
      throw new GraphQueryError(
        'InvalidArgumentCount',
        `Function '${name}' expects 1 argument, got ${args.length}.`,
      );
    const inner = parseExpression(args[0] ?? '', columns);
    return { type: conversion.type, evaluate: (row) => conversion.convert(inner.evaluate(row)) };
  }
  return parsePath(source, columns);
}

function parseLiteral(source: string): Expression | undefined {
  const quoted = /^(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")$/.exec(source);
  if (quoted) {
    const value = unescape(quoted[1] ?? quoted[2] ?? '');
    return { type: 'string', evaluate: () => value };
  }
  if (/^-?\d+$/.test(source)) {
    const value = Number(source);
    return { type: 'long', evaluate: () => value };
  }
  if (/^-?\d+\.\d+$/.test(source)) {
    const value = Number(source);
    return { type: 'real', evaluate: () => value };
  }
  if (/^(true|false)$/i.test(source)) {
    const value = source.toLowerCase() === 'true';
    return { type: 'bool', evaluate: () => value };
  }
  return undefined;
}

/** `column`, `column.key.key`, `column['key']`, `column[0]`. */
function parsePath(source: string, columns: readonly Column[]): Expression {
  const root = /^[a-z_]\w*/i.exec(source)?.[0];
  if (!root) throw new GraphQueryError('ParserFailure', `The fake cannot read the expression '${source}'.`);
  const column = columns.find((candidate) => candidate.name === root);
  if (!column)
    throw new GraphQueryError('UnknownColumn', `Failed to resolve scalar expression named '${root}'.`);
  const keys: (string | number)[] = [];
  let rest = source.slice(root.length);
  while (rest.length > 0) {
    const step =
      /^\s*\.\s*([a-z_]\w*)/i.exec(rest) ??
      /^\s*\[\s*'((?:[^'\\]|\\.)*)'\s*\]/.exec(rest) ??
      /^\s*\[\s*"((?:[^"\\]|\\.)*)"\s*\]/.exec(rest) ??
      /^\s*\[\s*(\d+)\s*\]/.exec(rest);
    if (!step) throw new GraphQueryError('ParserFailure', `The fake cannot read the expression '${source}'.`);
    keys.push(/^\s*\[\s*\d/.test(rest) ? Number(step[1]) : unescape(step[1] ?? ''));
    rest = rest.slice(step[0].length);
  }
  if (keys.length === 0)
    return { type: column.type, defaultName: root, evaluate: (row) => row[root] ?? null };
  if (column.type !== 'dynamic')
    throw new GraphQueryError(
      'InvalidPath',
      `'${root}' is a ${column.type}, not a dynamic value with properties.`,
    );
  return {
    type: 'dynamic',
    defaultName: [root, ...keys].join('_'),
    evaluate: (row) => {
      let value: unknown = row[root];
      for (const key of keys) {
        if (value === null || typeof value !== 'object') return null;
        value =
          typeof key === 'number'
            ? Array.isArray(value)
              ? value[key]
              : undefined
            : (value as GraphRow)[key];
        if (value === undefined) return null;
      }
      return value ?? null;
    },
  };
}

function toStringValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function toInteger(value: unknown, int32: boolean): number | null {
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'boolean'
        ? Number(value)
        : typeof value === 'string' && value.trim() !== ''
          ? Number(value)
          : NaN;
  if (!Number.isFinite(number)) return null;
  const whole = Math.trunc(number);
  return int32 && (whole > 2_147_483_647 || whole < -2_147_483_648) ? null : whole;
}

function toReal(value: unknown): number | null {
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(number) ? number : null;
}

function toBool(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return null;
}

function unescape(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

// ---- operators ---------------------------------------------------------------------------------

function projectStage(text: string): Stage {
  if (text === '') throw new GraphQueryError('ParserFailure', "'project' names no column.");
  const items = splitTopLevel(text, ',').map((item) => item.trim());
  return (input) => {
    const projected = items.map((item) => projectItem(item, input.columns));
    const names = new Set<string>();
    for (const { name } of projected) {
      if (names.has(name))
        throw new GraphQueryError('DuplicateColumn', `The column '${name}' is projected twice.`);
      names.add(name);
    }
    return {
      columns: projected.map(({ name, expression }) => ({ name, type: expression.type })),
      rows: input.rows.map((row) => {
        const out: GraphRow = {};
        for (const { name, expression } of projected) out[name] = expression.evaluate(row);
        return out;
      }),
    };
  };
}

function projectItem(item: string, columns: readonly Column[]): { name: string; expression: Expression } {
  const named = /^([a-z_]\w*)\s*=(?![=~])([\s\S]*)$/i.exec(item);
  if (named) return { name: named[1] ?? '', expression: parseExpression(named[2] ?? '', columns) };
  const expression = parseExpression(item, columns);
  if (!expression.defaultName)
    throw new GraphQueryError(
      'ParserFailure',
      `The fake Resource Graph needs a column name for '${item}' (write 'name = ${item}').`,
    );
  return { name: expression.defaultName, expression };
}

const COMPARISON = /^([\s\S]+?)\s+(!in~|!in|in~|in|==|!=|=~|!~)\s+([\s\S]+)$/i;

function whereStage(text: string): Stage {
  const clauses = splitTopLevel(text, ' and ');
  return (input) => {
    const predicates = clauses.map((clause) => comparison(clause.trim(), input.columns));
    return {
      columns: input.columns,
      rows: input.rows.filter((row) => predicates.every((predicate) => predicate(row))),
    };
  };
}

function comparison(clause: string, columns: readonly Column[]): (row: GraphRow) => boolean {
  const match = COMPARISON.exec(clause);
  if (!match)
    throw new GraphQueryError(
      'UnsupportedPredicate',
      `The fake Resource Graph cannot evaluate 'where ${clause}'.`,
    );
  const left = parseExpression(match[1] ?? '', columns);
  const operator = (match[2] ?? '').toLowerCase();
  const right = match[3]?.trim() ?? '';
  const caseless = operator.endsWith('~');
  const negated = operator.startsWith('!');
  const listed = operator.includes('in');
  const fold = (value: unknown) => {
    const text = toStringValue(value);
    return caseless ? text.toLowerCase() : text;
  };
  let values: string[];
  if (listed) {
    const list = /^\(([\s\S]*)\)$/.exec(right);
    if (!list)
      throw new GraphQueryError(
        'ParserFailure',
        `'${operator}' expects a list in parentheses, not '${right}'.`,
      );
    values = splitTopLevel(list[1] ?? '', ',').map((item) => fold(literalValue(item.trim())));
  } else values = [fold(literalValue(right))];
  const wanted = new Set(values);
  return (row) => wanted.has(fold(left.evaluate(row))) !== negated;
}

function literalValue(text: string): unknown {
  const literal = parseLiteral(text);
  if (!literal)
    throw new GraphQueryError(
      'UnsupportedPredicate',
      `The fake Resource Graph compares only with literals, not '${text}'.`,
    );
  return literal.evaluate({});
}

function unionStage(text: string): Stage {
  const match = /^(?:kind\s*=\s*(inner|outer)\s+)?\(([\s\S]*)\)$/i.exec(text);
  if (!match)
    throw new GraphQueryError(
      'ParserFailure',
      `The fake Resource Graph reads 'union (computeresources | …)', not 'union ${text}'.`,
    );
  const inner = (match[1] ?? 'outer').toLowerCase() === 'inner';
  const leg = match[2]?.trim() ?? '';
  if (!/^computeresources\b/i.test(leg))
    throw new GraphQueryError(
      'UnknownTable',
      `The fake Resource Graph unions only 'computeresources', not '${leg.slice(0, 30)}'.`,
    );
  const summarised = /\|\s*summarize\b/i.test(leg);
  return (left, tables) =>
    unionOf(
      left,
      {
        columns: [...(summarised ? POWER_COUNT_COLUMNS : INSTANCE_COLUMNS)],
        rows: tables.computeResources(summarised),
      },
      inner,
    );
}

/** KQL's union: by column name; a name with two types becomes `<name>_<type>` on each side. */
function unionOf(left: Table, right: Table, inner: boolean): Table {
  const sourced = (table: Table, other: Table) =>
    table.columns.map((column) => {
      const otherType = other.columns.find((candidate) => candidate.name === column.name)?.type;
      const name = otherType && otherType !== column.type ? `${column.name}_${column.type}` : column.name;
      return { from: column.name, name, type: column.type };
    });
  const leftColumns = sourced(left, right);
  const rightColumns = sourced(right, left);
  const types = new Map<string, ColumnType>();
  for (const column of [...leftColumns, ...rightColumns])
    if (!types.has(column.name)) types.set(column.name, column.type);
  let columns = [...types].map(([name, type]) => ({ name, type }));
  if (inner) {
    const onBothSides = (name: string) =>
      leftColumns.some((column) => column.name === name) &&
      rightColumns.some((column) => column.name === name);
    columns = columns.filter((column) => onBothSides(column.name));
  }
  const rowsOf = (table: Table, mapping: { from: string; name: string }[]) => {
    if (!inner && mapping.every(({ from, name }) => from === name)) {
      // The common case, cheaply: the leg's rows (made for this query) get the other leg's columns as null.
      const missing = columns.filter((column) => !mapping.some(({ name }) => name === column.name));
      for (const row of table.rows) for (const column of missing) row[column.name] = null;
      return table.rows;
    }
    return table.rows.map((row) => {
      const out: GraphRow = {};
      for (const column of columns) out[column.name] = null;
      for (const { from, name } of mapping) if (name in out) out[name] = row[from] ?? null;
      return out;
    });
  };
  return { columns, rows: [...rowsOf(left, leftColumns), ...rowsOf(right, rightColumns)] };
}

function orderStage(text: string): Stage {
  const match = /^by\s+([a-z_]\w*)(?:\s+(asc|desc))?$/i.exec(text);
  if (!match)
    throw new GraphQueryError(
      'ParserFailure',
      `The fake Resource Graph orders by one column, not 'by ${text.replace(/^by\s+/i, '')}'.`,
    );
  const name = match[1] ?? '';
  const descending = (match[2] ?? 'desc').toLowerCase() === 'desc';
  return (input) => {
    if (!input.columns.some((column) => column.name === name))
      throw new GraphQueryError('UnknownColumn', `Failed to resolve scalar expression named '${name}'.`);
    const rank = (value: unknown) => (value === null || value === undefined ? null : value);
    const rows = [...input.rows].sort((a, b) => {
      const x = rank(a[name]);
      const y = rank(b[name]);
      // Nulls first when ascending, last when descending (KQL's defaults).
      const order = x === y ? 0 : x === null ? -1 : y === null ? 1 : (x as string) < (y as string) ? -1 : 1;
      return descending ? -order : order;
    });
    return { columns: input.columns, rows };
  };
}

/** Splits at `separator` outside quotes, parentheses and brackets. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quote) {
      if (char === '\\') index++;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === "'" || char === '"') quote = char;
    else if (char === '(' || char === '[') depth++;
    else if (char === ')' || char === ']') depth--;
    else if (depth === 0 && text.startsWith(separator, index)) {
      parts.push(text.slice(start, index));
      start = index + separator.length;
      index += separator.length - 1;
    }
  }
  if (quote || depth !== 0)
    throw new GraphQueryError('ParserFailure', 'Unbalanced quotes or parentheses in the query.');
  parts.push(text.slice(start));
  return parts;
}
