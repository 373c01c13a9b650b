import type { ContainerServiceClient } from '@azure/arm-containerservice';
import type { AksMaintenanceBehaviour } from '../../dev/fakeArm/FakeAksMaintenance.js';
import { FakeArm, type FakeArmOptions } from '../../dev/fakeArm/FakeArm.js';
import type { ClusterSpec } from '../../dev/fakeArm/FakeArmState.js';
import { fakeArmCredential } from '../../dev/fakeArm/fakeArmCredential.js';
import type { MaintenanceWindowJson } from '../../dev/fakeArm/FakeFleetModel.js';
import { ArmClients } from '../../shared/azure/ArmClients.js';
import { RG, SUBSCRIPTION } from './fakeAzure.js';

/** The fake ARM on a manual clock with the real AKS client on it, for the maintenance tests. */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const OLD_IMAGE = 'AKSUbuntu-2204gen2containerd-202611.16.0';

export interface World {
  arm: FakeArm;
  clients: ArmClients;
  aks: ContainerServiceClient;
  clock: { now: number };
}

export async function startWorld(
  startsAt: string,
  options: Omit<FakeArmOptions, 'clock'> & { maintenance?: Partial<AksMaintenanceBehaviour> } = {},
): Promise<World> {
  const clock = { now: Date.parse(startsAt) };
  const arm = await FakeArm.start({ operationDurationMs: MINUTE, ...options, clock: () => clock.now });
  const clients = new ArmClients({
    credential: fakeArmCredential,
    endpoint: arm.url,
    ca: arm.ca,
    maxRetries: 0,
    retryDelayInMs: 10,
  });
  return { arm, clients, aks: clients.containerServiceFor(SUBSCRIPTION), clock };
}

export const sundayWindow: MaintenanceWindowJson = {
  schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Sunday' } },
  durationHours: 4,
  utcOffset: '+00:00',
  startDate: '2026-11-01',
  startTime: '01:00',
};

export function cluster(name: string, overrides: Partial<ClusterSpec> = {}): ClusterSpec {
  return {
    subscriptionId: SUBSCRIPTION,
    resourceGroup: RG,
    name,
    pools: [
      { name: 'system', mode: 'System', nodeImageVersion: OLD_IMAGE },
      { name: 'user1', nodeImageVersion: OLD_IMAGE },
    ],
    ...overrides,
  };
}

/** The error an SDK call ends with, as `{ statusCode, code, message }`. */
export async function failureOf(
  call: Promise<unknown>,
): Promise<{ statusCode?: number; code?: string; message: string }> {
  try {
    await call;
  } catch (error) {
    const { statusCode, code, message } = error as { statusCode?: number; code?: string; message: string };
    return {
      message,
      ...(statusCode !== undefined ? { statusCode } : {}),
      ...(code !== undefined ? { code } : {}),
    };
  }
  throw new Error('the call succeeded');
}
