import { asciiFold } from '../shared/domain/asciiFold.js';

/**
 * The AKS cluster a cluster or node pool target belongs to, from its resource ID; undefined for
 * anything else (a scale set). `key` compares as Azure does (ASCII case folding).
 */
export function clusterOf(
  resourceId: string,
): { key: string; name: string; resourceGroup: string } | undefined {
  const match =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerService\/managedClusters\/([^/]+)/i.exec(
      resourceId,
    );
  if (!match) return undefined;
  const [, subscription = '', resourceGroup = '', name = ''] = match;
  return { key: asciiFold(`${subscription}/${resourceGroup}/${name}`), name, resourceGroup };
}
