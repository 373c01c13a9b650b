import { FakeArm, type FakeArmOptions } from '../../dev/fakeArm/FakeArm.js';
import { fakeArmCredential } from '../../dev/fakeArm/fakeArmCredential.js';
import { InMemoryRowTable } from '../../dev/InMemoryRowTable.js';
import { ChangeExecutor } from '../../shared/app/operations/ChangeExecutor.js';
import { OperationFollower } from '../../shared/app/operations/OperationFollower.js';
import { AuditTrail } from '../../shared/app/audit/AuditTrail.js';
import { OperationTable } from '../../shared/app/operations/OperationTable.js';
import { OverrideTable } from '../../shared/app/overrides/OverrideTable.js';
import { ArmClients } from '../../shared/azure/ArmClients.js';
import { AzurePowerControl, type PowerControlOptions } from '../../shared/azure/AzurePowerControl.js';

export const SUBSCRIPTION = '00000000-0000-0000-0000-000000000001';
export const RG = 'rg-dev';
export const AKS = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters`;
export const VMSS = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.Compute/virtualMachineScaleSets`;

/** A fake Azure with a manual clock, the real SDK clients on it, and the services under test. */
export interface FakeAzure {
  arm: FakeArm;
  clock: { now: number; advance(ms: number): void };
  power: AzurePowerControl;
  operations: OperationTable;
  audit: AuditTrail;
  executor: ChangeExecutor;
  follower: OperationFollower;
  warnings: string[];
  stop(): Promise<void>;
}

export async function startFakeAzure(
  options: Omit<FakeArmOptions, 'clock'> = {},
  powerOptions: Partial<PowerControlOptions> = {},
): Promise<FakeAzure> {
  const clock = {
    now: Date.parse('2026-11-26T11:00:00Z'),
    advance(ms: number) {
      this.now += ms;
    },
  };
  const arm = await FakeArm.start({ operationDurationMs: 60_000, ...options, clock: () => clock.now });
  const warnings: string[] = [];
  const clients = new ArmClients({
    credential: fakeArmCredential,
    endpoint: arm.url,
    ca: arm.ca,
    maxRetries: 3,
    retryDelayInMs: 10,
  });
  const power = new AzurePowerControl(clients, {
    concurrencyPerSubscription: 8,
    observation: 'resource-graph',
    warn: (message) => warnings.push(message),
    ...powerOptions,
  });
  const operations = new OperationTable(new InMemoryRowTable(OperationTable.tableName));
  const audit = new AuditTrail(new InMemoryRowTable(AuditTrail.tableName));
  const now = () => clock.now;
  return {
    arm,
    clock,
    power,
    operations,
    audit,
    executor: new ChangeExecutor({
      power,
      operations,
      overrides: new OverrideTable(new InMemoryRowTable(OverrideTable.tableName)),
      audit,
      now,
      dryRun: false,
    }),
    follower: new OperationFollower({ power, operations, audit, now }),
    warnings,
    stop: () => arm.stop(),
  };
}
