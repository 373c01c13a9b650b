import { restorePoller as restoreComputePoller } from '@azure/arm-compute';
import type { VirtualMachineScaleSet } from '@azure/arm-compute';
import { restorePoller as restoreContainerServicePoller } from '@azure/arm-containerservice';
import type { OperationState, PollerLike } from '@azure/core-lro';
import pLimit, { type LimitFunction } from 'p-limit';
import { asciiFold } from '../domain/asciiFold.js';
import type { ObservedState } from '../domain/PowerState.js';
import type { ResourceId } from '../domain/ResourceId.js';
import type {
  BeginOutcome,
  ObservedResource,
  OperationProgress,
  PowerControl,
  ScaleSettings,
} from '../app/operations/PowerControl.js';
import { TransientAzureError } from '../app/operations/TransientAzureError.js';
import type { ArmClients } from './ArmClients.js';
import { armErrorOf } from './armErrorOf.js';
import { optInTagOf } from '../app/reconciliation/discoverTaggedTargets.js';
import { ArmThrottledError } from './ArmThrottledError.js';
import { quotaRemainingOf, quotaResetMsOf, retryAfterMsOf } from './boundedThrottlingPolicy.js';
import { readOperationStatus } from './readOperationStatus.js';
import { FleetRowReader, FLEET_QUERY, fleetRowsOf } from './fleetQuery.js';
import {
  observeCluster,
  observeScaleSet,
  hasAksPoolTag,
  type ClusterReading,
  type ScaleSetReading,
} from './FleetReading.js';
import { askedStateOf, changingStateOf } from '../domain/powerAction.js';

export interface PowerControlOptions {
  /** Requests in flight per subscription, so one tick never floods ARM's per-subscription limits. */
  concurrencyPerSubscription: number;
  /** `resource-graph`: one paged query per tick; `per-cluster`: one GET per cluster and scale set. */
  observation: 'resource-graph' | 'per-cluster';
  /** Log line sink for fallbacks and the like; the composition root passes the Functions logger. */
  warn: (message: string) => void;
  /** How long one tick may wait for Resource Graph's quota to reset (default 20 s). */
  maxGraphWaitMs?: number;
  /** How to wait for Resource Graph's quota (a benchmark's simulated time; default a timer). */
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_MAX_GRAPH_WAIT_MS = 20_000;
const GRAPH_ATTEMPTS = 3;

const GRAPH_PAGE_SIZE = 1000;
/** Resource Graph's documented window, when a page names none. */
const GRAPH_WINDOW_MS = 5000;

/** Statuses that mean "someone else is changing it now": not an error, the next tick looks again. */
const CONFLICT = 409;
const NOT_FOUND = 404;
const PERMANENT = new Set([400, 403, 404]);
const TOO_MANY_REQUESTS = 429;
/** A 429 that names no wait: ARM's bucket refills one write in 100 ms, so a second is ample. */
const UNSTATED_RETRY_AFTER_MS = 1_000;

/** `PowerControl` on Azure Resource Manager with the official SDK clients (AKS, Compute, Resource Graph). */
export class AzurePowerControl implements PowerControl {
  private readonly limits = new Map<string, LimitFunction>();
  /** Resource Graph pages read, and time spent waiting for its quota (for benchmarks). */
  graphPages = 0;
  graphWaitMs = 0;
  /** Set while the tick's page chains wait for Resource Graph's quota window to reset. */
  private graphWindowReset: Promise<void> | undefined;

  constructor(
    private readonly clients: ArmClients,
    private readonly options: PowerControlOptions,
  ) {}

  async observe(
    subscriptionIds: readonly string[],
    targets: readonly ResourceId[],
  ): Promise<Map<string, ObservedResource>> {
    if (this.options.observation === 'resource-graph') {
      try {
        return await this.queryResourceGraph(subscriptionIds, targets);
      } catch (error) {
        // Throttled: asking every cluster one by one instead would only spend the ARM quota faster.
        if (error instanceof ArmThrottledError)
          throw new TransientAzureError(
            `Resource Graph asks to wait ${Math.ceil(error.retryAfterMs / 1000)} s (${error.code}); this tick observes nothing and the next one tries again`,
            { cause: error },
          );
        const { code, message } = armErrorOf(error);
        this.options.warn(
          `Resource Graph query failed (${code}: ${message}); observing cluster by cluster this tick`,
        );
      }
    }
    return this.observeOneByOne(targets);
  }

  async observeEach(targets: readonly ResourceId[]): Promise<Map<string, ObservedResource>> {
    return this.observeOneByOne(targets);
  }

  async begin(target: ResourceId, action: 'start' | 'stop'): Promise<BeginOutcome> {
    if (target.kind === 'vmss') {
      const flexible = await this.flexibleScaleSetId(target).catch((error: unknown) => outcomeOfError(error));
      if (typeof flexible === 'object') return flexible;
      if (flexible) return this.beginOnEachVm(flexible, target, action);
    }
    return this.limitFor(target.subscriptionId)(async () => {
      try {
        const poller = this.startOperation(target, action);
        await poller.submitted();
        // A poller is thenable: it is never returned or awaited itself, or it would wait for the end.
        return poller.isDone
          ? { outcome: 'begun' }
          : { outcome: 'begun', operationState: await poller.serialize() };
      } catch (error) {
        if (error instanceof ArmThrottledError) return outcomeOfError(error);
        if (armErrorOf(error).status === CONFLICT) {
          const seen = await this.stateAfterConflict(target);
          if (seen === changingStateOf(action)) return { outcome: 'under-way' };
          if (seen === askedStateOf(action)) return { outcome: 'already', state: seen };
        }
        return outcomeOf(error);
      }
    });
  }

  /**
   * After a 409, the resource as it is now: changing the way we asked is our own request whose answer
   * was lost (the SDK's retry met it); already in the asked state, not moving, is someone else's doing
   * (docs/decisions.md, Someone else's state is not our success); anything else is a conflict.
   */
  private async stateAfterConflict(target: ResourceId): Promise<ObservedState | undefined> {
    try {
      return (await this.readOne(target))?.state;
    } catch {
      return undefined;
    }
  }

  /**
   * The scale set's ID as Azure spells it when it has Flexible orchestration, or undefined (Uniform):
   * Microsoft documents no scale-set-wide start or deallocate for Flexible sets, only each VM's own
   * (docs/decisions.md, Flexible scale sets).
   */
  private async flexibleScaleSetId(target: ResourceId): Promise<string | undefined> {
    const scaleSet = await this.limitFor(target.subscriptionId)(() =>
      this.clients
        .computeFor(target.subscriptionId)
        .virtualMachineScaleSets.get(target.resourceGroup, target.scaleSetName ?? ''),
    );
    return isFlexible(scaleSet.orchestrationMode) ? (scaleSet.id ?? target.id) : undefined;
  }

  /**
   * A Flexible set's stop or start: each of its VMs not already as asked is deallocated or started
   * with its own operation (VirtualMachines_Deallocate / _Start), none awaited; the set is then
   * followed from its VMs. Nothing to change is "already" so; a start of a set without VMs brings
   * nothing up and is refused, saying so. VMs Azure did not take are asked again once the set
   * settles (the change stays owed when none was taken).
   */
  private async beginOnEachVm(
    scaleSetId: string,
    target: ResourceId,
    action: 'start' | 'stop',
  ): Promise<BeginOutcome> {
    const limit = this.limitFor(target.subscriptionId);
    let members: FlexibleMember[];
    try {
      members = await limit(() => this.flexibleMembers(target.subscriptionId, scaleSetId));
    } catch (error) {
      return outcomeOfError(error);
    }
    const asked = askedStateOf(action);
    if (members.length === 0)
      return action === 'stop'
        ? { outcome: 'already', state: asked }
        : {
            outcome: 'refused',
            code: 'NoVirtualMachines',
            message:
              'the Flexible scale set has no VMs, so a start brings none up: the app starts and deallocates the VMs a Flexible set has, and creates none',
          };
    const toChange = members.filter((member) => needsChange(member.code, action));
    if (toChange.length === 0) return { outcome: 'already', state: asked };
    const compute = this.clients.computeFor(target.subscriptionId).virtualMachines;
    const errors = await Promise.all(
      toChange.map((member) =>
        limit(async () => {
          try {
            const poller =
              action === 'stop'
                ? compute.deallocate(member.resourceGroup, member.name)
                : compute.start(member.resourceGroup, member.name);
            await poller.submitted();
            return undefined;
          } catch (error) {
            return error;
          }
        }),
      ),
    );
    const failed = errors.filter((error) => error !== undefined);
    if (failed.length === toChange.length) return outcomeOfError(failed[0]);
    const verb = action === 'stop' ? 'deallocate' : 'start';
    const notTaken = failed.length
      ? `; ${failed.length} not taken (${armErrorOf(failed[0]).code}), asked again once the set settles`
      : '';
    return {
      outcome: 'begun',
      followResource: true,
      note: `(a Flexible scale set: ${verb} of ${toChange.length - failed.length} of its ${members.length} VMs, each on its own${notTaken}; followed from its VMs)`,
    };
  }

  /** A Flexible set's VMs with their power codes: VirtualMachines_ListAll filtered to the set, with instance views. */
  private async flexibleMembers(subscriptionId: string, scaleSetId: string): Promise<FlexibleMember[]> {
    const members: FlexibleMember[] = [];
    for await (const vm of this.clients.computeFor(subscriptionId).virtualMachines.listAll({
      filter: `virtualMachineScaleSet/id eq '${scaleSetId}'`,
      expand: 'instanceView',
    })) {
      const statuses = vm.instanceView?.statuses ?? [];
      members.push({
        name: vm.name ?? '',
        resourceGroup: /\/resourceGroups\/([^/]+)\//i.exec(vm.id ?? '')?.[1] ?? '',
        code: statuses.find((status) => /^PowerState\//i.test(status.code ?? ''))?.code ?? '',
      });
    }
    return members;
  }

  async read(target: ResourceId): Promise<ObservedResource | undefined> {
    return this.limitFor(target.subscriptionId)(() => this.readOne(target));
  }

  private async readOne(target: ResourceId): Promise<ObservedResource | undefined> {
    if (target.kind === 'vmss') return observeScaleSet(await this.readScaleSet(target));
    return observeCluster(await this.readCluster(target)).find((resource) => resource.key === target.key);
  }

  async follow(
    target: ResourceId,
    action: 'start' | 'stop',
    operationState: string,
  ): Promise<OperationProgress> {
    return this.limitFor(target.subscriptionId)(async () => {
      const status = await readOperationStatus(this.clients, target.subscriptionId, operationState);
      if (status.status === 'succeeded') return { status: 'succeeded' };
      if (status.status === 'running') return { status: 'running' };
      if (status.status === 'failed') return status;
      // Not readable (ARM's async contract: the status URL's own 4xx/5xx or 429 says nothing about
      // the operation), or a Location answer that cannot tell a failed operation from a failed read.
      const resource = await this.readOne(target).catch(() => undefined);
      if (resource?.state === askedStateOf(action)) return { status: 'succeeded' };
      if (resource?.state === 'failed')
        return {
          status: 'failed',
          code: status.code ?? 'Failed',
          message: status.message ?? `the resource is in a failed state after the ${action}`,
        };
      return {
        status: 'running',
        note: `${status.reason}; the resource is ${resource?.state ?? 'unreadable'}`,
      };
    });
  }

  async readScale(target: ResourceId): Promise<ScaleSettings> {
    return this.limitFor(target.subscriptionId)(async () => {
      const pool = await this.clients
        .containerServiceFor(target.subscriptionId)
        .agentPools.get(target.resourceGroup, target.clusterName ?? '', target.poolName ?? '');
      return {
        count: pool.count ?? 0,
        enableAutoScaling: pool.enableAutoScaling ?? false,
        ...(pool.enableAutoScaling && pool.minCount !== undefined ? { minCount: pool.minCount } : {}),
        ...(pool.enableAutoScaling && pool.maxCount !== undefined ? { maxCount: pool.maxCount } : {}),
      };
    });
  }

  async setScale(target: ResourceId, scale: ScaleSettings): Promise<void> {
    await this.limitFor(target.subscriptionId)(async () => {
      const poller = this.clients
        .containerServiceFor(target.subscriptionId)
        .agentPools.createOrUpdate(target.resourceGroup, target.clusterName ?? '', target.poolName ?? '', {
          count: scale.count,
          enableAutoScaling: scale.enableAutoScaling,
          ...(scale.enableAutoScaling ? { minCount: scale.minCount, maxCount: scale.maxCount } : {}),
        });
      await poller.submitted();
    });
  }

  private startOperation(
    target: ResourceId,
    action: 'start' | 'stop',
  ): PollerLike<OperationState<unknown>, unknown> {
    const { subscriptionId, resourceGroup } = target;
    switch (target.kind) {
      case 'nodepool':
        return this.clients
          .containerServiceFor(subscriptionId)
          .agentPools.createOrUpdate(resourceGroup, target.clusterName ?? '', target.poolName ?? '', {
            powerState: { code: action === 'start' ? 'Running' : 'Stopped' },
          });
      case 'cluster': {
        const clusters = this.clients.containerServiceFor(subscriptionId).managedClusters;
        return action === 'start'
          ? clusters.start(resourceGroup, target.clusterName ?? '')
          : clusters.stop(resourceGroup, target.clusterName ?? '');
      }
      case 'vmss': {
        const scaleSets = this.clients.computeFor(subscriptionId).virtualMachineScaleSets;
        return action === 'start'
          ? scaleSets.start(resourceGroup, target.scaleSetName ?? '')
          : scaleSets.deallocate(resourceGroup, target.scaleSetName ?? '');
      }
    }
  }

  private restore(
    target: ResourceId,
    action: 'start' | 'stop',
    operationState: string,
  ): PollerLike<OperationState<unknown>, unknown> {
    const { subscriptionId } = target;
    if (target.kind === 'vmss') {
      const client = this.clients.computeFor(subscriptionId);
      const source =
        action === 'start' ? client.virtualMachineScaleSets.start : client.virtualMachineScaleSets.deallocate;
      return restoreComputePoller(client, operationState, source);
    }
    const client = this.clients.containerServiceFor(subscriptionId);
    const source =
      target.kind === 'nodepool'
        ? client.agentPools.createOrUpdate
        : action === 'start'
          ? client.managedClusters.start
          : client.managedClusters.stop;
    return restoreContainerServicePoller(
      client,
      operationState,
      source as (...args: unknown[]) => PollerLike<OperationState<unknown>, unknown>,
    );
  }

  /**
   * Resource Graph's quota (per user, 15 queries per 5 s window by default) is honoured: when a page
   * says none is left and more pages follow, the next waits for the window to reset; a throttled
   * page is asked again after the wait it names, within a bound (docs/architecture.md, Throttling).
   */
  private async queryResourceGraph(
    subscriptionIds: readonly string[],
    targets: readonly ResourceId[],
  ): Promise<Map<string, ObservedResource>> {
    if (subscriptionIds.length === 0) return new Map();
    // Each page is read as it comes, so only the readings are held, not every page's rows.
    const targetKeys = new Set(targets.map((target) => target.key));
    const reader = new FleetRowReader((key, tags) => isKept(key, tags, targetKeys));
    // Two halves of the subscriptions are paged at once: while one page is read, the other half's
    // next is on its way (a skip token is only known once a page is read). A scale set and its
    // instance counts are in one subscription, so in one half.
    const halves = halvesOf(subscriptionIds);
    await Promise.all(halves.map((half) => this.pageThrough(half, reader, halves.length)));
    const { clusters, scaleSets } = reader.readings();
    const observed = new Map<string, ObservedResource>();
    for (const cluster of clusters)
      for (const resource of observeCluster(cluster)) observed.set(resource.key, resource);
    for (const scaleSet of scaleSets) {
      const resource = observeScaleSet(scaleSet);
      observed.set(resource.key, resource);
    }
    await this.readMissingScaleSets(targets, observed);
    return observed;
  }

  /**
   * The query leaves out the scale sets of AKS node pools. One registered as a target is read by GET,
   * so that it is refused as AKS-managed rather than reported missing; so is one that is gone, which
   * then is reported missing (docs/architecture.md, The tick).
   */
  private async readMissingScaleSets(
    targets: readonly ResourceId[],
    observed: Map<string, ObservedResource>,
  ): Promise<void> {
    const missing = targets.filter((target) => target.kind === 'vmss' && !observed.has(target.key));
    await Promise.all(
      missing.map((target) =>
        this.limitFor(target.subscriptionId)(async () => {
          const reading = await this.readUnlessGone(() => this.readScaleSet(target));
          if (!reading) return;
          const resource = observeScaleSet(reading);
          observed.set(resource.key, resource);
        }),
      ),
    );
  }

  /**
   * A resource that is gone (404) is left out of what is observed, so that it alone is reported not
   * found and every other target is still observed.
   */
  private async readUnlessGone<T>(read: () => Promise<T>): Promise<T | undefined> {
    try {
      return await read();
    } catch (error) {
      if (armErrorOf(error).status === NOT_FOUND) return undefined;
      throw error;
    }
  }

  /**
   * One half's pages. The quota is shared: a page leaving fewer queries than there are chains (one
   * may be in flight in each) makes every chain wait for the window to reset, so none is answered 429.
   */
  private async pageThrough(
    subscriptionIds: readonly string[],
    reader: FleetRowReader,
    chains: number,
  ): Promise<void> {
    let skipToken: string | undefined;
    do {
      if (this.graphWindowReset) await this.graphWindowReset;
      const page = await this.graphPage(subscriptionIds, skipToken);
      reader.add(page.data);
      skipToken = page.skipToken;
      if (skipToken && page.quotaRemaining !== undefined && page.quotaRemaining < chains) {
        this.graphWindowReset ??= this.waitForGraphQuota(page.resetsAfterMs ?? GRAPH_WINDOW_MS).finally(
          () => (this.graphWindowReset = undefined),
        );
        await this.graphWindowReset;
      }
    } while (skipToken);
  }

  private async graphPage(
    subscriptionIds: readonly string[],
    skipToken: string | undefined,
  ): Promise<{ data: unknown[]; skipToken?: string; quotaRemaining?: number; resetsAfterMs?: number }> {
    for (let attempt = 1; ; attempt++) {
      let quotaRemaining: number | undefined;
      let resetsAfterMs: number | undefined;
      try {
        const page = await this.clients.resourceGraph().resources(
          {
            subscriptions: [...subscriptionIds],
            query: FLEET_QUERY,
            options: {
              top: GRAPH_PAGE_SIZE,
              resultFormat: 'table',
              ...(skipToken ? { skipToken } : {}),
            },
          },
          {
            onResponse: (response) => {
              quotaRemaining = quotaRemainingOf(response);
              resetsAfterMs = quotaResetMsOf(response);
            },
          },
        );
        this.graphPages++;
        return {
          data: fleetRowsOf(page.data),
          ...(page.skipToken ? { skipToken: page.skipToken } : {}),
          ...(quotaRemaining !== undefined ? { quotaRemaining } : {}),
          ...(resetsAfterMs !== undefined ? { resetsAfterMs } : {}),
        };
      } catch (error) {
        const maxWait = this.options.maxGraphWaitMs ?? DEFAULT_MAX_GRAPH_WAIT_MS;
        if (
          !(error instanceof ArmThrottledError) ||
          error.retryAfterMs > maxWait ||
          attempt >= GRAPH_ATTEMPTS
        )
          throw error;
        await this.waitForGraphQuota(error.retryAfterMs);
      }
    }
  }

  /** Waits for Resource Graph's window to reset, or throws when that is longer than a tick may wait. */
  private async waitForGraphQuota(ms: number): Promise<void> {
    const maxWait = this.options.maxGraphWaitMs ?? DEFAULT_MAX_GRAPH_WAIT_MS;
    if (ms > maxWait)
      throw new ArmThrottledError(
        ms,
        'RateLimiting',
        `Resource Graph's quota resets in ${Math.ceil(ms / 1000)} s`,
        { statusCode: 429 },
      );
    this.graphWaitMs += ms;
    await (this.options.sleep ?? sleep)(ms);
  }

  /** The fallback: one GET per cluster (its pools included) and two per scale set. */
  private async observeOneByOne(targets: readonly ResourceId[]): Promise<Map<string, ObservedResource>> {
    const clusters = new Map<string, ResourceId>();
    const scaleSets = new Map<string, ResourceId>();
    for (const target of targets) {
      if (target.kind === 'vmss') scaleSets.set(target.key, target);
      else
        clusters.set(
          asciiFold(`${target.subscriptionId}/${target.resourceGroup}/${target.clusterName ?? ''}`),
          target,
        );
    }
    const observed: ObservedResource[] = [];
    await Promise.all([
      ...[...clusters.values()].map((target) =>
        this.limitFor(target.subscriptionId)(async () => {
          const cluster = await this.readUnlessGone(() => this.readCluster(target));
          if (cluster) observed.push(...observeCluster(cluster));
        }),
      ),
      ...[...scaleSets.values()].map((target) =>
        this.limitFor(target.subscriptionId)(async () => {
          const scaleSet = await this.readUnlessGone(() => this.readScaleSet(target));
          if (scaleSet) observed.push(observeScaleSet(scaleSet));
        }),
      ),
    ]);
    return toMap(observed);
  }

  private async readCluster(target: ResourceId): Promise<ClusterReading> {
    const cluster = await this.clients
      .containerServiceFor(target.subscriptionId)
      .managedClusters.get(target.resourceGroup, target.clusterName ?? '');
    const reading: ClusterReading = {
      id: cluster.id ?? '',
      tags: cluster.tags ?? {},
      pools: (cluster.agentPoolProfiles ?? []).map((pool) => ({
        name: pool.name,
        tags: pool.tags ?? {},
        ...(pool.mode ? { mode: pool.mode } : {}),
        ...(pool.powerState?.code ? { powerCode: pool.powerState.code } : {}),
        ...(pool.provisioningState ? { provisioningState: pool.provisioningState } : {}),
        ...(pool.count !== undefined ? { count: pool.count } : {}),
        ...(pool.enableAutoScaling !== undefined ? { enableAutoScaling: pool.enableAutoScaling } : {}),
        ...(pool.minCount !== undefined ? { minCount: pool.minCount } : {}),
        ...(pool.maxCount !== undefined ? { maxCount: pool.maxCount } : {}),
        ...(pool.vmSize ? { vmSize: pool.vmSize } : {}),
        ...(pool.nodeImageVersion ? { nodeImageVersion: pool.nodeImageVersion } : {}),
        ...(pool.currentOrchestratorVersion ? { orchestratorVersion: pool.currentOrchestratorVersion } : {}),
        ...(pool.osType ? { osType: pool.osType } : {}),
        ...(pool.scaleSetPriority ? { scaleSetPriority: pool.scaleSetPriority } : {}),
      })),
      ...(cluster.location ? { location: cluster.location } : {}),
    };
    if (cluster.powerState?.code) reading.powerCode = cluster.powerState.code;
    if (cluster.provisioningState) reading.provisioningState = cluster.provisioningState;
    if (cluster.nodeProvisioningProfile?.mode)
      reading.nodeProvisioningMode = cluster.nodeProvisioningProfile.mode;
    if (cluster.nodeResourceGroup) reading.nodeResourceGroup = cluster.nodeResourceGroup;
    if (cluster.sku?.tier) reading.tier = cluster.sku.tier;
    if (cluster.windowsProfile?.licenseType) reading.windowsLicenseType = cluster.windowsProfile.licenseType;
    if (cluster.currentKubernetesVersion) reading.kubernetesVersion = cluster.currentKubernetesVersion;
    if (cluster.autoUpgradeProfile?.upgradeChannel)
      reading.upgradeChannel = cluster.autoUpgradeProfile.upgradeChannel;
    if (cluster.autoUpgradeProfile?.nodeOSUpgradeChannel)
      reading.nodeOSUpgradeChannel = cluster.autoUpgradeProfile.nodeOSUpgradeChannel;
    return reading;
  }

  /**
   * The scale set, and each instance's power state from the instances themselves: the documented
   * instance view's `statusesSummary` counts provisioning states only. A Flexible set's instances
   * are ordinary VMs, listed with the `virtualMachineScaleSet/id` filter (its own instance list is
   * Uniform's), so the Uniform list asked at the same time is not used for it.
   */
  private async readScaleSet(target: ResourceId): Promise<ScaleSetReading> {
    const client = this.clients.computeFor(target.subscriptionId);
    const name = target.scaleSetName ?? '';
    const readCodes = async () => {
      const codes: Record<string, number> = {};
      for await (const vm of client.virtualMachineScaleSetVMs.list(target.resourceGroup, name, {
        expand: 'instanceView',
      })) {
        const statuses = vm.instanceView?.statuses ?? [];
        const code = statuses.find((status) => /^PowerState\//i.test(status.code ?? ''))?.code ?? '';
        codes[code] = (codes[code] ?? 0) + 1;
      }
      return codes;
    };
    // Both answers are awaited, even when one fails, so no request is left behind the tick.
    const [scaleSetRead, codesRead] = await Promise.allSettled([
      client.virtualMachineScaleSets.get(target.resourceGroup, name),
      readCodes(),
    ]);
    if (scaleSetRead.status === 'rejected') throw scaleSetRead.reason;
    const scaleSet = scaleSetRead.value;
    let codes: Record<string, number>;
    if (isFlexible(scaleSet.orchestrationMode)) {
      codes = {};
      for (const member of await this.flexibleMembers(target.subscriptionId, scaleSet.id ?? target.id))
        codes[member.code] = (codes[member.code] ?? 0) + 1;
    } else if (codesRead.status === 'rejected') throw codesRead.reason;
    else codes = codesRead.value;
    return {
      id: scaleSet.id ?? target.id,
      tags: scaleSet.tags ?? {},
      instancePowerCounts: codes,
      ...(scaleSet.provisioningState ? { provisioningState: scaleSet.provisioningState } : {}),
      ...(scaleSet.location ? { location: scaleSet.location } : {}),
      ...(scaleSet.sku?.name ? { vmSize: scaleSet.sku.name } : {}),
      ...(scaleSet.sku?.capacity !== undefined ? { capacity: scaleSet.sku.capacity } : {}),
      ...meterFactsOf(scaleSet.virtualMachineProfile),
    };
  }

  private limitFor(subscriptionId: string): LimitFunction {
    const key = subscriptionId.toLowerCase();
    let limit = this.limits.get(key);
    if (!limit) {
      limit = pLimit(this.options.concurrencyPerSubscription);
      this.limits.set(key, limit);
    }
    return limit;
  }
}

function toMap(resources: ObservedResource[]): Map<string, ObservedResource> {
  return new Map(resources.map((resource) => [resource.key, resource]));
}

/** A VM of a Flexible scale set, as listed with its instance view. */
interface FlexibleMember {
  name: string;
  resourceGroup: string;
  /** Its `PowerState/…` code ('' when its instance view has none). */
  code: string;
}

function isFlexible(orchestrationMode: string | undefined): boolean {
  return orchestrationMode?.trim().toLowerCase() === 'flexible';
}

/**
 * Whether a VM with this power code needs the change: a stop deallocates every VM not deallocated
 * or deallocating (a VM stopped but allocated is still billed); a start starts every VM not running
 * or starting.
 */
function needsChange(code: string, action: 'start' | 'stop'): boolean {
  const state = code.trim().toLowerCase();
  return action === 'stop'
    ? state !== 'powerstate/deallocated' && state !== 'powerstate/deallocating'
    : state !== 'powerstate/running' && state !== 'powerstate/starting';
}

/** A request's error as an outcome: throttled (with its wait), or by its status. */
function outcomeOfError(error: unknown): BeginOutcome {
  if (error instanceof ArmThrottledError)
    return {
      outcome: 'throttled',
      retryAfterMs: error.retryAfterMs,
      code: error.code,
      message: error.message,
    };
  return outcomeOf(error);
}

function outcomeOf(error: unknown): BeginOutcome {
  const { status, code, message } = armErrorOf(error);
  // Still throttled after the SDK's retries: handed back with ARM's Retry-After, not a transient failure.
  if (status === TOO_MANY_REQUESTS)
    return { outcome: 'throttled', retryAfterMs: retryAfterOf(error), code, message };
  if (status === CONFLICT) return { outcome: 'conflict', code, message };
  if (status !== undefined && PERMANENT.has(status)) return { outcome: 'refused', code, message };
  return { outcome: 'failed', code, message };
}

/** The `Retry-After` of the response an SDK error carries, or a second when it names none. */
function retryAfterOf(error: unknown): number {
  const response = (error as { response?: Parameters<typeof retryAfterMsOf>[0] } | undefined)?.response;
  return (response?.headers && retryAfterMsOf(response)) || UNSTATED_RETRY_AFTER_MS;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The scale set of an AKS node pool is observed through its cluster: kept only when a target or the
 * opt-in tag names it. At 20,000 pools these are most rows of the fleet query, and the tick holds
 * what it keeps until it ends (docs/architecture.md, Memory and tick time).
 */
function isKept(key: string, tags: Record<string, string>, targetKeys: ReadonlySet<string>): boolean {
  if (!hasAksPoolTag(tags) || targetKeys.has(key)) return true;
  return optInTagOf(tags) !== undefined;
}

/** The subscriptions in two halves (one when there is only one): each half is one paged query. */
function halvesOf(subscriptionIds: readonly string[]): string[][] {
  const middle = Math.ceil(subscriptionIds.length / 2);
  return [subscriptionIds.slice(0, middle), subscriptionIds.slice(middle)].filter((half) => half.length > 0);
}

/** What bills a scale set's instances besides their size: OS, licence, priority (docs/savings.md). */
function meterFactsOf(
  profile: VirtualMachineScaleSet['virtualMachineProfile'],
): Pick<ScaleSetReading, 'osType' | 'licenseType' | 'priority'> {
  const osType = profile?.storageProfile?.osDisk?.osType;
  return {
    ...(osType ? { osType } : {}),
    ...(profile?.licenseType ? { licenseType: profile.licenseType } : {}),
    ...(profile?.priority ? { priority: profile.priority } : {}),
  };
}
