import { ArmError } from './ArmError.js';

/*
 * A small evaluator of the Resource Graph (KQL) queries the fake answers, so that a client gets the
 * columns it asks for and nothing else, and a query the fake cannot evaluate, or that Resource Graph
 * documents it refuses, fails loudly (400, as Resource Graph answers an invalid query) instead of
 * being answered with columns it did not ask for. Newlines are whitespace.
 *
 * Tables: `resources` (the default when a query starts with an operator), `computeresources` (one
 * row per scale-set instance) and `resourcecontainers` (known, but the fake holds no rows in it);
 * each with Resource Graph's columns (RESOURCES_COLUMNS). Operators understood:
 * - `where` of a boolean expression: `and`, `or` (`and` binds tighter), `not(…)`, parentheses, the
 *   comparisons `==`, `!=`, `=~`, `!~`, `<`, `<=`, `>`, `>=`, `in (…)`, `in~ (…)`, `!in (…)`,
 *   `!in~ (…)`, `contains`, `!contains`, `has`, `!has` (the last four case-insensitive);
 * - scalar expressions: columns, property paths (`properties.a.b`, `tags['x']`, `zones[0]`),
 *   literals, and the functions `tostring` (a dynamic value becomes its JSON text), `toint`, `tolong`,
 *   `todouble`/`toreal`, `tobool`, `tolower`, `toupper`, `strcat`, `extract(regex, group, text)`,
 *   `iff`/`iif`, `isnull`, `isnotnull`, `isempty`, `isnotempty`, `not`, `array_length`, `bag_pack`/`pack` (a
 *   property bag of key and value pairs, a null value kept);
 * - `project` (a path without a name is named as Resource Graph names it: `properties_a`),
 *   `project-away`, `extend` (a name already present is replaced in place);
 * - `mv-expand [name =] array [limit n]`: a row per element (a null value: one row; an empty array:
 *   none), at most 128 a row unless `limit` says, and `limit` at most 400, as Resource Graph
 *   documents; property bags, `kind`, `with_itemindex` and `to typeof()` are refused;
 * - `summarize [name =] count() | make_list(expr [, maxSize]) [by col | name = expr, …]`: the
 *   by-columns then the aggregates (`long`, `dynamic`; make_list leaves nulls out); any other
 *   aggregation is refused;
 * - `join [kind=innerunique|inner|leftouter|fullouter] (subquery) on col | $left.a == $right.b`, a
 *   hash join with KQL's semantics: innerunique (the default) keeps one left row per key; the right
 *   side's columns whose names the left has get the suffix `1`; an outer side with no match is null.
 *   Resource Graph's documented limits are enforced: the flavors above only, no hints (custom join
 *   strategies), at most three joins, at most one of them cross-table unless every cross-table join
 *   is between `resources` and `resourcecontainers`;
 * - `union [kind=outer|inner] (subquery)|table, …`: every column of either side (a column both sides
 *   have with different types becomes one column per type, `<column>_<type>`). As documented, a leg
 *   must read the query's own table, or be `resources` with `resourcecontainers`; at most three legs;
 *   no fuzzy (wildcard) leg tables;
 * - `order by` / `sort by` a column, `asc` or `desc` (KQL's default), nulls first when ascending.
 * A string is never null, as in KQL: where a string column has no value (an outer side without a
 * match, a union leg without the column, `extract` without a match) it is ''.
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

/**
 * The tables a query reads, each made afresh when the query reads it (the evaluator may change its
 * rows): Resource Graph's `resources` and `computeresources`, with RESOURCES_COLUMNS.
 */
export interface GraphTables {
  resources(): GraphRow[];
  computeResources(): GraphRow[];
}

type TableName = 'resources' | 'computeresources' | 'resourcecontainers';

const TABLE_NAMES: readonly TableName[] = ['resources', 'computeresources', 'resourcecontainers'];

/** The columns of Resource Graph's `resources` table and their types (its other tables share them). */
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

function tableRows(name: TableName, tables: GraphTables): GraphRow[] {
  if (name === 'resources') return tables.resources();
  if (name === 'computeresources') return tables.computeResources();
  return [];
}

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

/** A pipeline: a table and the operators applied to it. */
interface Pipeline {
  table: TableName;
  stages: Stage[];
}

/** What the whole query uses, for Resource Graph's limits on joins and unions. */
interface QueryUse {
  joins: { left: TableName; right: TableName }[];
  unionLegs: number;
}

/** A parsed query: run it on the fake's tables with `run`. */
export class GraphQuery {
  private constructor(private readonly pipeline: Pipeline) {}

  static parse(text: string): GraphQuery {
    const use: QueryUse = { joins: [], unionLegs: 0 };
    const pipeline = parsePipeline(text, use);
    checkJoinLimits(use);
    return new GraphQuery(pipeline);
  }

  run(tables: GraphTables): GraphRow[] {
    return this.runTable(tables).rows;
  }

  /** The result with its columns, for Resource Graph's `table` result format. */
  runTable(tables: GraphTables): GraphResult {
    return runPipeline(this.pipeline, tables);
  }
}

const OPERATORS = new Set([
  'where',
  'project',
  'project-away',
  'extend',
  'mv-expand',
  'summarize',
  'join',
  'union',
  'order',
  'sort',
]);

function parsePipeline(text: string, use: QueryUse): Pipeline {
  const parts = splitTopLevel(text, '|').map((part) => collapseWhitespace(part.trim()));
  const first = parts[0] ?? '';
  let table: TableName = 'resources';
  if (/^[a-z_][\w-]*$/i.test(first) && !OPERATORS.has(first.toLowerCase())) {
    table = tableNamed(first);
    parts.shift();
  }
  const pipeline: Pipeline = { table, stages: [] };
  for (const part of parts) pipeline.stages.push(parseStage(part, pipeline.table, use));
  return pipeline;
}

function tableNamed(name: string): TableName {
  const table = TABLE_NAMES.find((candidate) => candidate === name.toLowerCase());
  if (!table)
    throw new GraphQueryError(
      'UnknownTable',
      `The fake Resource Graph holds only 'resources', 'computeresources' and 'resourcecontainers', not '${name}'.`,
    );
  return table;
}

function runPipeline(pipeline: Pipeline, tables: GraphTables): Table {
  let table: Table = { columns: [...RESOURCES_COLUMNS], rows: tableRows(pipeline.table, tables) };
  for (const stage of pipeline.stages) table = stage(table, tables);
  return table;
}

function parseStage(text: string, table: TableName, use: QueryUse): Stage {
  const operator = /^[a-z-]+/i.exec(text)?.[0]?.toLowerCase() ?? '';
  const rest = text.slice(operator.length).trim();
  switch (operator) {
    case 'where':
      return whereStage(rest);
    case 'project':
      return projectStage(rest);
    case 'project-away':
      return projectAwayStage(rest);
    case 'extend':
      return extendStage(rest);
    case 'mv-expand':
      return mvExpandStage(rest);
    case 'summarize':
      return summarizeStage(rest);
    case 'join':
      return joinStage(rest, table, use);
    case 'union':
      return unionStage(rest, table, use);
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
  /** Its value when it is a literal: comparisons with literals are prepared once. */
  constant?: { value: unknown };
  evaluate(row: GraphRow): unknown;
}

interface Token {
  kind: 'string' | 'number' | 'word' | 'symbol' | 'end';
  text: string;
  value?: unknown;
}

/** Words that, after `!`, make one operator: `!in`, `!in~`, `!contains`, `!has`. */
const NEGATABLE = new Set(['in', 'in~', 'contains', 'has']);

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  const fail = () => {
    throw new GraphQueryError('ParserFailure', `The fake cannot read the expression '${source}'.`);
  };
  while (index < source.length) {
    const rest = source.slice(index);
    const space = /^\s+/.exec(rest);
    if (space) {
      index += space[0].length;
      continue;
    }
    const quoted = /^(@?)(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/.exec(rest);
    if (quoted) {
      const body = quoted[2] ?? quoted[3] ?? '';
      tokens.push({ kind: 'string', text: quoted[0], value: quoted[1] ? body : unescape(body) });
      index += quoted[0].length;
      continue;
    }
    const number = /^\d+(?:\.\d+)?/.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', text: number[0], value: Number(number[0]) });
      index += number[0].length;
      continue;
    }
    const word = /^!?[a-z_$]\w*/i.exec(rest);
    if (word) {
      let text = word[0];
      if (/^!?in$/i.test(text) && rest.charAt(text.length) === '~') text += '~';
      // After `!`, only a negatable operator: `!in`, `!in~`, `!contains`, `!has`.
      if (text.startsWith('!') && !NEGATABLE.has(text.slice(1).toLowerCase())) fail();
      tokens.push({ kind: 'word', text });
      index += text.length;
      continue;
    }
    const symbol = /^(==|!=|=~|!~|<=|>=|[()[\],.<>=+\-*/%])/.exec(rest);
    if (!symbol) fail();
    tokens.push({ kind: 'symbol', text: symbol![0] });
    index += symbol![0].length;
  }
  tokens.push({ kind: 'end', text: '' });
  return tokens;
}

const COMPARISONS = new Set([
  '==',
  '!=',
  '=~',
  '!~',
  '<',
  '<=',
  '>',
  '>=',
  'in',
  'in~',
  '!in',
  '!in~',
  'contains',
  '!contains',
  'has',
  '!has',
]);

/** A recursive-descent parser of one expression, resolved against the columns it may read. */
class ExpressionParser {
  private position = 0;
  private readonly tokens: Token[];

  constructor(
    private readonly source: string,
    private readonly columns: readonly Column[],
    private readonly leftover: () => GraphQueryError,
  ) {
    this.tokens = tokenize(source);
  }

  parse(): Expression {
    if (this.peek().kind === 'end') throw new GraphQueryError('ParserFailure', 'An expression is missing.');
    const expression = this.or();
    if (this.peek().kind !== 'end') throw this.leftover();
    return expression;
  }

  private peek(): Token {
    return this.tokens[this.position] ?? { kind: 'end', text: '' };
  }

  private next(): Token {
    const token = this.peek();
    this.position++;
    return token;
  }

  private isWord(text: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.text === text;
  }

  private isSymbol(text: string): boolean {
    const token = this.peek();
    return token.kind === 'symbol' && token.text === text;
  }

  private expect(text: string): void {
    if (!this.isSymbol(text)) throw this.leftover();
    this.position++;
  }

  private or(): Expression {
    let left = this.and();
    while (this.isWord('or')) {
      this.position++;
      const right = this.and();
      const first = left;
      left = {
        type: 'bool',
        evaluate: (row) => first.evaluate(row) === true || right.evaluate(row) === true,
      };
    }
    return left;
  }

  private and(): Expression {
    let left = this.comparison();
    while (this.isWord('and')) {
      this.position++;
      const right = this.comparison();
      const first = left;
      left = {
        type: 'bool',
        evaluate: (row) => first.evaluate(row) === true && right.evaluate(row) === true,
      };
    }
    return left;
  }

  private comparison(): Expression {
    const left = this.primary();
    const token = this.peek();
    const operator = token.text.toLowerCase();
    if ((token.kind !== 'word' && token.kind !== 'symbol') || !COMPARISONS.has(operator)) return left;
    this.position++;
    if (operator.endsWith('in') || operator.endsWith('in~')) return membership(left, operator, this.list());
    return compare(left, operator, this.primary());
  }

  private list(): Expression[] {
    this.expect('(');
    const items: Expression[] = [];
    if (!this.isSymbol(')'))
      do items.push(this.or());
      while (this.isSymbol(',') && this.next());
    this.expect(')');
    return items;
  }

  private primary(): Expression {
    const token = this.next();
    if (token.kind === 'symbol' && token.text === '(') {
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    if (token.kind === 'symbol' && token.text === '-' && this.peek().kind === 'number')
      return literal(-(this.next().value as number));
    if (token.kind === 'string') return literal(token.value);
    if (token.kind === 'number') return literal(token.value);
    if (token.kind === 'word') {
      if (this.isSymbol('(')) {
        this.position++;
        const args: Expression[] = [];
        if (!this.isSymbol(')'))
          do args.push(this.or());
          while (this.isSymbol(',') && this.next());
        this.expect(')');
        return call(token.text, args);
      }
      if (/^(true|false)$/i.test(token.text)) return literal(token.text.toLowerCase() === 'true');
      return this.path(token.text);
    }
    throw this.leftover();
  }

  /** `column`, `column.key.key`, `column['key']`, `column[0]`. */
  private path(root: string): Expression {
    const column = this.columns.find((candidate) => candidate.name === root);
    if (!column)
      throw new GraphQueryError('UnknownColumn', `Failed to resolve scalar expression named '${root}'.`);
    const keys: (string | number)[] = [];
    for (;;) {
      if (this.isSymbol('.')) {
        this.position++;
        const key = this.next();
        if (key.kind !== 'word') throw this.leftover();
        keys.push(key.text);
      } else if (this.isSymbol('[')) {
        this.position++;
        const key = this.next();
        if (key.kind !== 'string' && key.kind !== 'number') throw this.leftover();
        keys.push(key.value as string | number);
        this.expect(']');
      } else break;
    }
    if (keys.length === 0) {
      const empty = emptyOf(column.type);
      return { type: column.type, defaultName: root, evaluate: (row) => row[root] ?? empty };
    }
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
}

/** Parses one scalar expression against the columns it may read. */
export function parseExpression(text: string, columns: readonly Column[]): Expression {
  const source = text.trim();
  return new ExpressionParser(
    source,
    columns,
    () => new GraphQueryError('ParserFailure', `The fake cannot read the expression '${source}'.`),
  ).parse();
}

function literal(value: unknown): Expression {
  const type: ColumnType =
    typeof value === 'string'
      ? 'string'
      : typeof value === 'boolean'
        ? 'bool'
        : Number.isInteger(value)
          ? 'long'
          : 'real';
  return { type, constant: { value }, evaluate: () => value };
}

/** The value a column of this type holds where a row has none: strings are never null in KQL. */
function emptyOf(type: ColumnType): unknown {
  return type === 'string' ? '' : null;
}

const isNull = (value: unknown) => value === null || value === undefined;

const CONVERSIONS: Record<string, { type: ColumnType; convert: (value: unknown) => unknown }> = {
  tostring: { type: 'string', convert: toStringValue },
  toint: { type: 'int', convert: (value) => toInteger(value, true) },
  tolong: { type: 'long', convert: (value) => toInteger(value, false) },
  todouble: { type: 'real', convert: toReal },
  toreal: { type: 'real', convert: toReal },
  tobool: { type: 'bool', convert: toBool },
  toboolean: { type: 'bool', convert: toBool },
  tolower: { type: 'string', convert: (value) => toStringValue(value).toLowerCase() },
  toupper: { type: 'string', convert: (value) => toStringValue(value).toUpperCase() },
  isnull: { type: 'bool', convert: isNull },
  isnotnull: { type: 'bool', convert: (value) => !isNull(value) },
  isempty: { type: 'bool', convert: (value) => isNull(value) || value === '' },
  isnotempty: { type: 'bool', convert: (value) => !isNull(value) && value !== '' },
  not: { type: 'bool', convert: (value) => (isNull(value) ? null : value !== true) },
  // KQL: the number of elements of a dynamic array; null for anything that is not an array.
  array_length: { type: 'long', convert: (value) => (Array.isArray(value) ? value.length : null) },
};

function expectArguments(name: string, args: Expression[], counts: number[]): void {
  if (!counts.includes(args.length))
    throw new GraphQueryError(
      'InvalidArgumentCount',
      `Function '${name}' expects ${counts.join(' or ')} argument${counts.length === 1 && counts[0] === 1 ? '' : 's'}, got ${args.length}.`,
    );
}

function call(name: string, args: Expression[]): Expression {
  const lower = name.toLowerCase();
  const conversion = CONVERSIONS[lower];
  if (conversion) {
    expectArguments(name, args, [1]);
    const inner = args[0]!;
    return { type: conversion.type, evaluate: (row) => conversion.convert(inner.evaluate(row)) };
  }
  switch (lower) {
    case 'extract':
      return extractCall(name, args);
    case 'iff':
    case 'iif': {
      expectArguments(name, args, [3]);
      const [condition, then, otherwise] = args as [Expression, Expression, Expression];
      return {
        type: then.type,
        evaluate: (row) => (condition.evaluate(row) === true ? then.evaluate(row) : otherwise.evaluate(row)),
      };
    }
    case 'bag_pack':
    case 'pack':
      return bagPackCall(name, args);
    case 'strcat':
      if (args.length === 0) expectArguments(name, args, [1]);
      return {
        type: 'string',
        evaluate: (row) => args.map((arg) => toStringValue(arg.evaluate(row))).join(''),
      };
    case 'count':
      throw new GraphQueryError(
        'UnsupportedAggregation',
        "'count()' is an aggregation: the fake Resource Graph evaluates it only in 'summarize'.",
      );
    default:
      throw new GraphQueryError('UnknownFunction', `Unknown function: '${name}'.`);
  }
}

/** `bag_pack(key1, value1, key2, value2, …)` (`pack` its older name): a property bag; a null value is kept. */
function bagPackCall(name: string, args: Expression[]): Expression {
  if (args.length === 0 || args.length % 2 !== 0)
    throw new GraphQueryError(
      'InvalidArgumentCount',
      `Function '${name}' expects keys and values in pairs, got ${args.length} arguments.`,
    );
  const pairs: [Expression, Expression][] = [];
  for (let index = 0; index < args.length; index += 2) pairs.push([args[index]!, args[index + 1]!]);
  return {
    type: 'dynamic',
    evaluate: (row) => {
      const bag: GraphRow = {};
      for (const [key, value] of pairs) bag[toStringValue(key.evaluate(row))] = value.evaluate(row) ?? null;
      return bag;
    },
  };
}

/**
 * `extract(regex, captureGroup, text)`: the group's text, or, without a match, KQL's null of its
 * string result, which is '' (a string is never null). The regex is compiled once, not per row.
 */
function extractCall(name: string, args: Expression[]): Expression {
  expectArguments(name, args, [3]);
  const [pattern, group, text] = args as [Expression, Expression, Expression];
  if (typeof pattern.constant?.value !== 'string' || typeof group.constant?.value !== 'number')
    throw new GraphQueryError(
      'UnsupportedPredicate',
      "The fake Resource Graph's 'extract' needs a literal regex and capture group.",
    );
  let regex: RegExp;
  try {
    regex = new RegExp(pattern.constant.value);
  } catch (error) {
    throw new GraphQueryError(
      'InvalidRegex',
      `'${pattern.constant.value}' is not a valid regex: ${String(error)}`,
    );
  }
  const index = group.constant.value;
  return {
    type: 'string',
    evaluate: (row) => regex.exec(toStringValue(text.evaluate(row)))?.[index] ?? '',
  };
}

function fold(value: unknown, caseless: boolean): string {
  const text = toStringValue(value);
  return caseless ? text.toLowerCase() : text;
}

/** `in`, `in~`, `!in`, `!in~`: against a set prepared once when the list is literals. */
function membership(left: Expression, operator: string, items: Expression[]): Expression {
  const caseless = operator.endsWith('~');
  const negated = operator.startsWith('!');
  const constants = items.every((item) => item.constant);
  const wanted = constants ? new Set(items.map((item) => fold(item.constant?.value, caseless))) : undefined;
  return {
    type: 'bool',
    evaluate: (row) => {
      const value = left.evaluate(row);
      if (isNull(value)) return negated;
      const folded = fold(value, caseless);
      const found = wanted
        ? wanted.has(folded)
        : items.some((item) => fold(item.evaluate(row), caseless) === folded);
      return found !== negated;
    },
  };
}

function compare(left: Expression, operator: string, right: Expression): Expression {
  const negated = operator.startsWith('!');
  const prepared = right.constant ? toStringValue(right.constant.value).toLowerCase() : undefined;
  const needle = (row: GraphRow) => prepared ?? toStringValue(right.evaluate(row)).toLowerCase();
  switch (operator) {
    case 'contains':
    case '!contains':
      return {
        type: 'bool',
        evaluate: (row) => toStringValue(left.evaluate(row)).toLowerCase().includes(needle(row)) !== negated,
      };
    case 'has':
    case '!has':
      return {
        type: 'bool',
        evaluate: (row) => hasTerm(toStringValue(left.evaluate(row)).toLowerCase(), needle(row)) !== negated,
      };
    default:
      return {
        type: 'bool',
        evaluate: (row) => compareValues(left.evaluate(row), operator, right.evaluate(row)),
      };
  }
}

/** KQL's comparison: null equals nothing (and is unequal to any value); `~` compares caselessly. */
function compareValues(a: unknown, operator: string, b: unknown): boolean {
  if (isNull(a) || isNull(b)) return operator === '!=' || operator === '!~' ? isNull(a) !== isNull(b) : false;
  const numeric = typeof a === 'number' && typeof b === 'number';
  const caseless = operator === '=~' || operator === '!~';
  const x = numeric ? (a as number) : fold(a, caseless);
  const y = numeric ? (b as number) : fold(b, caseless);
  switch (operator) {
    case '==':
    case '=~':
      return x === y;
    case '!=':
    case '!~':
      return x !== y;
    // Numbers compare as numbers, anything else as text (the casts only quiet the type checker).
    case '<':
      return (x as number) < (y as number);
    case '<=':
      return (x as number) <= (y as number);
    case '>':
      return (x as number) > (y as number);
    default:
      return (x as number) >= (y as number);
  }
}

/** `has`: the needle as a whole term, bounded by non-alphanumeric characters or the text's ends. */
function hasTerm(text: string, needle: string): boolean {
  if (needle === '') return true;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
    const before = at === 0 ? '' : text.charAt(at - 1);
    const after = text.charAt(at + needle.length);
    if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) return true;
  }
  return false;
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

function whereStage(text: string): Stage {
  return (input) => {
    const refusal = () =>
      new GraphQueryError('UnsupportedPredicate', `The fake Resource Graph cannot evaluate 'where ${text}'.`);
    const predicate = new ExpressionParser(text, input.columns, refusal).parse();
    if (predicate.type !== 'bool') throw refusal();
    return { columns: input.columns, rows: input.rows.filter((row) => predicate.evaluate(row) === true) };
  };
}

interface NamedExpression {
  name: string;
  expression: Expression;
}

function namedItem(item: string, columns: readonly Column[], operator: string): NamedExpression {
  const named = /^([a-z_]\w*)\s*=(?![=~])([\s\S]*)$/i.exec(item);
  if (named) return { name: named[1] ?? '', expression: parseExpression(named[2] ?? '', columns) };
  const expression = parseExpression(item, columns);
  if (!expression.defaultName)
    throw new GraphQueryError(
      'ParserFailure',
      `The fake Resource Graph needs a column name for '${item}' in '${operator}' (write 'name = ${item}').`,
    );
  return { name: expression.defaultName, expression };
}

function itemsOf(text: string, operator: string): string[] {
  if (text === '') throw new GraphQueryError('ParserFailure', `'${operator}' names no column.`);
  return splitTopLevel(text, ',').map((item) => item.trim());
}

function projectStage(text: string): Stage {
  const items = itemsOf(text, 'project');
  return (input) => {
    const projected = items.map((item) => namedItem(item, input.columns, 'project'));
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

function projectAwayStage(text: string): Stage {
  const names = itemsOf(text, 'project-away');
  for (const name of names)
    if (!/^[a-z_]\w*$/i.test(name))
      throw new GraphQueryError('ParserFailure', `'project-away' takes column names, not '${name}'.`);
  return (input) => {
    for (const name of names)
      if (!input.columns.some((column) => column.name === name))
        throw new GraphQueryError('UnknownColumn', `Failed to resolve column named '${name}'.`);
    const away = new Set(names);
    const columns = input.columns.filter((column) => !away.has(column.name));
    return { columns, rows: input.rows.map((row) => pick(row, columns)) };
  };
}

function pick(row: GraphRow, columns: readonly Column[]): GraphRow {
  const out: GraphRow = {};
  for (const { name } of columns) out[name] = row[name];
  return out;
}

/** `extend a = x, b = y`: each item may read the ones before it; a name already present keeps its place. */
function extendStage(text: string): Stage {
  const items = itemsOf(text, 'extend');
  return (input) => {
    const columns = [...input.columns];
    const extended: NamedExpression[] = [];
    for (const item of items) {
      const named = namedItem(item, columns, 'extend');
      const column = { name: named.name, type: named.expression.type };
      const at = columns.findIndex((candidate) => candidate.name === named.name);
      if (at === -1) columns.push(column);
      else columns[at] = column;
      extended.push(named);
    }
    return {
      columns,
      // In place: each row is this query's own (GraphTables makes them afresh), and copying tens of
      // thousands of rows for each `extend` is what made the fleet query slow.
      rows: input.rows.map((row) => {
        for (const { name, expression } of extended) row[name] = expression.evaluate(row);
        return row;
      }),
    };
  };
}

/** Resource Graph's documented `mv-expand` row limit: 128 rows from each row by default, at most 400. */
const MV_EXPAND_DEFAULT_LIMIT = 128;
const MV_EXPAND_MAX_LIMIT = 400;

/**
 * `mv-expand [name =] expr [limit n]`: one row per element of the array (KQL: a null value gives one
 * row with null, an empty array none), the other columns copied; a property bag, `kind`,
 * `with_itemindex`, `to typeof()` and more than one column are not evaluated by the fake.
 */
function mvExpandStage(text: string): Stage {
  const match = /^([\s\S]*?)(?:\s+limit\s+(\d+))?$/i.exec(text.trim());
  const item = match?.[1]?.trim() ?? '';
  const limit = Number(match?.[2] ?? MV_EXPAND_DEFAULT_LIMIT);
  if (/^(kind|bagexpansion|with_itemindex)\s*=/i.test(item) || /\bto\s+typeof\s*\(/i.test(item))
    throw new GraphQueryError(
      'UnsupportedOperator',
      `The fake Resource Graph expands one array plainly, not 'mv-expand ${item}'.`,
    );
  if (splitTopLevel(item, ',').length > 1)
    throw new GraphQueryError(
      'UnsupportedOperator',
      `The fake Resource Graph expands one column, not '${item}'.`,
    );
  if (limit > MV_EXPAND_MAX_LIMIT)
    throw new GraphQueryError(
      'InvalidLimit',
      `The mv-expand row limit is at most ${MV_EXPAND_MAX_LIMIT} in Resource Graph, not ${limit}.`,
    );
  return (input) => {
    const { name, expression } = namedItem(item, input.columns, 'mv-expand');
    const columns = input.columns.some((column) => column.name === name)
      ? input.columns.map((column) => (column.name === name ? { name, type: 'dynamic' as const } : column))
      : [...input.columns, { name, type: 'dynamic' as const }];
    const rows: GraphRow[] = [];
    for (const row of input.rows) {
      const value = expression.evaluate(row);
      if (!Array.isArray(value)) {
        if (isNull(value)) rows.push({ ...row, [name]: null });
        else if (typeof value !== 'object' || Object.keys(value as object).length > 0)
          throw new GraphQueryError(
            'UnsupportedOperator',
            `The fake Resource Graph expands arrays, not the ${typeof value === 'object' ? 'property bag' : 'scalar'} of '${item}'.`,
          );
        continue;
      }
      for (const element of value.slice(0, limit)) rows.push({ ...row, [name]: element ?? null });
    }
    return { columns, rows };
  };
}

/** An aggregation `summarize` evaluates: `count()`, or `make_list(expr [, maxSize])`. */
interface Aggregate {
  name: string;
  type: ColumnType;
  /** A group's starting value, and how a row adds to it. */
  start(): unknown;
  add(state: unknown, row: GraphRow): unknown;
}

/** make_list's documented default (and largest) number of elements. */
const MAKE_LIST_MAX_SIZE = 1_048_576;

function aggregateOf(item: string, columns: readonly Column[]): Aggregate {
  const match = /^(?:([a-z_]\w*)\s*=\s*)?([a-z_]\w*)\s*\(([\s\S]*)\)$/i.exec(item);
  const functionName = match?.[2]?.toLowerCase();
  const args = match?.[3]?.trim() ? splitTopLevel(match[3], ',').map((arg) => arg.trim()) : [];
  if (functionName === 'count' && args.length === 0)
    return {
      name: match?.[1] ?? 'count_',
      type: 'long',
      start: () => 0,
      add: (count) => (count as number) + 1,
    };
  if (functionName === 'make_list' && (args.length === 1 || args.length === 2)) {
    const expression = parseExpression(args[0] ?? '', columns);
    const maxSize = args[1] === undefined ? MAKE_LIST_MAX_SIZE : Number(args[1]);
    const defaultName = expression.defaultName ? `list_${expression.defaultName}` : 'list_';
    return {
      name: match?.[1] ?? defaultName,
      type: 'dynamic',
      start: () => [],
      add: (list, row) => {
        const value = expression.evaluate(row);
        // Null values are left out of the list, as KQL's make_list does.
        if (!isNull(value) && (list as unknown[]).length < maxSize) (list as unknown[]).push(value);
        return list;
      },
    };
  }
  throw new GraphQueryError(
    'UnsupportedAggregation',
    `The fake Resource Graph evaluates only 'count()' and 'make_list(expr)' in 'summarize', not '${item}'.`,
  );
}

/** `summarize [name =] count() | make_list(x), … [by …]`: the by-columns in order, then the aggregates. */
function summarizeStage(text: string): Stage {
  const [aggregateText = '', byText, ...extra] = splitTopLevel(text, ' by ');
  if (extra.length > 0)
    throw new GraphQueryError('ParserFailure', `'summarize' has one 'by', not 'by ${extra[0]}'.`);
  const aggregateItems = itemsOf(aggregateText.trim(), 'summarize');
  const byItems = byText === undefined ? [] : itemsOf(byText.trim(), 'summarize by');
  return (input) => {
    const aggregates = aggregateItems.map((item) => aggregateOf(item, input.columns));
    const by = byItems.map((item) => namedItem(item, input.columns, 'summarize by'));
    const names = [...by.map(({ name }) => name), ...aggregates.map(({ name }) => name)];
    const duplicate = names.find((name, index) => names.indexOf(name) !== index);
    if (duplicate)
      throw new GraphQueryError('DuplicateColumn', `The column '${duplicate}' is summarized twice.`);
    type Group = { values: unknown[]; states: unknown[] };
    const newGroup = (values: unknown[]): Group => ({
      values,
      states: aggregates.map((aggregate) => aggregate.start()),
    });
    // Groups in nested Maps, one level per by-column, keyed by the values themselves: no key text per row.
    const groups: Group[] = [];
    const root = new Map<unknown, unknown>();
    const values: unknown[] = [];
    for (const row of input.rows) {
      let level = root;
      let group: Group | undefined;
      for (let index = 0; index < by.length; index++) {
        const value = by[index]!.expression.evaluate(row);
        values[index] = value;
        const key = mapKeyOf(value);
        const found = level.get(key);
        if (index < by.length - 1) {
          if (found) level = found as Map<unknown, unknown>;
          else level.set(key, (level = new Map()));
        } else if (found) group = found as Group;
        else {
          group = newGroup([...values]);
          level.set(key, group);
          groups.push(group);
        }
      }
      if (by.length === 0) group = groups[0] ?? (groups[0] = newGroup([]));
      aggregates.forEach(
        (aggregate, index) => (group!.states[index] = aggregate.add(group!.states[index], row)),
      );
    }
    if (by.length === 0 && groups.length === 0) groups.push(newGroup([]));
    return {
      columns: [
        ...by.map(({ name, expression }) => ({ name, type: expression.type })),
        ...aggregates.map(({ name, type }) => ({ name, type })),
      ],
      rows: groups.map((group) => {
        const out: GraphRow = {};
        by.forEach(({ name }, index) => (out[name] = group.values[index]));
        aggregates.forEach(({ name }, index) => (out[name] = group.states[index]));
        return out;
      }),
    };
  };
}

/** A value as one Map key: a dynamic object or array by its JSON text, undefined as null. */
function mapKeyOf(value: unknown): unknown {
  if (value === undefined) return null;
  if (value !== null && typeof value === 'object') return `\u0000${JSON.stringify(value)}`;
  return value;
}

/** A value as part of a text key: types kept apart, a dynamic value by its JSON text, null as null. */
function keyOf(value: unknown): string {
  if (isNull(value)) return '\u0000';
  if (typeof value === 'string') return `s${value}`;
  if (typeof value === 'object') return `j${JSON.stringify(value)}`;
  return `${typeof value}${String(value)}`;
}

const JOIN_FLAVORS = new Set(['innerunique', 'inner', 'leftouter', 'fullouter']);

const JOIN_LIMIT =
  'Resource Graph allows: Limit of three join in a single query, one of which might be a cross-table join. If all cross-table join use is between Resource and ResourceContainers, then three cross-table join are allowed.';

function joinStage(text: string, table: TableName, use: QueryUse): Stage {
  let rest = text;
  let kind = 'innerunique';
  const parameterPattern = /^([a-z.]+)\s*=\s*(\w+)\s*/i;
  let parameter = parameterPattern.exec(rest);
  while (parameter) {
    const [whole, name = '', value = ''] = parameter;
    if (name.toLowerCase() === 'kind') kind = value.toLowerCase();
    else if (name.toLowerCase().startsWith('hint.'))
      throw new GraphQueryError(
        'UnsupportedJoinHint',
        `Custom join strategies, such as broadcast join, aren't allowed: '${name}=${value}'.`,
      );
    else
      throw new GraphQueryError(
        'ParserFailure',
        `The fake Resource Graph does not read 'join ${name}=${value}'.`,
      );
    rest = rest.slice(whole.length);
    parameter = parameterPattern.exec(rest);
  }
  if (!JOIN_FLAVORS.has(kind))
    throw new GraphQueryError(
      'UnsupportedJoinFlavor',
      `The join kind "${kind}" is not supported or not allowed.`,
    );
  const { leg, after } = legOf(rest, 'join');
  const on = /^on\s+([\s\S]+)$/i.exec(after);
  if (!on)
    throw new GraphQueryError(
      'ParserFailure',
      `The fake Resource Graph reads 'join (…) on …', not 'join ${text}'.`,
    );
  const keys = splitTopLevel(on[1] ?? '', ',').map((key) => joinKey(key.trim()));
  const right = parsePipeline(leg, use);
  use.joins.push({ left: table, right: right.table });
  return (left, tables) => joinOf(left, runPipeline(right, tables), keys, kind);
}

/** A join's or union's leg: `(subquery)` or a table's name, and what follows it. */
function legOf(text: string, operator: string): { leg: string; after: string } {
  if (text.startsWith('(')) {
    const end = closingParenthesis(text);
    return { leg: text.slice(1, end), after: text.slice(end + 1).trim() };
  }
  const table = /^([a-z_*][\w*]*)\s*/i.exec(text);
  if (!table)
    throw new GraphQueryError(
      'ParserFailure',
      `The fake Resource Graph reads '${operator} (…)', not '${operator} ${text}'.`,
    );
  return { leg: table[1] ?? '', after: text.slice(table[0].length) };
}

function joinKey(key: string): { left: string; right: string } {
  const same = /^([a-z_]\w*)$/i.exec(key);
  if (same) return { left: same[1] ?? '', right: same[1] ?? '' };
  const sides = /^\$(left|right)\.([a-z_]\w*)\s*==\s*\$(left|right)\.([a-z_]\w*)$/i.exec(key);
  if (!sides || sides[1]?.toLowerCase() === sides[3]?.toLowerCase())
    throw new GraphQueryError(
      'ParserFailure',
      `The fake Resource Graph joins on 'col' or '$left.a == $right.b', not '${key}'.`,
    );
  const leftFirst = sides[1]?.toLowerCase() === 'left';
  return { left: (leftFirst ? sides[2] : sides[4]) ?? '', right: (leftFirst ? sides[4] : sides[2]) ?? '' };
}

function checkJoinLimits(use: QueryUse): void {
  if (use.joins.length > 3)
    throw new GraphQueryError('JoinLimitExceeded', `The query has ${use.joins.length} joins. ${JOIN_LIMIT}`);
  const crossTable = use.joins.filter(({ left, right }) => left !== right);
  const betweenResourcesAndContainers = crossTable.every(
    ({ left, right }) => [left, right].sort().join() === 'resourcecontainers,resources',
  );
  if (crossTable.length > 1 && !betweenResourcesAndContainers)
    throw new GraphQueryError(
      'CrossTableJoinLimitExceeded',
      `The query has ${crossTable.length} cross-table joins (${crossTable.map(({ left, right }) => `${left} with ${right}`).join(', ')}). ${JOIN_LIMIT}`,
    );
}

/** KQL's join, by hashing the right side's keys: no row is compared with every other. */
function joinOf(left: Table, right: Table, keys: { left: string; right: string }[], kind: string): Table {
  for (const key of keys) {
    if (!left.columns.some((column) => column.name === key.left))
      throw new GraphQueryError(
        'UnknownColumn',
        `Failed to resolve column named '${key.left}' on the join's left side.`,
      );
    if (!right.columns.some((column) => column.name === key.right))
      throw new GraphQueryError(
        'UnknownColumn',
        `Failed to resolve column named '${key.right}' on the join's right side.`,
      );
  }
  const taken = new Set(left.columns.map((column) => column.name));
  const rightColumns = right.columns.map((column) => {
    let name = column.name;
    for (let suffix = 1; taken.has(name); suffix++) name = `${column.name}${suffix}`;
    taken.add(name);
    return { from: column.name, name, type: column.type };
  });
  const columns = [...left.columns, ...rightColumns.map(({ name, type }) => ({ name, type }))];
  const keyFor = (row: GraphRow, side: 'left' | 'right'): string | undefined => {
    let key = '';
    for (const pair of keys) {
      const value = row[pair[side]];
      if (isNull(value)) return undefined; // a null key matches nothing
      key += `${keyOf(value)}\u0001`;
    }
    return key;
  };
  const byKey = new Map<string, { rows: GraphRow[]; matched: boolean }>();
  for (const row of right.rows) {
    const key = keyFor(row, 'right');
    if (key === undefined) continue;
    const entry = byKey.get(key);
    if (entry) entry.rows.push(row);
    else byKey.set(key, { rows: [row], matched: false });
  }
  const combine = (leftRow: GraphRow | undefined, rightRow: GraphRow | undefined): GraphRow => {
    const out: GraphRow = {};
    for (const { name, type } of left.columns) out[name] = leftRow ? leftRow[name] : emptyOf(type);
    for (const { from, name, type } of rightColumns) out[name] = rightRow ? rightRow[from] : emptyOf(type);
    return out;
  };
  const rows: GraphRow[] = [];
  const seenLeftKeys = new Set<string>();
  for (const leftRow of left.rows) {
    const key = keyFor(leftRow, 'left');
    if (kind === 'innerunique') {
      if (key === undefined || seenLeftKeys.has(key)) continue;
      seenLeftKeys.add(key);
    }
    const entry = key === undefined ? undefined : byKey.get(key);
    if (entry) {
      entry.matched = true;
      for (const rightRow of entry.rows) rows.push(combine(leftRow, rightRow));
    } else if (kind === 'leftouter' || kind === 'fullouter') rows.push(combine(leftRow, undefined));
  }
  if (kind === 'fullouter') {
    for (const row of right.rows) {
      const key = keyFor(row, 'right');
      const entry = key === undefined ? undefined : byKey.get(key);
      if (!entry?.matched) rows.push(combine(undefined, row));
    }
  }
  return { columns, rows };
}

const UNION_LIMIT =
  "Resource Graph allows: Single table allowed. Limit of three union legs in a single query. Fuzzy resolution of union leg tables isn't allowed. Might be used within a single table or between the Resources and ResourceContainers tables.";

function unionStage(text: string, table: TableName, use: QueryUse): Stage {
  const match = /^(?:kind\s*=\s*(inner|outer)\s+)?([\s\S]*)$/i.exec(text);
  const inner = (match?.[1] ?? 'outer').toLowerCase() === 'inner';
  const legs = splitTopLevel(match?.[2] ?? '', ',').map((part) => {
    const { leg, after } = legOf(part.trim(), 'union');
    if (after !== '')
      throw new GraphQueryError('ParserFailure', `The fake Resource Graph does not read 'union ${text}'.`);
    const legTable = /^\s*([^\s|()]+)/.exec(leg)?.[1] ?? '';
    if (legTable.includes('*'))
      throw new GraphQueryError('UnsupportedUnion', `The union leg '${legTable}' is fuzzy. ${UNION_LIMIT}`);
    return parsePipeline(leg, use);
  });
  for (const leg of legs) {
    const pair = [table, leg.table].sort().join();
    if (leg.table !== table && pair !== 'resourcecontainers,resources')
      throw new GraphQueryError(
        'UnsupportedUnion',
        `The query unions '${table}' with '${leg.table}'. ${UNION_LIMIT}`,
      );
  }
  use.unionLegs += legs.length;
  if (use.unionLegs > 3)
    throw new GraphQueryError(
      'UnsupportedUnion',
      `The query has ${use.unionLegs} union legs. ${UNION_LIMIT}`,
    );
  return (left, tables) =>
    legs.reduce((result, leg) => unionOf(result, runPipeline(leg, tables), inner), left);
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
  const rowsOf = (table: Table, mapping: { from: string; name: string }[]) =>
    table.rows.map((row) => {
      const out: GraphRow = {};
      for (const column of columns) out[column.name] = emptyOf(column.type);
      for (const { from, name } of mapping) if (name in out) out[name] = row[from] ?? out[name];
      return out;
    });
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

/** Where the parenthesis opening `text` closes, outside quotes. */
function closingParenthesis(text: string): number {
  let depth = 0;
  let quote: string | undefined;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quote) {
      if (char === '\\') index++;
      else if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return index;
  }
  throw new GraphQueryError('ParserFailure', 'Unbalanced quotes or parentheses in the query.');
}

/** Runs of whitespace outside quotes become one space: a query may span lines. */
function collapseWhitespace(text: string): string {
  let out = '';
  let quote: string | undefined;
  for (let index = 0; index < text.length; index++) {
    const char = text[index] ?? '';
    if (quote) {
      out += char;
      if (char === '\\') out += text[++index] ?? '';
      else if (char === quote) quote = undefined;
    } else if (/\s/.test(char)) {
      if (!out.endsWith(' ')) out += ' ';
    } else {
      if (char === "'" || char === '"') quote = char;
      out += char;
    }
  }
  return out;
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
