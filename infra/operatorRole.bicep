// The least-privilege custom role "AKS Off-Hours Operator", from the permission list in code
// (infra/operatorRole.json is written by `aks-offhours role`; a test keeps it equal to the code).
targetScope = 'subscription'

@description('Scopes the role may be assigned at: subscriptions and resource groups that hold the targets.')
param assignableScopes array

var role = loadJsonContent('operatorRole.json')

resource operatorRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(subscription().id, role.Name)
  properties: {
    roleName: role.Name
    description: role.Description
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
