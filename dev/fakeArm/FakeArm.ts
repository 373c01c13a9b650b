import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { ArmError } from './ArmError.js';
import type { AksMaintenanceBehaviour } from './FakeAksMaintenance.js';
import { FakeArmState, scaleSetId } from './FakeArmState.js';
import { FakeBill } from './FakeBill.js';
import { FakeCostManagement, type CostManagementLimits } from './FakeCostManagement.js';
import type { PowerCode } from './FakeFleetModel.js';
import { GraphQuery, type GraphResult } from './GraphQuery.js';
import {
  clusterJson,
  computeResourcesTableRows,
  instanceViewJson,
  operationPath,
  operationResultPath,
  operationStatusJson,
  poolJson,
  resourcesTableRows,
  scaleSetJson,
  scaleSetVmsJson,
  vmJson,
} from './resourceShapes.js';
import { kubernetesVersionsJson } from './kubernetesVersions.js';
import {
  clusterUpgradeProfileJson,
  maintenanceConfigurationJson,
  poolUpgradeProfileJson,
} from './maintenanceShapes.js';
import { QuotaWindow } from './QuotaWindow.js';
import { TokenBucket } from './TokenBucket.js';

export interface ThrottleLimits {
  readCapacity: number;
  readsPerSecond: number;
  writeCapacity: number;
  writesPerSecond: number;
}

/**
 * ARM's documented limits per subscription, principal and kind of operation (token buckets, since
 * 2024): reads 250 then 25/s, writes 200 then 10/s.
 */
export const ARM_LIMITS: ThrottleLimits = {
  readCapacity: 250,
  readsPerSecond: 25,
  writeCapacity: 200,
  writesPerSecond: 10,
};

export interface FakeArmOptions {
  operationDurationMs?: number;
  /** How long one operation takes, when it varies; `operationDurationMs` otherwise. */
  operationDurationFor?: (resourceId: string, startedAt: number) => number;
  /** Added before every answer, like a trip to a distant region. */
  latencyMs?: number;
  /** The fake's clock; the default is real time. */
  clock?: () => number;
  throttle?: ThrottleLimits;
  /**
   * The clock of the throttling buckets (default real time) and of Resource Graph's quota window
   * (default the fake's clock, so a simulated week's ticks, minutes apart, each find a fresh window).
   */
  throttleClock?: () => number;
  /** Resource Graph's quota per user (default 15 queries per 5 s window, as documented). */
  graphQuota?: { limit: number; windowMs: number };
  autoscalerLostOnStart?: boolean;
  /**
   * AKS's own maintenance (FakeAksMaintenance.ts): given, AKS upgrades clusters and node images by
   * itself per channel and maintenance window (`automatic` defaults to true then); absent, nothing
   * upgrades on its own, as before.
   */
  maintenance?: Partial<AksMaintenanceBehaviour>;
  /** Items per page of the lists that page with `nextLink` (maintenance configurations); default 100. */
  pageSize?: number;
  lroStyle?: LroStyle;
  /** Faults at random on this share of requests (for the faulted-week benchmark). */
  randomFaults?: RandomFaults;
  /**
   * The bill Cost Management's Query API serves (FakeBill.ts, FakeCostManagement.ts). Absent, the
   * fake's identity has no Cost Management Reader (the role is optional): the Query API answers 403.
   */
  billing?: { currency?: string; pageSize?: number; limits?: CostManagementLimits };
  /**
   * Resource Graph also holds what AKS keeps in each cluster's node resource group: the pools' scale
   * sets, the load balancer, its public IPs, persistent volumes' disks (nodeResourceGroupRows.ts).
   * Off by default: the fleet benchmarks' thousands of pools would add rows no query of theirs reads.
   */
  nodeResourceGroups?: boolean;
}

/**
 * The kinds of fault Microsoft documents, drawn at random: `throttled-long` (429, Retry-After
 * 1200 s, Compute's example), `throttled-short` (429, a short Retry-After), `server-error` (500/503
 * without Retry-After), `dropped` (the connection closes before ARM acts), `lost-answer` (ARM acts,
 * the answer is lost; writes only), `conflict` (409 from another operation; writes only),
 * `graph-quota` (Resource Graph's 429 with only its quota headers).
 */
export type RandomFaultKind =
  | 'throttled-long'
  | 'throttled-short'
  | 'server-error'
  | 'dropped'
  | 'lost-answer'
  | 'conflict'
  | 'graph-quota';

export interface RandomFaults {
  /** Share of requests faulted, 0 to 1. */
  rate: number;
  /** Seed of the deterministic random sequence. */
  seed: number;
}

/**
 * How a long-running operation is announced (ARM's async operation contract allows each):
 * `async-and-location` both headers; `location` a `Location` header only (202 while running, then
 * 200/204, or the error status when it failed); `none` no header at all, where an agent pool PUT
 * answers 200/201 with `provisioningState` in the body and the resource itself is polled. POST
 * actions always carry `Location`.
 */
export type LroStyle = 'async-and-location' | 'location' | 'none';

/** A failure to answer with, for requests whose method and path match, `times` times. */
export interface Fault {
  method?: string;
  path: RegExp;
  times?: number;
  status?: number;
  code?: string;
  message?: string;
  /** Sent as `Retry-After` (rounded up to seconds) and `retry-after-ms`. */
  retryAfterMs?: number;
  /** Close the connection without an answer. */
  dropConnection?: boolean;
  /** With `dropConnection`: carry the request out first, then drop the answer (the change happened). */
  afterApplying?: boolean;
  /** Extra response headers, e.g. Resource Graph's `x-ms-user-quota-remaining` without `Retry-After`. */
  headers?: Record<string, string>;
  delayMs?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
}

type Handler = (
  match: RegExpExecArray,
  body: unknown,
  url: URL,
  /** Who asks (the fake tells principals apart by their token). */
  principal: string,
) => { status: number; body?: unknown; headers?: Record<string, string> };

const SUB = '/subscriptions/([^/]+)';
const RG = `${SUB}/resourceGroups/([^/]+)`;
const AKS = `${RG}/providers/Microsoft\\.ContainerService/managedClusters`;
const VMSS = `${RG}/providers/Microsoft\\.Compute/virtualMachineScaleSets`;

/**
 * A fake Azure Resource Manager over HTTPS for the real SDK clients: AKS agent pools and clusters,
 * their maintenance configurations, upgrade profiles and Kubernetes versions, VM scale sets,
 * long-running operations, Resource Graph, per-subscription throttling, injectable
 * faults and request counts. Used by the tests, the benchmarks and the local demo.
 */
export class FakeArm {
  readonly state: FakeArmState;
  /** What the fleet's compute costs, as Cost Management's Query API serves it. */
  readonly bill: FakeBill;
  readonly costManagement: FakeCostManagement;
  readonly requests: RecordedRequest[] = [];
  private readonly faults: Fault[] = [];
  private readonly inFlight = new Map<string, number>();
  /** The most requests seen at once per subscription, to check a client's concurrency bound. */
  readonly peakInFlight = new Map<string, number>();
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly graphQuotas = new Map<string, QuotaWindow>();
  /** Requests answered 429 by the limits (not by injected faults), by kind. */
  readonly throttled = { read: 0, write: 0, graph: 0 };
  private readonly routes: { method: string; pattern: RegExp; handle: Handler }[];
  private server!: Server;
  url = '';
  ca = '';
  /** How long-running operations are announced from now on; tests switch it between requests. */
  lroStyle: LroStyle;
  /** Random faults answered so far, by kind. */
  readonly randomFaultCounts = new Map<RandomFaultKind, number>();
  private readonly random: (() => number) | undefined;

  private constructor(private readonly options: FakeArmOptions) {
    this.state = new FakeArmState(options.clock ?? Date.now, {
      operationDurationMs: options.operationDurationMs ?? 1000,
      ...(options.operationDurationFor ? { operationDurationFor: options.operationDurationFor } : {}),
      autoscalerLostOnStart: options.autoscalerLostOnStart ?? false,
      ...(options.maintenance ? { maintenance: options.maintenance } : {}),
    });
    this.bill = new FakeBill(this.state, options.billing?.currency, options.billing !== undefined);
    this.costManagement = new FakeCostManagement(this.bill, {
      baseUrl: () => this.url,
      now: this.state.now,
      throttleClock: options.throttleClock ?? Date.now,
      ...(options.billing?.limits ? { limits: options.billing.limits } : {}),
      ...(options.billing?.pageSize ? { pageSize: options.billing.pageSize } : {}),
    });
    this.routes = this.buildRoutes();
    this.lroStyle = options.lroStyle ?? 'async-and-location';
    if (options.randomFaults) this.random = seededRandom(options.randomFaults.seed);
  }

  static async start(options: FakeArmOptions = {}): Promise<FakeArm> {
    const fake = new FakeArm(options);
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
      keyType: 'ec',
      extensions: [
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
          ],
        },
      ],
    });
    fake.ca = pems.cert;
    fake.server = createServer(
      { key: pems.private, cert: pems.cert, keepAlive: true },
      (request, response) => void fake.handle(request, response),
    );
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `https://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  injectFault(fault: Fault): void {
    this.faults.push({ times: 1, ...fault });
  }

  /** Requests seen, optionally only those with a method and a path matching. */
  count(method?: string, path?: RegExp): number {
    return this.requests.filter(
      (request) => (!method || request.method === method) && (!path || path.test(request.path)),
    ).length;
  }

  resetCounts(): void {
    this.requests.length = 0;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const subscription = /^\/subscriptions\/([^/]+)/i.exec(request.url ?? '')?.[1]?.toLowerCase() ?? '';
    const current = (this.inFlight.get(subscription) ?? 0) + 1;
    this.inFlight.set(subscription, current);
    this.peakInFlight.set(subscription, Math.max(current, this.peakInFlight.get(subscription) ?? 0));
    try {
      await this.answer(request, response);
    } finally {
      this.inFlight.set(subscription, (this.inFlight.get(subscription) ?? 1) - 1);
    }
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    const method = request.method ?? 'GET';
    this.requests.push({ method, path: url.pathname });
    const body = await readJson(request);
    if (this.options.latencyMs) await sleep(this.options.latencyMs);
    const fault = this.takeFault(method, url.pathname) ?? this.randomFault(method, url.pathname);
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.dropConnection && !fault.afterApplying) {
      request.socket.destroy();
      return;
    }
    if (fault?.status) {
      send(
        response,
        fault.status,
        new ArmError(
          fault.status,
          fault.code ?? 'InjectedFault',
          fault.message ?? 'injected by the test',
        ).body(),
        { ...retryHeaders(fault.retryAfterMs), ...fault.headers },
      );
      return;
    }
    let limitHeaders: Record<string, string> = {};
    try {
      limitHeaders = this.checkRequest(request, url, method);
      const answer = this.route(method, url, body, request.headers.authorization ?? '');
      // Reads change nothing (a change completing is foreseen when it begins).
      if (method !== 'GET') this.state.changed();
      if (fault?.afterApplying) {
        // Azure did the work; the answer is lost on the way back.
        request.socket.destroy();
        return;
      }
      send(response, answer.status, answer.body, { ...limitHeaders, ...answer.headers, ...fault?.headers });
    } catch (error) {
      if (!(error instanceof ArmError)) throw error;
      send(response, error.status, error.body(), {
        ...(error.headers ?? limitHeaders),
        ...(error.status === 429 && !error.headers
          ? armRetryAfter(Number(error.message.match(/(\d+) ms/)?.[1] ?? 1000))
          : {}),
      });
    }
  }

  private takeFault(method: string, path: string): Fault | undefined {
    const index = this.faults.findIndex(
      (fault) => (!fault.method || fault.method === method) && fault.path.test(path),
    );
    const fault = this.faults[index];
    if (!fault) return undefined;
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) this.faults.splice(index, 1);
    return fault;
  }

  private randomFault(method: string, path: string): Fault | undefined {
    const rate = this.options.randomFaults?.rate ?? 0;
    if (!this.random || this.random() >= rate) return undefined;
    const graph = /resourcegraph/i.test(path);
    const write = method !== 'GET' && !graph;
    const kinds: RandomFaultKind[] = graph
      ? ['graph-quota', 'server-error', 'dropped', 'throttled-short']
      : [
          'throttled-long',
          'throttled-short',
          'server-error',
          'dropped',
          ...(write ? (['lost-answer', 'conflict'] as const) : []),
        ];
    const kind = kinds[Math.floor(this.random() * kinds.length)] ?? 'server-error';
    this.randomFaultCounts.set(kind, (this.randomFaultCounts.get(kind) ?? 0) + 1);
    switch (kind) {
      case 'throttled-long':
        return { path: /./, status: 429, code: 'TooManyRequests', retryAfterMs: 1_200_000 };
      case 'throttled-short':
        return { path: /./, status: 429, code: 'TooManyRequests', retryAfterMs: 20 };
      case 'server-error':
        return { path: /./, status: this.random() < 0.5 ? 500 : 503, code: 'InternalServerError' };
      case 'dropped':
        return { path: /./, dropConnection: true };
      case 'lost-answer':
        return { path: /./, dropConnection: true, afterApplying: true };
      case 'conflict':
        return {
          path: /./,
          status: 409,
          code: 'OperationNotAllowed',
          message:
            'Operation is not allowed because there is an in progress upgrade operation. Please wait for it to finish.',
        };
      case 'graph-quota':
        return {
          path: /./,
          status: 429,
          code: 'RateLimiting',
          message: 'Client application has been throttled',
          headers: { 'x-ms-user-quota-remaining': '0', 'x-ms-user-quota-resets-after': '00:00:01' },
        };
    }
  }

  /** Authentication, api-version and the limits; returns the limit headers for the answer. */
  private checkRequest(request: IncomingMessage, url: URL, method: string): Record<string, string> {
    if (!/^Bearer \S+/.test(request.headers.authorization ?? ''))
      throw new ArmError(
        401,
        'AuthenticationFailed',
        'Authentication failed. The Authorization header is missing.',
      );
    if (!url.searchParams.get('api-version'))
      throw new ArmError(
        400,
        'MissingApiVersionParameter',
        'The api-version query parameter (?api-version=) is required for all requests.',
      );
    // The fake's tokens name no one; a principal is told apart by its token.
    const principal = request.headers.authorization ?? '';
    if (/^\/providers\/Microsoft\.ResourceGraph\//i.test(url.pathname))
      return this.takeGraphQuota(
        principal,
        (this.options.throttleClock ?? this.state.now.bind(this.state))(),
      );
    const now = (this.options.throttleClock ?? Date.now)();
    const subscription = /^\/subscriptions\/([^/]+)/i.exec(url.pathname)?.[1]?.toLowerCase();
    if (!subscription) return {};
    const kind = method === 'GET' ? 'read' : 'write';
    const limits = this.options.throttle ?? ARM_LIMITS;
    const key = `${subscription}:${principal}:${kind}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket =
        kind === 'read'
          ? new TokenBucket(limits.readCapacity, limits.readsPerSecond, now)
          : new TokenBucket(limits.writeCapacity, limits.writesPerSecond, now);
      this.buckets.set(key, bucket);
    }
    const token = bucket.take(now);
    if (!token.ok) {
      this.throttled[kind]++;
      throw new ArmError(
        429,
        'TooManyRequests',
        `Too many ${kind}s for subscription ${subscription}; retry after ${token.retryAfterMs} ms`,
      );
    }
    return { [`x-ms-ratelimit-remaining-subscription-${kind}s`]: String(token.remaining) };
  }

  /** Resource Graph's quota: every answer carries it; past it, 429 with the same headers and no Retry-After. */
  private takeGraphQuota(principal: string, now: number): Record<string, string> {
    const { limit, windowMs } = this.options.graphQuota ?? { limit: 15, windowMs: 5000 };
    let quota = this.graphQuotas.get(principal);
    if (!quota) {
      quota = new QuotaWindow(limit, windowMs);
      this.graphQuotas.set(principal, quota);
    }
    const taken = quota.take(now);
    if (taken.ok) return taken.headers;
    this.throttled.graph++;
    throw new ArmError(
      429,
      'RateLimiting',
      'Please provide below info when asking for support: timestamp, correlationId. Client application has been throttled and should not attempt to repeat the request until an amount of time has elapsed.',
      taken.headers,
    );
  }

  private route(method: string, url: URL, body: unknown, principal: string): ReturnType<Handler> {
    for (const route of this.routes) {
      const match = route.method === method ? route.pattern.exec(url.pathname) : null;
      if (match) return route.handle(match, body, url, principal);
    }
    throw new ArmError(404, 'NoRegisteredProviderFound', `No fake route for ${method} ${url.pathname}`);
  }

  private lroHeaders(
    operation: { id: string } | undefined,
    resultPath: 'operations' | 'operationresults',
    forPut = false,
  ): Record<string, string> {
    if (!operation) return {};
    const found = this.state.operations.get(operation.id);
    if (!found) return {};
    const asyncUrl = `${this.url}${operationPath(found)}?api-version=2026-04-01`;
    const locationUrl =
      resultPath === 'operations'
        ? `${asyncUrl}&monitor=true`
        : `${this.url}${operationResultPath(found)}?api-version=2026-04-01`;
    if (this.lroStyle === 'location' || (this.lroStyle === 'none' && !forPut))
      return { Location: locationUrl, 'Retry-After': '1', 'retry-after-ms': '50' };
    if (this.lroStyle === 'none') return {};
    return {
      'Azure-AsyncOperation': asyncUrl,
      Location: locationUrl,
      'Retry-After': '1',
      'retry-after-ms': '50',
    };
  }

  private buildRoutes(): { method: string; pattern: RegExp; handle: Handler }[] {
    const state = this.state;
    const route = (method: string, path: string, handle: Handler) => ({
      method,
      pattern: new RegExp(`^${path}$`, 'i'),
      handle,
    });
    return [
      route('GET', `${AKS}/([^/]+)/agentPools`, ([, s, rg, c]) => {
        const cluster = state.cluster(s ?? '', rg ?? '', c ?? '');
        return {
          status: 200,
          body: { value: [...cluster.pools.values()].map((pool) => poolJson(cluster, pool)) },
        };
      }),
      route('GET', `${AKS}/([^/]+)/agentPools/([^/]+)`, ([, s, rg, c, p]) => {
        const cluster = state.cluster(s ?? '', rg ?? '', c ?? '');
        return { status: 200, body: poolJson(cluster, state.pool(cluster, p ?? '')) };
      }),
      route('PUT', `${AKS}/([^/]+)/agentPools/([^/]+)`, ([, s, rg, c, p], body) => {
        const cluster = state.cluster(s ?? '', rg ?? '', c ?? '');
        const pool = state.pool(cluster, p ?? '');
        const properties = ((body as { properties?: Record<string, unknown> } | undefined)?.properties ??
          {}) as Record<string, unknown>;
        const code = (properties['powerState'] as { code?: string } | undefined)?.code;
        if (code && code !== pool.powerState) {
          if (code !== 'Running' && code !== 'Stopped')
            throw new ArmError(
              400,
              'InvalidParameter',
              `powerState.code must be Running or Stopped, not ${code}`,
            );
          const operation = state.changePoolPower(cluster, pool, code as PowerCode);
          return {
            // AgentPools_CreateOrUpdate documents 200 and 201; without headers the body's provisioningState says "under way".
            status: this.lroStyle === 'none' ? 201 : 200,
            body: poolJson(cluster, pool),
            headers: this.lroHeaders(operation, 'operations', true),
          };
        }
        state.updatePoolScale(cluster, pool, pickScale(properties));
        return { status: 200, body: poolJson(cluster, pool) };
      }),
      ...this.maintenanceRoutes(route),
      route('GET', `${SUB}/providers/Microsoft\\.ContainerService/managedClusters`, ([, s]) => ({
        status: 200,
        body: {
          value: [...state.clusters.values()]
            .filter((cluster) => cluster.subscriptionId.toLowerCase() === s?.toLowerCase())
            .map(clusterJson),
        },
      })),
      route('GET', `${AKS}/([^/]+)`, ([, s, rg, c]) => ({
        status: 200,
        body: clusterJson(state.cluster(s ?? '', rg ?? '', c ?? '')),
      })),
      route('POST', `${AKS}/([^/]+)/(stop|start)`, ([, s, rg, c, action]) => {
        const cluster = state.cluster(s ?? '', rg ?? '', c ?? '');
        const operation = state.changeClusterPower(
          cluster,
          action?.toLowerCase() === 'stop' ? 'Stopped' : 'Running',
        );
        return operation
          ? { status: 202, headers: this.lroHeaders(operation, 'operationresults') }
          : { status: 204 };
      }),
      route(
        'GET',
        `${SUB}/providers/(Microsoft\\.ContainerService|Microsoft\\.Compute)/locations/([^/]+)/(operations|operationresults)/([^/]+)`,
        ([, , , , kind, id], _body, url) => {
          const operation = state.operation(id ?? '');
          const status = operationStatusJson(operation, state.now());
          const monitor =
            kind?.toLowerCase() === 'operationresults' || url.searchParams.get('monitor') === 'true';
          if (!monitor) return { status: 200, body: status };
          if (status['status'] === 'InProgress')
            return {
              status: 202,
              headers: this.lroHeaders(
                operation,
                kind?.toLowerCase() === 'operations' ? 'operations' : 'operationresults',
              ),
            };
          if (status['status'] === 'Failed')
            throw new ArmError(
              400,
              operation.failure?.code ?? 'Failed',
              operation.failure?.message ?? 'The operation failed.',
            );
          return { status: 200, body: {} };
        },
      ),
      route('GET', `${SUB}/providers/Microsoft\\.Compute/virtualMachineScaleSets`, ([, s]) => ({
        status: 200,
        body: {
          value: [...state.scaleSets.values()]
            .filter((scaleSet) => scaleSet.subscriptionId.toLowerCase() === s?.toLowerCase())
            .map(scaleSetJson),
        },
      })),
      route('GET', `${VMSS}/([^/]+)`, ([, s, rg, n]) => ({
        status: 200,
        body: scaleSetJson(state.scaleSet(s ?? '', rg ?? '', n ?? '')),
      })),
      route('GET', `${VMSS}/([^/]+)/instanceView`, ([, s, rg, n]) => ({
        status: 200,
        body: instanceViewJson(state.scaleSet(s ?? '', rg ?? '', n ?? '')),
      })),
      route('GET', `${VMSS}/([^/]+)/virtualMachines`, ([, s, rg, n], _body, url) => {
        const scaleSet = state.scaleSet(s ?? '', rg ?? '', n ?? '');
        if (scaleSet.vms)
          // Microsoft documents VirtualMachineScaleSetVMs for Uniform sets; a Flexible set's VMs
          // are listed with VirtualMachines_List's $filter, or read in Resource Graph.
          throw new ArmError(
            400,
            'OperationNotAllowed',
            `VM scale set '${scaleSet.name}' has Flexible orchestration mode: list its VMs with the virtualMachines API and a virtualMachineScaleSet/id filter.`,
          );
        return {
          status: 200,
          body: scaleSetVmsJson(scaleSet, /instanceView/i.test(url.searchParams.get('$expand') ?? '')),
        };
      }),
      route('GET', `${SUB}/providers/Microsoft\\.Compute/virtualMachines`, ([, s], _body, url) => ({
        status: 200,
        body: this.virtualMachinesJson(s ?? '', undefined, url),
      })),
      route('GET', `${RG}/providers/Microsoft\\.Compute/virtualMachines`, ([, s, rg], _body, url) => ({
        status: 200,
        body: this.virtualMachinesJson(s ?? '', rg ?? '', url),
      })),
      route(
        'POST',
        `${RG}/providers/Microsoft\\.Compute/virtualMachines/([^/]+)/(deallocate|start)`,
        ([, s, rg, name, action]) => {
          const { scaleSet, vm } = state.virtualMachine(s ?? '', rg ?? '', name ?? '');
          const operation = state.changeVmPower(
            scaleSet,
            vm,
            action?.toLowerCase() === 'deallocate' ? 'Stopped' : 'Running',
          );
          return operation
            ? { status: 202, headers: this.lroHeaders(operation, 'operations') }
            : { status: 200 };
        },
      ),
      route('POST', `${VMSS}/([^/]+)/(deallocate|start)`, ([, s, rg, n, action]) => {
        const scaleSet = state.scaleSet(s ?? '', rg ?? '', n ?? '');
        const operation = state.changeScaleSetPower(
          scaleSet,
          action?.toLowerCase() === 'deallocate' ? 'Stopped' : 'Running',
        );
        return operation
          ? { status: 202, headers: this.lroHeaders(operation, 'operations') }
          : { status: 200 };
      }),
      route('POST', '/providers/Microsoft\\.ResourceGraph/resources', (_match, body) =>
        this.resourceGraph(body),
      ),
      route(
        'POST',
        `${SUB}(?:/resourceGroups/([^/]+))?/providers/Microsoft\\.CostManagement/query`,
        ([, s, rg], body, url, principal) =>
          this.costManagement.query(
            { subscriptionId: s ?? '', ...(rg ? { resourceGroup: rg } : {}) },
            body,
            url,
            principal,
          ),
      ),
    ];
  }

  /**
   * Maintenance configurations (list paged with `nextLink`, get, put, delete), the upgrade profiles
   * and the Kubernetes versions per location.
   */
  private maintenanceRoutes(
    route: (
      method: string,
      path: string,
      handle: Handler,
    ) => { method: string; pattern: RegExp; handle: Handler },
  ): { method: string; pattern: RegExp; handle: Handler }[] {
    const state = this.state;
    const CONFIGURATIONS = `${AKS}/([^/]+)/maintenanceConfigurations`;
    return [
      route('GET', CONFIGURATIONS, ([, s, rg, c], _body, url) => {
        const cluster = state.cluster(s ?? '', rg ?? '', c ?? '');
        const all = [...cluster.maintenanceConfigurations.values()].map((configuration) =>
          maintenanceConfigurationJson(cluster, configuration),
        );
        return { status: 200, body: this.page(all, url) };
      }),
      route('GET', `${CONFIGURATIONS}/([^/]+)`, ([, s, rg, c, name]) => {
        const cluster = state.cluster(s ?? '', rg ?? '', c ?? '');
        const configuration = state.maintenanceConfiguration(cluster, name ?? '');
        return { status: 200, body: maintenanceConfigurationJson(cluster, configuration) };
      }),
      route('PUT', `${CONFIGURATIONS}/([^/]+)`, ([, s, rg, c, name], body) => {
        const cluster = state.cluster(s ?? '', rg ?? '', c ?? '');
        const { configuration, created } = state.putMaintenanceConfiguration(cluster, name ?? '', body);
        return { status: created ? 201 : 200, body: maintenanceConfigurationJson(cluster, configuration) };
      }),
      route('DELETE', `${CONFIGURATIONS}/([^/]+)`, ([, s, rg, c, name]) => {
        const cluster = state.cluster(s ?? '', rg ?? '', c ?? '');
        return { status: state.deleteMaintenanceConfiguration(cluster, name ?? '') ? 200 : 204 };
      }),
      route('GET', `${AKS}/([^/]+)/upgradeProfiles/default`, ([, s, rg, c]) => {
        const cluster = state.cluster(s ?? '', rg ?? '', c ?? '');
        return {
          status: 200,
          body: clusterUpgradeProfileJson(cluster, state.kubernetesVersionsIn(cluster.location)),
        };
      }),
      route('GET', `${AKS}/([^/]+)/agentPools/([^/]+)/upgradeProfiles/default`, ([, s, rg, c, p]) => {
        const cluster = state.cluster(s ?? '', rg ?? '', c ?? '');
        return {
          status: 200,
          body: poolUpgradeProfileJson(
            cluster,
            state.pool(cluster, p ?? ''),
            state.kubernetesVersionsIn(cluster.location),
            state.latestNodeImageVersion(),
          ),
        };
      }),
      route(
        'GET',
        `${SUB}/providers/Microsoft\\.ContainerService/locations/([^/]+)/kubernetesVersions`,
        ([, , location]) => ({
          status: 200,
          body: kubernetesVersionsJson(state.kubernetesVersionsIn(location ?? '')),
        }),
      ),
    ];
  }

  /** One page of a list, with `nextLink` (carrying the api-version and a `$skipToken`) when more follow. */
  private page(items: unknown[], url: URL): { value: unknown[]; nextLink?: string } {
    const size = this.options.pageSize ?? 100;
    const skip = Number(url.searchParams.get('$skipToken') ?? 0) || 0;
    const value = items.slice(skip, skip + size);
    if (skip + size >= items.length) return { value };
    const next = new URL(url.pathname, this.url);
    next.searchParams.set('api-version', url.searchParams.get('api-version') ?? '');
    next.searchParams.set('$skipToken', String(skip + size));
    return { value, nextLink: next.toString() };
  }

  /**
   * VirtualMachines_ListAll / _List: the VMs of the fake's Flexible scale sets (the only VMs it
   * holds), narrowed by `$filter=virtualMachineScaleSet/id eq '<id>'` (the one filter Compute
   * documents, compared as ARM compares IDs) and with statuses when `$expand=instanceView`, which
   * Compute allows only with that filter.
   */
  private virtualMachinesJson(subscriptionId: string, resourceGroup: string | undefined, url: URL) {
    const filter = url.searchParams.get('$filter');
    const expand = /^instanceView$/i.test(url.searchParams.get('$expand') ?? '');
    const member = filter
      ? /^\s*'?virtualMachineScaleSet\/id'?\s+eq\s+'([^']+)'\s*$/i.exec(filter)?.[1]
      : undefined;
    if (filter && !member)
      throw new ArmError(
        400,
        'InvalidParameter',
        `The $filter '${filter}' is not supported; the allowed filter is virtualMachineScaleSet/id eq '<scale set ID>'.`,
      );
    if (expand && !member)
      throw new ArmError(
        400,
        'InvalidParameter',
        '$expand=instanceView needs a virtualMachineScaleSet/id $filter.',
      );
    this.state.settle();
    const value = [...this.state.scaleSets.values()]
      .filter(
        (scaleSet) =>
          scaleSet.subscriptionId.toLowerCase() === subscriptionId.toLowerCase() &&
          (!member || scaleSetId(scaleSet).toLowerCase() === member.toLowerCase()),
      )
      .flatMap((scaleSet) =>
        (scaleSet.vms ?? [])
          .filter((vm) => !resourceGroup || vm.resourceGroup.toLowerCase() === resourceGroup.toLowerCase())
          .map((vm) => vmJson(scaleSet, vm, expand)),
      );
    return { value };
  }

  /** Results being paged through, by the ID their skip tokens carry: several queries may page at once. */
  private readonly graphResults = new Map<string, GraphResult>();

  /** The query evaluated on the fake's clusters and scale sets (GraphQuery.ts says what it understands). */
  private queryFleet(subscriptions: readonly string[], query: string): GraphResult {
    const parsed = GraphQuery.parse(query);
    this.state.settle();
    const scope = new Set(subscriptions.map((id) => id.toLowerCase()));
    return parsed.runTable({
      resources: () =>
        resourcesTableRows(
          this.state.clusters.values(),
          this.state.scaleSets.values(),
          scope,
          this.options.nodeResourceGroups === true,
        ),
      computeResources: () => computeResourcesTableRows(this.state.scaleSets.values(), scope),
    });
  }

  /** Keeps a result for its next pages; the oldest of more than a few is forgotten, as tokens expire. */
  private keepGraphResult(id: string, result: GraphResult): void {
    this.graphResults.delete(id);
    this.graphResults.set(id, result);
    for (const oldest of this.graphResults.keys()) {
      if (this.graphResults.size <= 8) break;
      this.graphResults.delete(oldest);
    }
  }

  /** Resources: the query's rows over the requested subscriptions, paged; an invalid query is a 400. */
  private resourceGraph(body: unknown): ReturnType<Handler> {
    const query = body as {
      subscriptions?: string[];
      query?: string;
      options?: { $top?: number; $skip?: number; $skipToken?: string; resultFormat?: string };
    };
    if (!query.query) throw new ArmError(400, 'BadRequest', "The request's 'query' is missing or empty.");
    const format = query.options?.resultFormat ?? 'objectArray';
    if (format !== 'objectArray' && format !== 'table')
      throw new ArmError(
        400,
        'BadRequest',
        `The resultFormat '${format}' is not supported; use 'objectArray' or 'table'.`,
      );
    // A $skipToken pages through the result the first page was cut from, as Resource Graph does;
    // it names that result, so queries paging at the same time do not mix.
    const [resultId, offset] = query.options?.$skipToken
      ? Buffer.from(query.options.$skipToken, 'base64url').toString().split(':')
      : [];
    const earlier = resultId ? this.graphResults.get(resultId) : undefined;
    if (resultId && !earlier)
      throw new ArmError(400, 'BadRequest', 'The $skipToken is not valid or has expired.');
    const id = resultId ?? crypto.randomUUID();
    const { columns, rows } = earlier ?? this.queryFleet(query.subscriptions ?? [], query.query);
    const top = Math.min(query.options?.$top ?? 1000, 1000);
    const skip = offset !== undefined ? Number(offset) : (query.options?.$skip ?? 0);
    const data = rows.slice(skip, skip + top);
    const next =
      skip + data.length < rows.length
        ? Buffer.from(`${id}:${skip + data.length}`).toString('base64url')
        : undefined;
    if (next) this.keepGraphResult(id, { columns, rows });
    else this.graphResults.delete(id);
    return {
      status: 200,
      body: {
        totalRecords: rows.length,
        count: data.length,
        resultTruncated: 'false',
        facets: [],
        // `table`: the columns once, then each row as an array in their order (null where a row has none).
        data:
          format === 'table'
            ? {
                columns: columns.map(({ name, type }) => ({ name, type })),
                rows: data.map((row) => columns.map(({ name }) => row[name] ?? null)),
              }
            : data,
        ...(next ? { $skipToken: next } : {}),
      },
    };
  }
}

function pickScale(properties: Record<string, unknown>): {
  count?: number;
  enableAutoScaling?: boolean;
  minCount?: number;
  maxCount?: number;
} {
  const scale: { count?: number; enableAutoScaling?: boolean; minCount?: number; maxCount?: number } = {};
  if (typeof properties['count'] === 'number') scale.count = properties['count'];
  if (typeof properties['enableAutoScaling'] === 'boolean')
    scale.enableAutoScaling = properties['enableAutoScaling'];
  if (typeof properties['minCount'] === 'number') scale.minCount = properties['minCount'];
  if (typeof properties['maxCount'] === 'number') scale.maxCount = properties['maxCount'];
  return scale;
}

/**
 * ARM's own throttling (request-limits-and-throttling.md): a 429 whose `Retry-After` says how many
 * seconds to wait, and nothing finer (a fault a test injects may add `retry-after-ms`).
 */
function armRetryAfter(retryAfterMs: number): Record<string, string> {
  return { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) };
}

function retryHeaders(retryAfterMs: number | undefined): Record<string, string> {
  return retryAfterMs === undefined
    ? {}
    : {
        'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))),
        'retry-after-ms': String(retryAfterMs),
      };
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    'x-ms-request-id': crypto.randomUUID(),
    ...(text ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** mulberry32: a small deterministic generator, so a faulted run can be repeated. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}
