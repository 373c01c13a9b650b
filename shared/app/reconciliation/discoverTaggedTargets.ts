import { outsideAllowedScopes } from '../../domain/outsideAllowedScopes.js';
import { parseResourceId } from '../../domain/ResourceId.js';
import type { ObservedResource } from '../operations/PowerControl.js';
import type { RowProblem } from '../storage/RowProblem.js';
import type { TargetRecord } from '../targets/TargetTable.js';

/** The tag that opts a cluster, node pool or scale set in; its value names the schedule. */
export const OPT_IN_TAG = 'offhours-schedule';

/** The opt-in tag as `[name, value]`, its name in any case; undefined when the resource has none. */
export function optInTagOf(tags: Readonly<Record<string, string>>): [string, string] | undefined {
  return Object.entries(tags).find(([name]) => name.toLowerCase() === OPT_IN_TAG);
}

/**
 * Targets that opted in by tag, as virtual Targets rows named `tag:<subscription>/<group>/<name…>`.
 * A resource that a Targets row registers is left to the row: the row, edited by a person, wins. One
 * outside the allowed scopes is refused and reported, never made a target (docs/security.md).
 */
export function discoverTaggedTargets(
  observed: ReadonlyMap<string, ObservedResource>,
  registered: ReadonlySet<string>,
  allowedScopes: readonly string[] = [],
): { targets: TargetRecord[]; problems: RowProblem[] } {
  const targets: TargetRecord[] = [];
  const problems: RowProblem[] = [];
  for (const resource of observed.values()) {
    const tag = optInTagOf(resource.tags);
    if (!tag || registered.has(resource.key)) continue;
    const parsed = parseResourceId(resource.id);
    if (!parsed.ok) continue;
    const scheduleName = tag[1].trim();
    const { subscriptionId, resourceGroup, clusterName, poolName, scaleSetName } = parsed.resourceId;
    const name = `tag:${[subscriptionId, resourceGroup, clusterName ?? scaleSetName, poolName].filter(Boolean).join('/')}`;
    const outside = outsideAllowedScopes(parsed.resourceId, allowedScopes);
    if (outside) {
      problems.push({
        table: 'Tags',
        partitionKey: resource.id,
        rowKey: name,
        column: OPT_IN_TAG,
        value: tag[1],
        reason: `refused: ${outside}`,
      });
      continue;
    }
    if (scheduleName === '') {
      problems.push({
        table: 'Tags',
        partitionKey: resource.id,
        rowKey: OPT_IN_TAG,
        column: OPT_IN_TAG,
        value: '',
        reason: `the tag ${OPT_IN_TAG} is empty; set it to a schedule's name`,
      });
      continue;
    }
    targets.push({
      name,
      resourceId: parsed.resourceId,
      scheduleName,
      enabled: true,
      allowAksManagedScaleSet: false,
      description: `opted in by the tag ${OPT_IN_TAG}`,
    });
  }
  return { targets, problems };
}
