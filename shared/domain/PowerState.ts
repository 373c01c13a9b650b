/** What the schedule or an override wants a target to be. */
export type DesiredState = 'running' | 'stopped';

/** A target's power state as observed in Azure, normalised across node pools, clusters and scale sets. */
export type ObservedState = 'running' | 'stopped' | 'starting' | 'stopping' | 'failed' | 'unknown';

export type TargetKind = 'nodepool' | 'cluster' | 'vmss';

export const TARGET_KINDS: readonly TargetKind[] = ['nodepool', 'cluster', 'vmss'];
