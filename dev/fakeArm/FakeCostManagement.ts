import { randomUUID } from 'node:crypto';
import { ArmError } from './ArmError.js';
import type { BillRow, FakeBill } from './FakeBill.js';

/**
 * Cost Management's Query API (Query_Usage) on the fake ARM, as Microsoft documents it:
 * `POST {scope}/providers/Microsoft.CostManagement/query?api-version=…` with a QueryDefinition
 * body (`type`, `timeframe`, `timePeriod`, `dataset` with `granularity`, `aggregation`, `grouping`,
 * `filter`), answered with `properties.columns` and `properties.rows` (each row an array in the
 * columns' order: aggregations, then groupings, then `UsageDate` as a number yyyymmdd, then
 * `Currency`), paged with `properties.nextLink` (to be POSTed with the same body; like the official
 * example, it carries an older api-version) and `$top`; 204 when the scope has no usage at all.
 *
 * Throttling, from "Manage costs with automation": query processing units (QPU) per tenant, 1 QPU
 * per month of data asked for, at most 12 per 10 s, 60 per minute and 600 per hour; every answer
 * carries `x-ms-ratelimit-microsoft.costmanagement-qpu-consumed` and `-qpu-remaining`, and a query
 * past a quota is answered 429 with `x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after`
 * (seconds) and no `Retry-After`. Requests per scope (the "entity") are limited too (429 with
 * `x-ms-ratelimit-microsoft.costmanagement-entity-retry-after`). The bill is `FakeBill`'s.
 */
export interface CostManagementLimits {
  /** QPU quotas: [units, window in ms]. */
  qpu: [number, number][];
  /** Requests per scope in a window. */
  entity: [number, number];
}

export const COST_MANAGEMENT_LIMITS: CostManagementLimits = {
  qpu: [
    [12, 10_000],
    [60, 60_000],
    [600, 3_600_000],
  ],
  entity: [30, 60_000],
};

const DAY_MS = 86_400_000;
const TYPES = ['Usage', 'ActualCost', 'AmortizedCost'];
const TIMEFRAMES = [
  'MonthToDate',
  'BillingMonthToDate',
  'TheLastMonth',
  'TheLastBillingMonth',
  'WeekToDate',
  'Custom',
];
const COST_COLUMNS = ['Cost', 'PreTaxCost', 'CostUSD', 'PreTaxCostUSD', 'UsageQuantity'];
const DIMENSIONS: Record<string, (row: BillRow) => string> = {
  resourceid: (row) => row.resourceId,
  resourcegroup: (row) => row.resourceGroup,
  resourcegroupname: (row) => row.resourceGroup,
  resourcetype: (row) => row.resourceType,
  resourcelocation: (row) => row.resourceLocation,
  metercategory: (row) => row.meterCategory,
  meter: (row) => row.meter,
  servicename: (row) => row.meterCategory,
  subscriptionid: (row) => row.subscriptionId,
  chargetype: () => 'Usage',
};

interface Query {
  from: number;
  to: number;
  daily: boolean;
  aggregations: { column: string; source: string }[];
  grouping: string[];
  filter?: (row: BillRow) => boolean;
}

export class FakeCostManagement {
  private readonly used: { at: number; units: number; principal: string }[] = [];
  private readonly scopeRequests: { at: number; scope: string }[] = [];
  /** Queries answered (pages included) and 429s, for tests. */
  readonly counts = { queries: 0, throttled: 0 };

  constructor(
    readonly bill: FakeBill,
    private readonly options: {
      baseUrl: () => string;
      now: () => number;
      /** The clock of the quotas (real time unless a test says otherwise). */
      throttleClock: () => number;
      limits?: CostManagementLimits;
      pageSize?: number;
    },
  ) {}

  /** Query_Usage at `scope` (`/subscriptions/{id}` or a resource group in it). */
  query(
    scope: { subscriptionId: string; resourceGroup?: string },
    body: unknown,
    url: URL,
    principal: string,
  ): { status: number; body?: unknown; headers: Record<string, string> } {
    if (!this.bill.recording)
      throw new ArmError(
        403,
        'AuthorizationFailed',
        `The client does not have authorization to perform action 'Microsoft.CostManagement/query/read' over scope '/subscriptions/${scope.subscriptionId}' or the scope is invalid.`,
      );
    const query = this.parse(body);
    const scopeKey =
      `/subscriptions/${scope.subscriptionId}${scope.resourceGroup ? `/resourcegroups/${scope.resourceGroup}` : ''}`.toLowerCase();
    const units = Math.max(1, Math.ceil((query.to - query.from) / (31 * DAY_MS)));
    const headers = this.takeQuota(principal, scopeKey, units);
    this.counts.queries++;
    const rows = this.bill
      .rows(query.from, query.to)
      .filter(
        (row) =>
          row.subscriptionId.toLowerCase() === scope.subscriptionId.toLowerCase() &&
          (!scope.resourceGroup || row.resourceGroup === scope.resourceGroup.toLowerCase()) &&
          (!query.filter || query.filter(row)),
      );
    if (rows.length === 0 && !url.searchParams.has('$skiptoken')) return { status: 204, headers };
    const table = this.table(query, rows);
    const top = Math.min(Number(url.searchParams.get('$top') ?? this.options.pageSize ?? 1000) || 1000, 5000);
    const skip = Number(Buffer.from(url.searchParams.get('$skiptoken') ?? '', 'base64').toString() || 0) || 0;
    const page = table.rows.slice(skip, skip + top);
    let nextLink: string | null = null;
    if (skip + top < table.rows.length) {
      // Like the official example's link: absolute, with an older api-version than the one asked.
      const next = new URL(`${scopeKey}/providers/Microsoft.CostManagement/query`, this.options.baseUrl());
      next.searchParams.set('api-version', '2021-10-01');
      if (url.searchParams.has('$top')) next.searchParams.set('$top', String(top));
      next.searchParams.set('$skiptoken', Buffer.from(String(skip + top)).toString('base64'));
      nextLink = next.toString();
    }
    const id = randomUUID();
    return {
      status: 200,
      headers,
      body: {
        id: `${scopeKey}/providers/Microsoft.CostManagement/query/${id}`,
        name: id,
        type: 'microsoft.costmanagement/Query',
        properties: { nextLink, columns: table.columns, rows: page },
      },
    };
  }

  private takeQuota(principal: string, scope: string, units: number): Record<string, string> {
    const now = this.options.throttleClock();
    const limits = this.options.limits ?? COST_MANAGEMENT_LIMITS;
    const longest = Math.max(...limits.qpu.map(([, windowMs]) => windowMs), limits.entity[1]);
    while (this.used.length > 0 && now - (this.used[0]?.at ?? now) >= longest) this.used.shift();
    while (this.scopeRequests.length > 0 && now - (this.scopeRequests[0]?.at ?? now) >= longest)
      this.scopeRequests.shift();
    const remaining = limits.qpu.map(([limit, windowMs]) => {
      const inWindow = this.used.filter((use) => use.principal === principal && now - use.at < windowMs);
      const spent = inWindow.reduce((sum, use) => sum + use.units, 0);
      const oldest = inWindow[0]?.at ?? now;
      return { limit, windowMs, left: limit - spent, resetsInMs: oldest + windowMs - now };
    });
    const remainingText = (spent: number) =>
      remaining.map((quota) => `${quotaName(quota.windowMs)}:${Math.max(0, quota.left - spent)}`).join(',');
    const blocked = remaining.filter((quota) => quota.left < units);
    if (blocked.length > 0) {
      this.counts.throttled++;
      throw new ArmError(429, '429', 'Too many requests. Please retry.', {
        'x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after': String(
          Math.max(...blocked.map((quota) => Math.ceil(quota.resetsInMs / 1000))),
        ),
        'x-ms-ratelimit-microsoft.costmanagement-qpu-consumed': '0',
        'x-ms-ratelimit-microsoft.costmanagement-qpu-remaining': remainingText(0),
      });
    }
    const [entityLimit, entityWindowMs] = limits.entity;
    const scopeUses = this.scopeRequests.filter(
      (use) => use.scope === scope && now - use.at < entityWindowMs,
    );
    if (scopeUses.length >= entityLimit) {
      this.counts.throttled++;
      throw new ArmError(429, '429', 'Too many requests. Please retry.', {
        'x-ms-ratelimit-microsoft.costmanagement-entity-retry-after': String(
          Math.ceil(((scopeUses[0]?.at ?? now) + entityWindowMs - now) / 1000),
        ),
        'x-ms-ratelimit-remaining-microsoft.costmanagement-entity-requests': 'DefaultQuota:0',
      });
    }
    this.used.push({ at: now, units, principal });
    this.scopeRequests.push({ at: now, scope });
    return {
      'x-ms-ratelimit-microsoft.costmanagement-qpu-consumed': String(units),
      'x-ms-ratelimit-microsoft.costmanagement-qpu-remaining': remainingText(units),
      'x-ms-ratelimit-remaining-microsoft.costmanagement-entity-requests': `DefaultQuota:${entityLimit - scopeUses.length - 1}`,
    };
  }

  /** The QueryDefinition, checked as the service checks it: 400 naming what is wrong. */
  private parse(body: unknown): Query {
    const bad = (message: string) => new ArmError(400, 'BadRequest', message);
    if (!isRecord(body)) throw bad('Invalid query definition: the request body is missing or not JSON.');
    const type = enumOf(body['type'], TYPES);
    if (!type)
      throw bad(`Invalid query type '${String(body['type'])}'; expected one of ${TYPES.join(', ')}.`);
    const timeframe = enumOf(body['timeframe'], TIMEFRAMES);
    if (!timeframe)
      throw bad(
        `Invalid timeframe '${String(body['timeframe'])}'; expected one of ${TIMEFRAMES.join(', ')}.`,
      );
    const { from, to } = this.periodOf(timeframe, body['timePeriod'], bad);
    const dataset = body['dataset'];
    if (dataset !== undefined && !isRecord(dataset)) throw bad('Invalid dataset.');
    const granularity = dataset?.['granularity'];
    if (granularity !== undefined && !enumOf(granularity, ['Daily', 'None', 'Monthly']))
      throw bad(`Invalid granularity '${String(granularity)}'.`);
    const aggregations = Object.entries(isRecord(dataset?.['aggregation']) ? dataset['aggregation'] : {}).map(
      ([alias, aggregation]) => {
        const column = isRecord(aggregation) ? enumOf(aggregation['name'], COST_COLUMNS) : undefined;
        if (!column || !isRecord(aggregation) || enumOf(aggregation['function'], ['Sum']) !== 'Sum')
          throw bad(
            `Invalid aggregation '${alias}': name must be one of ${COST_COLUMNS.join(', ')} and function Sum.`,
          );
        return { column, source: column };
      },
    );
    const groupingList = dataset?.['grouping'] ?? [];
    if (!Array.isArray(groupingList) || groupingList.length > 2)
      throw bad('Invalid grouping: at most 2 groupings are allowed.');
    const grouping = groupingList.map((group: unknown) => {
      if (!isRecord(group) || enumOf(group['type'], ['Dimension', 'TagKey']) !== 'Dimension')
        throw bad('Invalid grouping: type must be Dimension (the fake has no tags on its bill).');
      const name = String(group['name'] ?? '');
      if (!DIMENSIONS[name.toLowerCase()]) throw bad(`Invalid dimension '${name}' for grouping.`);
      return name;
    });
    const filter = dataset?.['filter'] === undefined ? undefined : filterOf(dataset['filter'], bad);
    return {
      from,
      to,
      daily: enumOf(granularity, ['Daily']) === 'Daily',
      aggregations: aggregations.length > 0 ? aggregations : [{ column: 'Cost', source: 'Cost' }],
      grouping,
      ...(filter ? { filter } : {}),
    };
  }

  private periodOf(
    timeframe: string,
    timePeriod: unknown,
    bad: (message: string) => ArmError,
  ): { from: number; to: number } {
    const now = this.options.now();
    const today = Math.floor(now / DAY_MS) * DAY_MS;
    const month = new Date(today);
    const monthStart = Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), 1);
    switch (timeframe) {
      case 'Custom': {
        if (!isRecord(timePeriod)) throw bad('timePeriod is required when timeframe is Custom.');
        const from = Date.parse(String(timePeriod['from']));
        const to = Date.parse(String(timePeriod['to']));
        if (Number.isNaN(from) || Number.isNaN(to))
          throw bad(
            `Invalid timePeriod: from '${String(timePeriod['from'])}' and to '${String(timePeriod['to'])}' must be ISO 8601 date-times.`,
          );
        if (from > to) throw bad('Invalid timePeriod: from must not be after to.');
        if (to - from > 366 * DAY_MS) throw bad('Invalid timePeriod: the period must not exceed one year.');
        // `to` is inclusive: its whole day is in.
        return { from: Math.floor(from / DAY_MS) * DAY_MS, to: Math.floor(to / DAY_MS) * DAY_MS + DAY_MS };
      }
      case 'TheLastMonth':
      case 'TheLastBillingMonth': {
        const last = new Date(monthStart);
        return { from: Date.UTC(last.getUTCFullYear(), last.getUTCMonth() - 1, 1), to: monthStart };
      }
      case 'WeekToDate':
        return { from: today - new Date(today).getUTCDay() * DAY_MS, to: today + DAY_MS };
      default:
        return { from: monthStart, to: today + DAY_MS };
    }
  }

  private table(
    query: Query,
    rows: BillRow[],
  ): { columns: { name: string; type: string }[]; rows: unknown[][] } {
    const groups = new Map<string, { keys: string[]; day: number; values: number[]; currency: string }>();
    for (const row of rows) {
      const keys = query.grouping.map((name) => DIMENSIONS[name.toLowerCase()]?.(row) ?? '');
      const day = query.daily ? row.day : 0;
      const key = JSON.stringify([keys, day]);
      const group = groups.get(key) ?? {
        keys,
        day,
        values: query.aggregations.map(() => 0),
        currency: this.bill.currency,
      };
      query.aggregations.forEach((aggregation, index) => {
        group.values[index] =
          (group.values[index] ?? 0) + valueOf(aggregation.source, row, this.bill.currency);
      });
      groups.set(key, group);
    }
    return {
      columns: [
        ...query.aggregations.map((aggregation) => ({ name: aggregation.column, type: 'Number' })),
        ...query.grouping.map((name) => ({ name, type: 'String' })),
        ...(query.daily ? [{ name: 'UsageDate', type: 'Number' }] : []),
        { name: 'Currency', type: 'String' },
      ],
      rows: [...groups.values()]
        .sort((a, b) => a.day - b.day || a.keys.join().localeCompare(b.keys.join()))
        .map((group) => [
          ...group.values,
          ...group.keys,
          ...(query.daily ? [yyyymmdd(group.day)] : []),
          query.aggregations.every((aggregation) => aggregation.source.endsWith('USD'))
            ? 'USD'
            : group.currency,
        ]),
    };
  }
}

function valueOf(source: string, row: BillRow, currency: string): number {
  if (source === 'UsageQuantity') return row.quantity;
  // The fake's rates are fixed; USD columns convert back with them.
  return source.endsWith('USD') && currency !== 'USD' ? row.cost / usdRate(currency) : row.cost;
}

function usdRate(currency: string): number {
  return { EUR: 0.9, GBP: 0.8, JPY: 150, CHF: 0.9, AUD: 1.5 }[currency] ?? 1;
}

/** `dimensions` with operator `In`, joined by `and`/`or`, as the examples write them. */
function filterOf(filter: unknown, bad: (message: string) => ArmError): (row: BillRow) => boolean {
  if (!isRecord(filter)) throw bad('Invalid filter.');
  if (Array.isArray(filter['and'])) {
    const parts = filter['and'].map((part: unknown) => filterOf(part, bad));
    return (row) => parts.every((part) => part(row));
  }
  if (Array.isArray(filter['or'])) {
    const parts = filter['or'].map((part: unknown) => filterOf(part, bad));
    return (row) => parts.some((part) => part(row));
  }
  const dimensions = filter['dimensions'];
  if (!isRecord(dimensions)) throw bad('Invalid filter: only dimensions, and, or are supported by the fake.');
  const read = DIMENSIONS[String(dimensions['name'] ?? '').toLowerCase()];
  const values = dimensions['values'];
  if (!read || enumOf(dimensions['operator'], ['In']) !== 'In' || !Array.isArray(values))
    throw bad(`Invalid filter on dimension '${String(dimensions['name'])}'.`);
  const wanted = new Set(values.map((value) => String(value).toLowerCase()));
  return (row) => wanted.has(read(row).toLowerCase());
}

function quotaName(windowMs: number): string {
  return windowMs === 10_000
    ? 'QueriesPer10Sec'
    : windowMs === 60_000
      ? 'QueriesPerMin'
      : windowMs === 3_600_000
        ? 'QueriesPerHour'
        : `QueriesPer${windowMs}ms`;
}

function yyyymmdd(day: number): number {
  const date = new Date(day);
  return date.getUTCFullYear() * 10_000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate();
}

function enumOf(value: unknown, allowed: readonly string[]): string | undefined {
  return typeof value === 'string'
    ? allowed.find((item) => item.toLowerCase() === value.toLowerCase())
    : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
