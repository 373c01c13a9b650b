import type { TargetKind } from './PowerState.js';

/** What keeps billing while a target is stopped, as Microsoft documents it (the tier fee is priced by the report). */
export interface StillBilled {
  /** In plain words; what is priced says "priced under whileStopped", what is not "(not priced here)". */
  items: string[];
  /** Microsoft's page that says so (docs/savings.md quotes them). */
  source: string;
}

const VM_STATES_AND_BILLING = 'https://learn.microsoft.com/azure/virtual-machines/states-billing';

/**
 * Per kind of target (docs/savings.md): a deallocated VM is not billed for compute, but its disks
 * and the networking it keeps are; a stopped node pool leaves its cluster's control plane running; a
 * stopped cluster stops its control plane too.
 */
export const STILL_BILLED: Record<TargetKind, StillBilled> = {
  vmss: {
    items: [
      "the instances' managed disks, OS and data: observed (its capacity and model disks) and priced under whileStopped",
      'networking kept for the instances, a static public IP for instance (not priced here)',
    ],
    source: VM_STATES_AND_BILLING,
  },
  nodepool: {
    items: [
      "the nodes' OS disks only if the pool's scale set keeps its instances after the stop: observed (its capacity in the node resource group) and priced under whileStopped; users report that a stop deletes them (https://github.com/Azure/AKS/issues/2810)",
      "the cluster's control plane, which keeps running, with its pricing tier (Standard or Premium: its fee is priced under whileStopped when the tier was observed)",
    ],
    source: 'https://learn.microsoft.com/azure/aks/start-stop-nodepools',
  },
  cluster: {
    items: [
      "what stays in the node resource group, observed and priced under whileStopped: persistent volumes' disks (by tier), public IP addresses, the load balancer's rules, and the nodes' OS disks if the scale sets keep their instances",
    ],
    source: 'https://learn.microsoft.com/azure/aks/start-stop-cluster',
  },
};
