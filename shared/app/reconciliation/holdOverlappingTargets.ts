import { describeOverlapsOf, findOverlaps } from '../../domain/findOverlaps.js';
import type { ScheduledTarget } from '../catalog/loadCatalog.js';
import type { ObservedResource } from '../operations/PowerControl.js';
import { showValue, type RowProblem } from '../storage/RowProblem.js';

/**
 * Targets that contain or are contained in another registered target (docs/decisions.md, Overlapping
 * targets) are held: never acted on, the problem reported on every row involved, until one is removed.
 */
export function holdOverlappingTargets(
  targets: readonly ScheduledTarget[],
  observed: ReadonlyMap<string, ObservedResource>,
): { held: Set<string>; problems: RowProblem[] } {
  const overlaps = findOverlaps(
    targets.map(({ target }) => ({ name: target.name, resourceId: target.resourceId })),
    nodeResourceGroupsOf(observed),
  );
  const held = new Set<string>();
  const problems: RowProblem[] = [];
  if (overlaps.length === 0) return { held, problems };
  for (const { target } of targets) {
    const described = describeOverlapsOf(target.name, overlaps);
    if (described.length === 0) continue;
    held.add(target.name);
    const tagged = target.name.startsWith('tag:');
    problems.push({
      table: tagged ? 'Tags' : 'Targets',
      partitionKey: tagged ? target.resourceId.id : (target.row?.partitionKey ?? ''),
      rowKey: tagged ? target.name : (target.row?.rowKey ?? target.name),
      column: 'ResourceId',
      value: showValue(target.resourceId.id),
      reason: `overlapping targets: ${described.join('; ')}; neither is acted on until one of them is unregistered`,
    });
  }
  return { held, problems };
}

/** Each observed cluster's node resource group, by lower-case cluster ID. */
export function nodeResourceGroupsOf(observed: ReadonlyMap<string, ObservedResource>): Map<string, string> {
  const groups = new Map<string, string>();
  for (const resource of observed.values())
    if (resource.nodeResourceGroup) groups.set(resource.key, resource.nodeResourceGroup);
  return groups;
}
