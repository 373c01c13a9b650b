import type { TokenCredential } from '@azure/core-auth';
import { ComputeManagementClient } from '@azure/arm-compute';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { ResourceGraphClient } from '@azure/arm-resourcegraph';
import {
  createDefaultHttpClient,
  createPipelineRequest,
  type HttpClient,
  type Pipeline,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import { boundedThrottlingPolicy } from './boundedThrottlingPolicy.js';
import { remainingWritesPolicy } from './remainingWritesPolicy.js';

/** The longest `Retry-After` the SDK may sleep inside one invocation; longer waits are handed back. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 15_000;

export interface ArmConnection {
  credential: TokenCredential;
  /** `https://management.azure.com` unless another cloud or a fake is used. */
  endpoint?: string;
  /** Extra CA certificate (PEM) to trust: the fake ARM's self-signed certificate. */
  ca?: string;
  /** The SDK's retry of throttled and failed requests; `Retry-After` is honoured within it. */
  maxRetries?: number;
  /** First delay of the SDK's exponential retry (default 1 s; tests shorten it). */
  retryDelayInMs?: number;
  /** The longest `Retry-After` slept within a call (default 15 s); a longer one throws `ArmThrottledError`. */
  maxRetryAfterMs?: number;
  /** Told of every `x-ms-ratelimit-remaining-subscription-writes` Azure sends (the write plan uses it). */
  onRemainingWrites?: (subscriptionId: string, remaining: number) => void;
}

/** The ARM SDK clients, created on first use (not at import time), one per subscription. */
export class ArmClients {
  private readonly containerService = new Map<string, ContainerServiceClient>();
  private readonly compute = new Map<string, ComputeManagementClient>();
  private graph: ResourceGraphClient | undefined;
  private httpClient: HttpClient | undefined;

  constructor(private readonly connection: ArmConnection) {}

  /** Every client gets the bound on `Retry-After`, after the SDK's own retry policy. */
  private bounded<T extends { pipeline: Pipeline }>(client: T): T {
    client.pipeline.addPolicy(
      boundedThrottlingPolicy(this.connection.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS),
      { afterPhase: 'Retry' },
    );
    if (this.connection.onRemainingWrites)
      client.pipeline.addPolicy(remainingWritesPolicy(this.connection.onRemainingWrites), {
        afterPhase: 'Retry',
      });
    return client;
  }

  /**
   * A GET of an absolute ARM URL (an operation's status URL) through a client's pipeline: the
   * same credential, TLS and retries; the answer is returned whatever its status.
   */
  async get(subscriptionId: string, url: string): Promise<PipelineResponse> {
    this.httpClient ??= createDefaultHttpClient();
    return this.computeFor(subscriptionId).pipeline.sendRequest(
      this.httpClient,
      createPipelineRequest({ url, method: 'GET' }),
    );
  }

  private options() {
    const { endpoint, ca, maxRetries, retryDelayInMs } = this.connection;
    return {
      ...(endpoint ? { endpoint } : {}),
      ...(ca ? { tlsOptions: { ca } } : {}),
      retryOptions: {
        maxRetries: maxRetries ?? 3,
        ...(retryDelayInMs !== undefined ? { retryDelayInMs, maxRetryDelayInMs: retryDelayInMs * 8 } : {}),
      },
    };
  }

  containerServiceFor(subscriptionId: string): ContainerServiceClient {
    let client = this.containerService.get(subscriptionId);
    if (!client) {
      client = this.bounded(
        new ContainerServiceClient(this.connection.credential, subscriptionId, this.options()),
      );
      this.containerService.set(subscriptionId, client);
    }
    return client;
  }

  computeFor(subscriptionId: string): ComputeManagementClient {
    let client = this.compute.get(subscriptionId);
    if (!client) {
      client = this.bounded(
        new ComputeManagementClient(this.connection.credential, subscriptionId, this.options()),
      );
      this.compute.set(subscriptionId, client);
    }
    return client;
  }

  resourceGraph(): ResourceGraphClient {
    this.graph ??= this.bounded(new ResourceGraphClient(this.connection.credential, this.options()));
    return this.graph;
  }
}
