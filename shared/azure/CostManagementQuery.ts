import type { TokenCredential } from '@azure/core-auth';
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
  type Pipeline,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import { ActualCostUnavailableError } from '../app/billing/ActualCostUnavailableError.js';
import type { ActualCostRow, ActualCostSource } from '../app/billing/ActualCostSource.js';
import { ArmThrottledError } from './ArmThrottledError.js';
import { boundedThrottlingPolicy } from './boundedThrottlingPolicy.js';
import { DAY_MS } from '../domain/time.js';

/** The newest stable version of Query_Usage (Microsoft.CostManagement, package-2025-03). */
export const COST_MANAGEMENT_API_VERSION = '2025-03-01';
/** The meter categories of compute: the nodes, and a cluster's tier fee. */
export const COMPUTE_METER_CATEGORIES = ['Virtual Machines', 'Azure Kubernetes Service'];
/** One query asks for at most a month of days (1 QPU each, as Microsoft counts them). */
const CHUNK_DAYS = 31;
const MAX_PAGES = 100;
const MAX_THROTTLED_TRIES = 4;
const DEFAULT_MAX_WAIT_MS = 30_000;
/** The headers Cost Management says how long to wait in (seconds), besides `Retry-After`. */
const RETRY_AFTER_HEADERS = [
  'x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after',
  'x-ms-ratelimit-microsoft.costmanagement-entity-retry-after',
  'x-ms-ratelimit-microsoft.costmanagement-tenant-retry-after',
  'x-ms-ratelimit-microsoft.costmanagement-clienttype-retry-after',
  'retry-after',
];

export interface CostManagementOptions {
  credential: TokenCredential;
  /** `https://management.azure.com` unless another cloud or the fake ARM. */
  endpoint?: string;
  /** Extra CA certificate (PEM) to trust: the fake ARM's. */
  ca?: string;
  /** The longest wait a throttled query may sleep before it gives up (default 30 s). */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  retryDelayInMs?: number;
}

/**
 * The bill, from the Cost Management Query API (docs/savings.md, "Checked against the bill"):
 * `POST {subscription}/providers/Microsoft.CostManagement/query`, `ActualCost` by day, grouped by
 * `ResourceId` and `MeterCategory`, compute meters only, a month at a time; `nextLink` is POSTed
 * again with the same body; a 429 waits for the longest of Cost Management's retry-after headers
 * (QPU, entity, tenant, client type), within `maxWaitMs`. Columns are found by name, not position.
 */
export class CostManagementQuery implements ActualCostSource {
  private readonly pipeline: Pipeline;
  private readonly httpClient: HttpClient;
  private readonly endpoint: string;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: CostManagementOptions) {
    this.endpoint = (options.endpoint ?? 'https://management.azure.com').replace(/\/+$/, '');
    this.pipeline = createPipelineFromOptions({
      ...(options.ca ? { tlsOptions: { ca: options.ca } } : {}),
      retryOptions: {
        maxRetries: 3,
        ...(options.retryDelayInMs !== undefined
          ? { retryDelayInMs: options.retryDelayInMs, maxRetryDelayInMs: options.retryDelayInMs * 8 }
          : {}),
      },
    });
    // A plain `Retry-After` longer than we may wait is not slept by the SDK either (as for ARM).
    this.pipeline.addPolicy(boundedThrottlingPolicy(options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS), {
      afterPhase: 'Retry',
    });
    this.pipeline.addPolicy(
      bearerTokenAuthenticationPolicy({
        credential: options.credential,
        scopes: 'https://management.azure.com/.default',
      }),
    );
    this.httpClient = createDefaultHttpClient();
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async dailyCosts(subscriptionId: string, from: number, to: number): Promise<ActualCostRow[]> {
    const rows: ActualCostRow[] = [];
    for (let start = from; start < to; start += CHUNK_DAYS * DAY_MS)
      rows.push(...(await this.query(subscriptionId, start, Math.min(to, start + CHUNK_DAYS * DAY_MS))));
    return rows;
  }

  private async query(subscriptionId: string, from: number, to: number): Promise<ActualCostRow[]> {
    const body = JSON.stringify({
      type: 'ActualCost',
      timeframe: 'Custom',
      // `to` is inclusive: the last second of the last day.
      timePeriod: { from: new Date(from).toISOString(), to: new Date(to - 1000).toISOString() },
      dataset: {
        granularity: 'Daily',
        aggregation: { totalCost: { name: 'Cost', function: 'Sum' } },
        grouping: [
          { type: 'Dimension', name: 'ResourceId' },
          { type: 'Dimension', name: 'MeterCategory' },
        ],
        filter: {
          dimensions: { name: 'MeterCategory', operator: 'In', values: COMPUTE_METER_CATEGORIES },
        },
      },
    });
    const rows: ActualCostRow[] = [];
    let url: string | undefined =
      `${this.endpoint}/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.CostManagement/query?api-version=${COST_MANAGEMENT_API_VERSION}`;
    for (let page = 0; url; page++) {
      if (page >= MAX_PAGES)
        throw new ActualCostUnavailableError(`the bill of ${subscriptionId} ran past ${MAX_PAGES} pages`);
      const response = await this.post(url, body, subscriptionId);
      if (response.status === 204) return rows;
      const result = readPage(response, subscriptionId);
      rows.push(...result.rows);
      url = result.nextLink ? this.sameHost(result.nextLink) : undefined;
    }
    return rows;
  }

  /** One POST, waiting out throttling as long as Cost Management asks, within `maxWaitMs`. */
  private async post(url: string, body: string, subscriptionId: string): Promise<PipelineResponse> {
    for (let attempt = 1; ; attempt++) {
      let response: PipelineResponse;
      try {
        response = await this.pipeline.sendRequest(
          this.httpClient,
          createPipelineRequest({
            url,
            method: 'POST',
            body,
            headers: createHttpHeaders({ 'content-type': 'application/json' }),
          }),
        );
      } catch (error) {
        if (error instanceof ArmThrottledError)
          throw new ActualCostUnavailableError(
            `Cost Management is throttling this app (asked to wait ${Math.ceil(error.retryAfterMs / 1000)} s); try again later`,
            { cause: error },
          );
        throw new ActualCostUnavailableError(
          `Cost Management could not be reached: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
      if (response.status !== 429) {
        if (response.status === 200 || response.status === 204) return response;
        throw new ActualCostUnavailableError(refusalOf(response, subscriptionId));
      }
      const waitMs = retryAfterMsOf(response);
      if (waitMs > (this.options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS) || attempt >= MAX_THROTTLED_TRIES)
        throw new ActualCostUnavailableError(
          `Cost Management is throttling this app (asked to wait ${Math.ceil(waitMs / 1000)} s); try again later`,
        );
      await this.sleep(waitMs);
    }
  }

  /** A `nextLink` on another host would be sent our token: refused. */
  private sameHost(link: string): string {
    if (new URL(link).origin !== new URL(this.endpoint).origin)
      throw new ActualCostUnavailableError(
        `Cost Management's nextLink points elsewhere (${new URL(link).origin})`,
      );
    return link;
  }
}

/** The longest wait any of Cost Management's headers asks for (seconds), at least a second. */
export function retryAfterMsOf(response: Pick<PipelineResponse, 'headers'>): number {
  const seconds = RETRY_AFTER_HEADERS.map((name) => Number(response.headers.get(name) ?? NaN)).filter(
    (value) => Number.isFinite(value) && value >= 0,
  );
  return Math.max(1, ...seconds) * 1000;
}

function refusalOf(response: PipelineResponse, subscriptionId: string): string {
  const { code, message } = errorOf(response);
  if (response.status === 401 || response.status === 403)
    return `no Cost Management Reader on subscription ${subscriptionId} (${response.status} ${code}: ${message})`;
  return `Cost Management answered ${response.status} ${code}: ${message}`;
}

function errorOf(response: PipelineResponse): { code: string; message: string } {
  try {
    const body = JSON.parse(response.bodyAsText ?? '') as { error?: { code?: string; message?: string } };
    return { code: body.error?.code ?? 'unknown', message: body.error?.message ?? '(no message)' };
  } catch {
    return { code: 'unknown', message: (response.bodyAsText ?? '').slice(0, 200) || '(no body)' };
  }
}

/** `properties.columns` and `rows`: each row an array in the columns' order, found here by name. */
function readPage(
  response: PipelineResponse,
  subscriptionId: string,
): { rows: ActualCostRow[]; nextLink?: string } {
  const unreadable = (why: string) =>
    new ActualCostUnavailableError(`the bill of ${subscriptionId} could not be read: ${why}`);
  let body: unknown;
  try {
    body = JSON.parse(response.bodyAsText ?? '');
  } catch {
    throw unreadable('the answer is not JSON');
  }
  const properties = (body as { properties?: unknown } | null)?.properties as
    { columns?: unknown; rows?: unknown; nextLink?: unknown } | undefined;
  if (!properties || !Array.isArray(properties.columns) || !Array.isArray(properties.rows))
    throw unreadable('no properties.columns and properties.rows');
  const names = properties.columns.map((column: unknown) =>
    String((column as { name?: unknown } | null)?.name ?? '').toLowerCase(),
  );
  const at = (...wanted: string[]) => names.findIndex((name) => wanted.includes(name));
  const columns = {
    cost: at('cost', 'pretaxcost'),
    day: at('usagedate'),
    resourceId: at('resourceid'),
    meterCategory: at('metercategory'),
    currency: at('currency'),
  };
  const missing = Object.entries(columns).find(([, index]) => index < 0);
  if (missing) throw unreadable(`no ${missing[0]} column among ${names.join(', ')}`);
  const rows = properties.rows.map((row: unknown): ActualCostRow => {
    if (!Array.isArray(row)) throw unreadable('a row is not an array');
    const cost = Number(row[columns.cost]);
    const day = dayOf(row[columns.day]);
    if (!Number.isFinite(cost) || day === undefined)
      throw unreadable(
        `a row has cost ${String(row[columns.cost])} and UsageDate ${String(row[columns.day])}`,
      );
    return {
      day,
      cost,
      resourceId: String(row[columns.resourceId] ?? ''),
      meterCategory: String(row[columns.meterCategory] ?? ''),
      currency: String(row[columns.currency] ?? ''),
    };
  });
  const nextLink =
    typeof properties.nextLink === 'string' && properties.nextLink ? properties.nextLink : undefined;
  return nextLink ? { rows, nextLink } : { rows };
}

/** `UsageDate`: a number like 20261201 (documented), or an ISO date some versions send. */
function dayOf(value: unknown): number | undefined {
  const text = String(value ?? '');
  const match = /^(\d{4})-?(\d{2})-?(\d{2})/.exec(text);
  if (!match) return undefined;
  const day = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isFinite(day) ? day : undefined;
}
