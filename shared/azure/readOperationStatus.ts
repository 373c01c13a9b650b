import type { ArmClients } from './ArmClients.js';
import { armErrorOf } from './armErrorOf.js';

/** What an operation's status URL says, or that it could not be read (which says nothing about the operation). */
export type OperationStatusReading =
  | { status: 'running' }
  | { status: 'succeeded' }
  | { status: 'failed'; code: string; message: string }
  | { status: 'unreadable'; reason: string; code?: string; message?: string };

/** The part of the SDK poller's serialized state (`@azure/core-lro`) that says where to look. */
interface PollerConfig {
  metadata?: { mode?: 'OperationLocation' | 'ResourceLocation' | 'Body' };
  operationLocation?: string;
}

/**
 * One read of an operation's status, by ARM's async operation contract
 * (docs/architecture.md, Following an operation):
 * - `Azure-AsyncOperation`: 200 with `status`; only `Failed` and `Canceled` are failures;
 * - `Location` only: 202 while running, 2xx when done; an error status may be the operation's
 *   failure or a failed read, so it is left to the caller to check the resource;
 * - neither (a PUT): the resource's own `provisioningState`.
 * Any other answer (4xx/5xx, 429, a dropped connection) means the status could not be read.
 */
export async function readOperationStatus(
  clients: ArmClients,
  subscriptionId: string,
  operationState: string,
): Promise<OperationStatusReading> {
  const config = configOf(operationState);
  const mode = config?.metadata?.mode;
  if (!config?.operationLocation || !mode)
    return { status: 'unreadable', reason: 'the stored operation state names no status URL' };
  let response;
  try {
    response = await clients.get(subscriptionId, config.operationLocation);
  } catch (error) {
    const { code, message } = armErrorOf(error);
    return { status: 'unreadable', reason: `the status URL could not be read (${code}: ${message})` };
  }
  const body = jsonOf(response.bodyAsText ?? undefined);
  const ok = response.status >= 200 && response.status < 300;
  const error = errorOf(body);
  if (mode === 'ResourceLocation') {
    if (response.status === 202) return { status: 'running' };
    if (ok) return { status: 'succeeded' };
    return {
      status: 'unreadable',
      reason: `the Location URL answered ${response.status}`,
      ...(error ?? {}),
    };
  }
  if (!ok) return { status: 'unreadable', reason: `the status URL answered ${response.status}` };
  const status = (
    mode === 'Body'
      ? (record(body['properties'])['provisioningState'] ?? body['provisioningState'])
      : body['status']
  ) as unknown;
  const text = typeof status === 'string' ? status.toLowerCase() : '';
  if (text === 'succeeded') return { status: 'succeeded' };
  if (text === 'failed' || text === 'canceled' || text === 'cancelled')
    return {
      status: 'failed',
      code: error?.code ?? (text === 'failed' ? 'Failed' : 'Canceled'),
      message: error?.message ?? `Azure says the operation ${text === 'failed' ? 'failed' : 'was canceled'}`,
    };
  return { status: 'running' };
}

function configOf(operationState: string): PollerConfig | undefined {
  try {
    return (JSON.parse(operationState) as { state?: { config?: PollerConfig } }).state?.config;
  } catch {
    return undefined;
  }
}

function jsonOf(text: string | undefined): Record<string, unknown> {
  try {
    return record(JSON.parse(text ?? ''));
  } catch {
    return {};
  }
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function errorOf(body: Record<string, unknown>): { code: string; message: string } | undefined {
  const error = record(body['error']);
  return typeof error['code'] === 'string'
    ? { code: error['code'], message: typeof error['message'] === 'string' ? error['message'] : '' }
    : undefined;
}
