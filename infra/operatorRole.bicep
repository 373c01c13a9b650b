// The least-privilege custom role "AKS Off-Hours Operator", from the permission list in code
// (infra/operatorRole.json is written by `aks-offhours role`; a test keeps it equal to the code).
// One role per installation: a custom role's name is unique in the tenant, and a shared role would
// have its assignable scopes overwritten by each installation.
targetScope = 'subscription'

@description('GUID of the role definition, derived from the installation.')
param roleGuid string

@description('The installation\'s hash, appended to the role name.')
param installation string

@description('Where the installation lives, for the role description.')
param installationDescription string

@description('Scopes the role may be assigned at: subscriptions and resource groups that hold the targets.')
param assignableScopes array

var role = loadJsonContent('operatorRole.json')

resource operatorRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: roleGuid
  properties: {
    roleName: '${role.Name} (${installation})'
    description: '${role.Description} Installation: ${installationDescription}.'
    type: 'CustomRole'
    permissions: [
      {
        actions: role.Actions
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
    assignableScopes: assignableScopes
  }
}

output roleDefinitionId string = operatorRole.id
