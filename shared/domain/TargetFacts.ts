import type { ObservedState, TargetKind } from './PowerState.js';

/** What the engine knows about a target from its registration. */
export interface TargetFacts {
  /** ARM resource ID, compared case-insensitively. */
  id: string;
  kind: TargetKind;
  /** Only registered targets (a Targets row or the opt-in tag) are ever acted on. */
  registered: boolean;
  /** Lets a `vmss` target be a scale set that AKS manages, which AKS calls unsupported. */
  allowAksManagedScaleSet?: boolean;
}

/** What was observed in Azure this tick, including the facts behind Azure's own refusals. */
export interface Observation {
  state: ObservedState;
  /** A node pool in System mode: AKS does not stop those on their own. */
  isSystemPool?: boolean;
  /** The pool's cluster uses node auto-provisioning, where AKS does not stop pools. */
  hasNodeAutoProvisioning?: boolean;
  /** A scale set that AKS manages (tag `aks-managed-poolName` or `poolName`). */
  isAksManagedScaleSet?: boolean;
  /**
   * An operation AKS runs on the target or on its cluster (an upgrade, a scale, a node image
   * upgrade), as its provisioning state names it: nothing is sent over it (docs/maintenance.md).
   */
  operation?: string;
}
