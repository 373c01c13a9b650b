import { asciiFold } from './asciiFold.js';
import type { TargetKind } from './PowerState.js';

/** An ARM resource ID of one of the three kinds of target, with its parts. */
export interface ResourceId {
  kind: TargetKind;
  /** The ID as written, trimmed. */
  id: string;
  /**
   * The form IDs are compared in: ASCII letters lower-cased, as ARM compares resource IDs, and
   * nothing else folded (asciiFold). Every comparison of IDs goes through it.
   */
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

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Azure's rule for resource group names: letters, digits, `_ ( ) . -`, up to 90, not ending in a period. */
const RESOURCE_GROUP = /^[\p{L}\p{N}_().-]{1,90}$/u;
/** Resource names in an ID: letters, digits, `_ ( ) . -`; nothing a URL would read as a path, query or escape. */
const RESOURCE_NAME = /^[\p{L}\p{N}_().-]{1,90}$/u;

export interface ParseOptions {
  /**
   * Check every segment as a person may have mistyped it (rows, API, catalog files): the
   * subscription is a GUID, the group and names follow Azure's naming rules, no `.` or `..`.
   * IDs that come from Azure itself need no such check.
   */
  checkSegments?: boolean;
}

/** Recognises an AKS node pool, AKS cluster or VM scale set ID; anything else is refused with the forms that work. */
export function parseResourceId(text: string, options: ParseOptions = {}): ResourceIdResult {
  const id = text.trim().replace(/\/+$/, '');
  for (const { kind, pattern } of PATTERNS) {
    const match = pattern.exec(id);
    if (!match) continue;
    const [, subscriptionId = '', resourceGroup = '', name = '', pool] = match;
    const segmentProblem = options.checkSegments
      ? findSegmentProblem(subscriptionId, resourceGroup, [name, ...(pool ? [pool] : [])])
      : undefined;
    if (segmentProblem)
      return { ok: false, message: `"${text}" is not a valid resource ID: ${segmentProblem}` };
    const names =
      kind === 'vmss' ? { scaleSetName: name } : { clusterName: name, ...(pool ? { poolName: pool } : {}) };
    return {
      ok: true,
      resourceId: { kind, id, key: asciiFold(id), subscriptionId, resourceGroup, ...names },
    };
  }
  const type = /\/providers\/([^/]+\/[^/]+)/i.exec(id)?.[1];
  const what = type ? `a ${type} resource` : 'not an ARM resource ID';
  return {
    ok: false,
    message: `"${text}" is ${what}; a target is an AKS node pool, an AKS cluster or a VM scale set: ${EXAMPLES.join(' or ')}`,
  };
}

function findSegmentProblem(
  subscriptionId: string,
  resourceGroup: string,
  names: string[],
): string | undefined {
  if (!GUID.test(subscriptionId))
    return `the subscription "${subscriptionId}" is not a subscription ID (a GUID such as 00000000-0000-0000-0000-000000000000)`;
  if (!RESOURCE_GROUP.test(resourceGroup) || resourceGroup.endsWith('.'))
    return `the resource group "${resourceGroup}" is not a valid name (1 to 90 letters, digits, and _ ( ) . -, not ending in a period)`;
  for (const name of names)
    if (!RESOURCE_NAME.test(name) || /^\.+$/.test(name))
      return `the name "${name}" is not a valid resource name (letters, digits, and _ ( ) . -; no spaces, no "..", no / ? # % & =)`;
  return undefined;
}
