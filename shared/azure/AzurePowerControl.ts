import { restorePoller as restoreComputePoller } from '@azure/arm-compute';
import { restorePoller as restoreContainerServicePoller } from '@azure/arm-containerservice';
import type { OperationState, PollerLike } from '@azure/core-lro';
import pLimit, { type LimitFunction } from 'p-limit';
import type { ResourceId } from '../domain/ResourceId.js';
import type {
  BeginOutcome,
  ObservedResource,
  OperationProgress,
  PowerControl,
  ScaleSettings,
} from '../app/ports/PowerControl.js';
import type { ArmClients } from './ArmClients.js';
import { armErrorOf } from './armErrorOf.js';
import { FLEET_QUERY, readFleetRows } from './fleetQuery.js';
import {
  observeCluster,
  observeScaleSet,
  type ClusterReading,
  type ScaleSetReading,
} from './FleetReading.js';

export interface PowerControlOptions {
  /** Requests in flight per subscription, so one tick never floods ARM's per-subscription limits. */
  concurrencyPerSubscription: number;
  /** `resource-graph`: one paged query per tick; `per-cluster`: one GET per cluster and scale set. */
  observation: 'resource-graph' | 'per-cluster';
  /** Log line sink for fallbacks and the like; the composition root passes the Functions logger. */
  warn: (message: string) => void;
}

const GRAPH_PAGE_SIZE = 1000;

/** Statuses that mean "someone else is changing it now": not an error, the next tick looks again. */
const CONFLICT = 409;
const PERMANENT = new Set([400, 403, 404]);

/** `PowerControl` on Azure Resource Manager with the official SDK clients (AKS, Compute, Resource Graph). */
export class AzurePowerControl implements PowerControl {
  private readonly limits = new Map<string, LimitFunction>();

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
        return await this.observeWithResourceGraph(subscriptionIds);
      } catch (error) {
        const { code, message } = armErrorOf(error);
        this.options.warn(
          `Resource Graph query failed (${code}: ${message}); observing cluster by cluster this tick`,
        );
      }
    }
    return this.observeOneByOne(targets);
  }

  async begin(target: ResourceId, action: 'start' | 'stop'): Promise<BeginOutcome> {
    return this.limitFor(target.subscriptionId)(async () => {
      try {
        const poller = this.startOperation(target, action);
        await poller.submitted();
        // A poller is thenable: it is never returned or awaited itself, or it would wait for the end.
        return poller.isDone
          ? { outcome: 'begun' }
          : { outcome: 'begun', operationState: await poller.serialize() };
      } catch (error) {
        return outcomeOf(error);
      }
    });
  }

  async follow(
    target: ResourceId,
    action: 'start' | 'stop',
    operationState: string,
  ): Promise<OperationProgress> {
    return this.limitFor(target.subscriptionId)(async () => {
      const poller = this.restore(target, action, operationState);
      try {
        await poller.poll();
      } catch (error) {
        const { code, message } = armErrorOf(poller.operationState?.error ?? error);
        return { status: 'failed', code, message };
      }
      const state = poller.operationState;
      if (state?.status === 'succeeded') return { status: 'succeeded' };
      if (state?.status === 'failed' || state?.status === 'canceled') {
        const { code, message } = armErrorOf(state.error ?? new Error(`the operation was ${state.status}`));
        return { status: 'failed', code, message };
      }
      return { status: 'running' };
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

  private async observeWithResourceGraph(
    subscriptionIds: readonly string[],
  ): Promise<Map<string, ObservedResource>> {
    const rows: unknown[] = [];
    if (subscriptionIds.length === 0) return new Map();
    let skipToken: string | undefined;
    do {
      const page = await this.clients.resourceGraph().resources({
        subscriptions: [...subscriptionIds],
        query: FLEET_QUERY,
        options: { top: GRAPH_PAGE_SIZE, resultFormat: 'objectArray', ...(skipToken ? { skipToken } : {}) },
      });
      rows.push(...(page.data as unknown[]));
      skipToken = page.skipToken;
    } while (skipToken);
    const { clusters, scaleSets } = readFleetRows(rows);
    return toMap([...clusters.flatMap(observeCluster), ...scaleSets.map(observeScaleSet)]);
  }

  /** The fallback: one GET per cluster (its pools included) and two per scale set. */
  private async observeOneByOne(targets: readonly ResourceId[]): Promise<Map<string, ObservedResource>> {
    const clusters = new Map<string, ResourceId>();
    const scaleSets = new Map<string, ResourceId>();
    for (const target of targets) {
      if (target.kind === 'vmss') scaleSets.set(target.key, target);
      else
        clusters.set(
          `${target.subscriptionId}/${target.resourceGroup}/${target.clusterName ?? ''}`.toLowerCase(),
          target,
        );
    }
    const observed: ObservedResource[] = [];
    await Promise.all([
      ...[...clusters.values()].map((target) =>
        this.limitFor(target.subscriptionId)(async () =>
          observed.push(...observeCluster(await this.readCluster(target))),
        ),
      ),
      ...[...scaleSets.values()].map((target) =>
        this.limitFor(target.subscriptionId)(async () =>
          observed.push(observeScaleSet(await this.readScaleSet(target))),
        ),
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
      })),
    };
    if (cluster.powerState?.code) reading.powerCode = cluster.powerState.code;
    if (cluster.provisioningState) reading.provisioningState = cluster.provisioningState;
    if (cluster.nodeProvisioningProfile?.mode)
      reading.nodeProvisioningMode = cluster.nodeProvisioningProfile.mode;
    if (cluster.nodeResourceGroup) reading.nodeResourceGroup = cluster.nodeResourceGroup;
    return reading;
  }

  private async readScaleSet(target: ResourceId): Promise<ScaleSetReading> {
    const scaleSets = this.clients.computeFor(target.subscriptionId).virtualMachineScaleSets;
    const [scaleSet, view] = await Promise.all([
      scaleSets.get(target.resourceGroup, target.scaleSetName ?? ''),
      scaleSets.getInstanceView(target.resourceGroup, target.scaleSetName ?? ''),
    ]);
    const codes = (view.virtualMachine?.statusesSummary ?? []).flatMap((summary) =>
      Array.from({ length: summary.count ?? 0 }, () => summary.code ?? ''),
    );
    return {
      id: scaleSet.id ?? target.id,
      tags: scaleSet.tags ?? {},
      instancePowerCodes: codes,
      ...(scaleSet.provisioningState ? { provisioningState: scaleSet.provisioningState } : {}),
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

function outcomeOf(error: unknown): BeginOutcome {
  const { status, code, message } = armErrorOf(error);
  if (status === CONFLICT) return { outcome: 'conflict', code, message };
  if (status !== undefined && PERMANENT.has(status)) return { outcome: 'refused', code, message };
  return { outcome: 'failed', code, message };
}
