import { describe, expect, it } from 'vitest';
import { describeOverlapsOf, findOverlaps } from '../../../shared/domain/findOverlaps.js';
import { parseResourceId, type ResourceId } from '../../../shared/domain/ResourceId.js';

const SUB = '00000000-0000-0000-0000-000000000001';
const CLUSTER = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/dev`;

function id(text: string): ResourceId {
  const parsed = parseResourceId(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.resourceId;
}

const cluster = { name: 'dev-cluster', resourceId: id(CLUSTER) };
const pool = { name: 'dev-user1', resourceId: id(`${CLUSTER.toUpperCase()}/agentPools/user1`) };
const otherClusterPool = { name: 'devx-user1', resourceId: id(`${CLUSTER}x/agentPools/user1`) };
const nodeScaleSet = {
  name: 'nodes',
  resourceId: id(
    `/subscriptions/${SUB}/resourceGroups/mc_rg_dev_westeurope/providers/Microsoft.Compute/virtualMachineScaleSets/aks-user1-vmss`,
  ),
};
const otherScaleSet = {
  name: 'batch',
  resourceId: id(
    `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/batch`,
  ),
};
const nodeGroups = new Map([[cluster.resourceId.key, 'MC_rg_dev_westeurope']]);

describe('findOverlaps', () => {
  it('a cluster contains its pools (IDs compared ignoring case) and the scale sets of its node resource group', () => {
    const overlaps = findOverlaps([cluster, pool, otherClusterPool, nodeScaleSet, otherScaleSet], nodeGroups);
    expect(overlaps.map((overlap) => [overlap.container.name, overlap.contained.name])).toEqual([
      ['dev-cluster', 'dev-user1'],
      ['dev-cluster', 'nodes'],
    ]);
    expect(describeOverlapsOf('dev-user1', overlaps)).toEqual([
      'it is contained in target "dev-cluster" (the node pool is part of the cluster)',
    ]);
    expect(describeOverlapsOf('batch', overlaps)).toEqual([]);
  });

  it('without the node resource group known, only pools are found; without a cluster, nothing', () => {
    expect(findOverlaps([cluster, nodeScaleSet], new Map())).toEqual([]);
    expect(findOverlaps([pool, nodeScaleSet, otherScaleSet], nodeGroups)).toEqual([]);
  });
});
