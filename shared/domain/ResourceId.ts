import type { TargetKind } from './PowerState.js';

/** An ARM resource ID of one of the three kinds of target, with its parts. */
export interface ResourceId {
  kind: TargetKind;
  /** The ID as written, trimmed. */
  id: string;
  /** Lower-case form: ARM compares resource IDs case-insensitively. */
  key: string;
  subscriptionId: string;
  resourceGroup: string;
  /** The AKS cluster, for `cluster` and `nodepool`. */
  clusterName?: string;
  /** The agent pool, for `nodepool`. */
  poolName?: string;
  /** The scale set, for `vmss`. */
  scaleSetName?: string;
}

const NAME = '([^/]+)';
const PREFIX = `^/subscriptions/${NAME}/resourceGroups/${NAME}/providers/`;
const PATTERNS: { kind: TargetKind; pattern: RegExp }[] = [
  {
    kind: 'nodepool',
    pattern: new RegExp(
      `${PREFIX}Microsoft\\.ContainerService/managedClusters/${NAME}/agentPools/${NAME}$`,
      'i',
    ),
  },
  {
    kind: 'cluster',
    pattern: new RegExp(`${PREFIX}Microsoft\\.ContainerService/managedClusters/${NAME}$`, 'i'),
  },
  { kind: 'vmss', pattern: new RegExp(`${PREFIX}Microsoft\\.Compute/virtualMachineScaleSets/${NAME}$`, 'i') },
];

const EXAMPLES = [
  '/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ContainerService/managedClusters/<cluster>/agentPools/<pool>',
  '/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ContainerService/managedClusters/<cluster>',
  '/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Compute/virtualMachineScaleSets/<scale set>',
];

export type ResourceIdResult = { ok: true; resourceId: ResourceId } | { ok: false; message: string };

/** Recognises an AKS node pool, AKS cluster or VM scale set ID; anything else is refused with the forms that work. */
export function parseResourceId(text: string): ResourceIdResult {
  const id = text.trim().replace(/\/+$/, '');
  for (const { kind, pattern } of PATTERNS) {
    const match = pattern.exec(id);
    if (!match) continue;
    const [, subscriptionId = '', resourceGroup = '', name = '', pool] = match;
    const names =
      kind === 'vmss' ? { scaleSetName: name } : { clusterName: name, ...(pool ? { poolName: pool } : {}) };
    return {
      ok: true,
      resourceId: { kind, id, key: id.toLowerCase(), subscriptionId, resourceGroup, ...names },
    };
  }
  const type = /\/providers\/([^/]+\/[^/]+)/i.exec(id)?.[1];
  const what = type ? `a ${type} resource` : 'not an ARM resource ID';
  return {
    ok: false,
    message: `"${text}" is ${what}; a target is an AKS node pool, an AKS cluster or a VM scale set: ${EXAMPLES.join(' or ')}`,
  };
}
