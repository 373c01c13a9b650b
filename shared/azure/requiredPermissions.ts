/** Every Azure RBAC action the app needs, and why: the source of the least-privilege custom role. */
export const REQUIRED_PERMISSIONS: readonly { action: string; why: string }[] = [
  {
    action: 'Microsoft.ResourceGraph/resources/read',
    why: 'observe the whole fleet with Resource Graph each tick (one paged query per half of the subscriptions)',
  },
  {
    action: 'Microsoft.ContainerService/managedClusters/read',
    why: 'read clusters and their agent pool profiles (Resource Graph and the per-cluster fallback)',
  },
  {
    action: 'Microsoft.ContainerService/managedClusters/agentPools/read',
    why: 'read a node pool after a start, to check its autoscaler settings',
  },
  {
    action: 'Microsoft.ContainerService/managedClusters/agentPools/write',
    why: 'stop and start node pools (powerState) and restore their autoscaler settings',
  },
  { action: 'Microsoft.ContainerService/managedClusters/start/action', why: 'start a whole cluster' },
  { action: 'Microsoft.ContainerService/managedClusters/stop/action', why: 'stop a whole cluster' },
  {
    action: 'Microsoft.ContainerService/managedClusters/maintenanceConfigurations/read',
    why: "read each cluster's planned maintenance windows, once a day (docs/maintenance.md)",
  },
  {
    action: 'Microsoft.ContainerService/locations/kubernetesVersions/read',
    why: 'read the Kubernetes versions AKS supports in each region, once a day (version support, docs/maintenance.md)',
  },
  {
    action: 'Microsoft.ContainerService/locations/operations/read',
    why: 'follow an AKS operation (Azure-AsyncOperation)',
  },
  {
    action: 'Microsoft.ContainerService/locations/operationresults/read',
    why: 'follow an AKS operation (Location)',
  },
  {
    action: 'Microsoft.Compute/virtualMachineScaleSets/read',
    why: 'read scale sets (Resource Graph and the fallback)',
  },
  {
    action: 'Microsoft.Compute/virtualMachineScaleSets/virtualMachines/read',
    why: "read scale-set instances' power state",
  },
  {
    action: 'Microsoft.Compute/virtualMachineScaleSets/deallocate/action',
    why: 'stop (deallocate) a scale set',
  },
  { action: 'Microsoft.Compute/virtualMachineScaleSets/start/action', why: 'start a scale set' },
  {
    action: 'Microsoft.Compute/virtualMachines/read',
    why: "list a Flexible scale set's VMs with their power state (before its stop or start, and the fallback)",
  },
  {
    action: 'Microsoft.Compute/virtualMachines/deallocate/action',
    why: 'stop (deallocate) each VM of a Flexible scale set, which has no scale-set-wide deallocate',
  },
  {
    action: 'Microsoft.Compute/virtualMachines/start/action',
    why: 'start each VM of a Flexible scale set, which has no scale-set-wide start',
  },
  { action: 'Microsoft.Compute/locations/operations/read', why: 'follow a scale-set operation' },
  {
    action: 'Microsoft.Compute/disks/read',
    why: "see the disks left in a cluster's node resource group, to price what keeps billing while stopped (once a day, docs/savings.md)",
  },
  {
    action: 'Microsoft.Network/publicIPAddresses/read',
    why: "see the public IPs in a cluster's node resource group, likewise",
  },
  {
    action: 'Microsoft.Network/loadBalancers/read',
    why: "see the load balancer's rules in a cluster's node resource group, likewise",
  },
];

export const OPERATOR_ROLE_NAME = 'AKS Off-Hours Operator';

/** The custom role definition, as `az role definition create --role-definition` takes it. */
export function operatorRoleDefinition(assignableScopes: readonly string[]): Record<string, unknown> {
  return {
    Name: OPERATOR_ROLE_NAME,
    IsCustom: true,
    Description:
      'Stops and starts AKS node pools, AKS clusters and VM scale sets on a schedule (AKS Off-Hours); reads nothing else.',
    Actions: REQUIRED_PERMISSIONS.map((permission) => permission.action),
    NotActions: [],
    DataActions: [],
    NotDataActions: [],
    AssignableScopes: [...assignableScopes],
  };
}
