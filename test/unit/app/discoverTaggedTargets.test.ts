import { describe, expect, it } from 'vitest';
import { discoverTaggedTargets } from '../../../shared/app/reconciliation/discoverTaggedTargets.js';
import type { ObservedResource } from '../../../shared/app/operations/PowerControl.js';

const AKS = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters';
const resource = (id: string, tags: Record<string, string>): ObservedResource => ({
  key: id.toLowerCase(),
  id,
  state: 'running',
  tags,
});

describe('discoverTaggedTargets', () => {
  const observed = new Map(
    [
      resource(`${AKS}/dev`, { 'Offhours-Schedule': ' office ' }),
      resource(`${AKS}/dev/agentPools/user1`, { 'offhours-schedule': 'night' }),
      resource(`${AKS}/dev/agentPools/user2`, { team: 'a' }),
      resource(`${AKS}/prod/agentPools/user1`, { 'offhours-schedule': '' }),
      resource(
        '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/agents',
        { 'offhours-schedule': 'office' },
      ),
    ].map((entry) => [entry.key, entry]),
  );

  it('turns opted-in resources into targets named after their place, with the tag as schedule', () => {
    const { targets } = discoverTaggedTargets(observed, new Set());
    expect(targets.map((target) => [target.name, target.resourceId.kind, target.scheduleName])).toEqual([
      ['tag:s1/rg/dev', 'cluster', 'office'],
      ['tag:s1/rg/dev/user1', 'nodepool', 'night'],
      ['tag:s1/rg/agents', 'vmss', 'office'],
    ]);
  });

  it('leaves resources registered by a Targets row to the row', () => {
    const { targets } = discoverTaggedTargets(
      observed,
      new Set([`${AKS}/dev/agentPools/user1`.toLowerCase()]),
    );
    expect(targets.map((target) => target.name)).toEqual(['tag:s1/rg/dev', 'tag:s1/rg/agents']);
  });

  it('reports an empty tag', () => {
    expect(discoverTaggedTargets(observed, new Set()).problems.map((problem) => problem.reason)).toEqual([
      "the tag offhours-schedule is empty; set it to a schedule's name",
    ]);
  });

  it('refuses and reports resources outside the allowed scopes', () => {
    const { targets, problems } = discoverTaggedTargets(observed, new Set(), [
      '/subscriptions/s2',
      '/subscriptions/s1/resourceGroups/other',
    ]);
    expect(targets).toEqual([]);
    expect(problems.filter((problem) => problem.reason.startsWith('refused: '))).toHaveLength(4);
    expect(problems[0]?.reason).toBe(
      `refused: ${AKS}/dev is outside the scopes the app may act on (OFFHOURS_ALLOWED_SCOPES: /subscriptions/s2, /subscriptions/s1/resourceGroups/other)`,
    );
    expect(
      discoverTaggedTargets(observed, new Set(), ['/subscriptions/S1/resourceGroups/RG']).targets,
    ).toHaveLength(3);
  });
});
