import { describe, expect, it } from 'vitest';
import { ActualCostUnavailableError } from '../../../shared/app/billing/ActualCostUnavailableError.js';
import { BillChecker, type EstimatedTarget } from '../../../shared/app/billing/BillChecker.js';
import type { ActualCostRow } from '../../../shared/app/billing/ActualCostSource.js';
import { parseResourceId, type ResourceId } from '../../../shared/domain/ResourceId.js';

const DAY = 86_400_000;
const MONDAY = Date.parse('2026-11-30T00:00:00Z');
const DAYS = { from: MONDAY, to: MONDAY + 2 * DAY };
const SUB_A = '00000000-0000-0000-0000-00000000000a';
const SUB_B = '00000000-0000-0000-0000-00000000000b';
const AKS = (sub: string, cluster: string) =>
  `/subscriptions/${sub}/resourceGroups/RG-Dev/providers/Microsoft.ContainerService/managedClusters/${cluster}`;

function id(text: string): ResourceId {
  const parsed = parseResourceId(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.resourceId;
}

function target(name: string, resourceId: string, perDay: number): EstimatedTarget {
  return {
    name,
    resourceId: id(resourceId),
    byDay: new Map([
      [MONDAY, perDay],
      [MONDAY + DAY, perDay],
    ]),
    unpriced: [],
  };
}

const row = (
  resourceId: string,
  cost: number,
  day = MONDAY,
  meterCategory = 'Virtual Machines',
): ActualCostRow => ({
  day,
  resourceId,
  meterCategory,
  cost,
  currency: 'USD',
});

describe('BillChecker: which lines of the bill are a target’s', () => {
  const bills: Record<string, ActualCostRow[]> = {
    [SUB_A]: [
      // AKS's default node resource group, in the lower case Cost Management writes.
      row(
        `/subscriptions/${SUB_A}/resourcegroups/mc_rg-dev_dev_westeurope/providers/microsoft.compute/virtualmachinescalesets/aks-user1-12345678-vmss`,
        10,
      ),
      row(
        `/subscriptions/${SUB_A}/resourcegroups/mc_rg-dev_dev_westeurope/providers/microsoft.compute/virtualmachinescalesets/aks-user1-12345678-vmss`,
        10,
        MONDAY + DAY,
      ),
      // Another pool whose name begins the same: not user1's.
      row(
        `/subscriptions/${SUB_A}/resourcegroups/mc_rg-dev_dev_westeurope/providers/microsoft.compute/virtualmachinescalesets/aks-user10-12345678-vmss`,
        99,
      ),
      row(
        `/subscriptions/${SUB_A}/resourcegroups/mc_rg-dev_dev_westeurope/providers/microsoft.compute/virtualmachinescalesets/aks-system-12345678-vmss`,
        5,
      ),
      // A cluster with a node resource group of its own name, and its tier fee.
      row(
        `/subscriptions/${SUB_A}/resourcegroups/nodes-of-prod/providers/microsoft.compute/virtualmachinescalesets/aks-system-87654321-vmss`,
        7,
      ),
      row(
        `/subscriptions/${SUB_A}/resourcegroups/rg-dev/providers/microsoft.containerservice/managedclusters/prod`,
        2.4,
        MONDAY,
        'Azure Kubernetes Service',
      ),
      // A scale set of its own, and the day after the days checked.
      row(
        `/subscriptions/${SUB_A}/resourcegroups/rg-dev/providers/microsoft.compute/virtualmachinescalesets/agents`,
        3,
      ),
      row(
        `/subscriptions/${SUB_A}/resourcegroups/rg-dev/providers/microsoft.compute/virtualmachinescalesets/agents`,
        3,
        MONDAY + 2 * DAY,
      ),
    ],
  };
  const checker = (costs = bills) =>
    new BillChecker({
      costs: {
        dailyCosts: async (subscriptionId) => {
          const rows = costs[subscriptionId];
          if (!rows)
            throw new ActualCostUnavailableError(
              `no Cost Management Reader on subscription ${subscriptionId}`,
            );
          return rows;
        },
      },
      now: () => MONDAY + 3 * DAY,
      nodeResourceGroups: async () => new Map([[AKS(SUB_A, 'prod').toLowerCase(), 'Nodes-Of-Prod']]),
    });

  it('a pool its scale set in the node resource group, a cluster its pools and tier fee, a scale set its own ID, on the days checked', async () => {
    const check = await checker().check({
      days: DAYS,
      currency: 'USD',
      targets: [
        target('dev-user1', `${AKS(SUB_A, 'dev')}/agentPools/user1`, 10),
        target('prod', AKS(SUB_A, 'prod'), 4),
        target(
          'agents',
          `/subscriptions/${SUB_A}/resourceGroups/RG-Dev/providers/Microsoft.Compute/virtualMachineScaleSets/Agents`,
          1.5,
        ),
      ],
    });
    if (!check.available) throw new Error(check.reason);
    const byName = new Map(check.targets.map((result) => [result.target, result]));
    expect(byName.get('dev-user1')).toMatchObject({ estimated: 20, actual: 20, flagged: false });
    expect(byName.get('dev-user1')?.days).toEqual([
      { date: '2026-11-30', estimated: 10, actual: 10 },
      { date: '2026-12-01', estimated: 10, actual: 10 },
    ]);
    expect(byName.get('prod')).toMatchObject({
      estimated: 8,
      actual: 9.4,
      differencePercent: -14.9,
      flagged: true,
    });
    expect(byName.get('agents')).toMatchObject({ estimated: 3, actual: 3, flagged: false });
    expect(check.total).toMatchObject({ estimated: 31, actual: 32.4, flagged: false });
  });

  it('a subscription whose bill cannot be read is named and left out; with none readable, the check is unavailable', async () => {
    const targets = [
      target('dev-user1', `${AKS(SUB_A, 'dev')}/agentPools/user1`, 10),
      target('other', `${AKS(SUB_B, 'other')}/agentPools/user1`, 10),
    ];
    const partly = await checker().check({ days: DAYS, currency: 'USD', targets });
    if (!partly.available) throw new Error(partly.reason);
    expect(partly.targets.map((result) => result.target)).toEqual(['dev-user1']);
    expect(partly.unavailable).toEqual([
      { subscriptionId: SUB_B, reason: `no Cost Management Reader on subscription ${SUB_B}` },
    ]);
    expect(await checker({}).check({ days: DAYS, currency: 'USD', targets: targets.slice(1) })).toEqual({
      available: false,
      reason: `no Cost Management Reader on subscription ${SUB_B}`,
    });
  });

  it('a bill in another currency than the prices is not compared', async () => {
    const check = await checker().check({
      days: DAYS,
      currency: 'EUR',
      targets: [target('dev-user1', `${AKS(SUB_A, 'dev')}/agentPools/user1`, 10)],
    });
    expect(check).toEqual({
      available: false,
      reason: 'the bill is in USD and the prices in EUR (set OFFHOURS_CURRENCY to the billing currency)',
    });
  });
});
