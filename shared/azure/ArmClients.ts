import type { TokenCredential } from '@azure/core-auth';
import { ComputeManagementClient } from '@azure/arm-compute';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { ResourceGraphClient } from '@azure/arm-resourcegraph';

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
}

/** The ARM SDK clients, created on first use (not at import time), one per subscription. */
export class ArmClients {
  private readonly containerService = new Map<string, ContainerServiceClient>();
  private readonly compute = new Map<string, ComputeManagementClient>();
  private graph: ResourceGraphClient | undefined;

  constructor(private readonly connection: ArmConnection) {}

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
      client = new ContainerServiceClient(this.connection.credential, subscriptionId, this.options());
      this.containerService.set(subscriptionId, client);
    }
    return client;
  }

  computeFor(subscriptionId: string): ComputeManagementClient {
    let client = this.compute.get(subscriptionId);
    if (!client) {
      client = new ComputeManagementClient(this.connection.credential, subscriptionId, this.options());
      this.compute.set(subscriptionId, client);
    }
    return client;
  }

  resourceGraph(): ResourceGraphClient {
    this.graph ??= new ResourceGraphClient(this.connection.credential, this.options());
    return this.graph;
  }
}
