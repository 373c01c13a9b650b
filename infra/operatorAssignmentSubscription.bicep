// Assigns the operator role to the app's identity on a whole subscription.
targetScope = 'subscription'

param roleDefinitionId string
param principalId string

resource assignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  // The role's GUID, lower-cased: the same role written in another case or form (with or without
  // the subscription) gives the same name, never a second assignment (RoleAssignmentExists).
  name: guid(subscription().id, principalId, toLower(last(split(roleDefinitionId, '/'))))
  properties: {
    roleDefinitionId: roleDefinitionId
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}
