// AKS Off-Hours: the Function app (Flex Consumption, Linux, Node.js 22, Functions 4.x), its storage
// reached with a user-assigned managed identity (no shared keys), Application Insights on a Log
// Analytics workspace, the least-privilege operator role on the scopes that hold the targets, and an
// alert on failed operations. Deploy with `azd up`, or `az deployment group create -f infra/main.bicep`.
targetScope = 'resourceGroup'

@description('Short name used in every resource name (letters and digits).')
@minLength(3)
@maxLength(12)
param name string

param location string = resourceGroup().location

@description('Subscription IDs whose targets the app may stop and start (the operator role is assigned on each).')
param operatorSubscriptionIds array = []

@description('Resource groups whose targets the app may stop and start, as { subscriptionId, resourceGroup }.')
param operatorResourceGroups array = []

@description('OFFHOURS_TICK: NCRONTAB of the reconcile timer, UTC.')
param tick string = '0 */5 * * * *'

@description('OFFHOURS_DRY_RUN: decide and record but change nothing. Start with true; set false once the plan looks right.')
param dryRun bool = true

@description('OFFHOURS_SUBSCRIPTIONS: subscriptions to search for resources tagged offhours-schedule.')
param tagSubscriptionIds array = []

@description('OFFHOURS_REQUIRE_PRINCIPAL: API changes need a signed-in caller (App Service Authentication).')
param requirePrincipal bool = false

@description('OFFHOURS_OPERATORS: principals allowed to change things through the API (empty: anyone with a function key).')
param operators array = []

@description('E-mail for the failed-operation alert (empty: no action group).')
param alertEmail string = ''

var suffix = uniqueString(subscription().id, resourceGroup().id, name)
var storageName = toLower(take('${name}${suffix}', 24))
var deploymentContainer = 'app-package'
var operatorScopes = concat(map(operatorSubscriptionIds, id => '/subscriptions/${id}'), map(operatorResourceGroups, group => '/subscriptions/${group.subscriptionId}/resourceGroups/${group.resourceGroup}'))

// Built-in roles the identity needs on its own storage account.
var storageRoles = {
  blobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${name}'
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
  }
  resource blobs 'blobServices' = {
    name: 'default'
    resource packages 'containers' = {
      name: deploymentContainer
    }
  }
}

resource storageRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in items(storageRoles): {
  name: guid(storage.id, identity.id, role.value)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}]

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${name}'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${name}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

resource insightsRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(insights.id, identity.id, monitoringMetricsPublisher)
  scope: insights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${name}'
  location: location
  kind: 'functionapp'
  sku: { tier: 'FlexConsumption', name: 'FC1' }
  properties: { reserved: true }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: 'func-${name}-${take(suffix, 6)}'
  location: location
  kind: 'functionapp,linux'
  tags: { 'azd-service-name': 'api' }
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: [
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identity.properties.clientId }
        { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identity.properties.clientId};Authorization=AAD' }
        { name: 'OFFHOURS_TICK', value: tick }
        { name: 'OFFHOURS_DRY_RUN', value: string(dryRun) }
        { name: 'OFFHOURS_SUBSCRIPTIONS', value: join(tagSubscriptionIds, ',') }
        { name: 'OFFHOURS_NEW_TARGET_GRACE_MINUTES', value: '15' }
        { name: 'OFFHOURS_OPERATION_TIMEOUT_MINUTES', value: '120' }
        { name: 'OFFHOURS_OBSERVATION', value: 'resource-graph' }
        { name: 'OFFHOURS_CONCURRENCY_PER_SUBSCRIPTION', value: '10' }
        { name: 'OFFHOURS_REQUIRE_PRINCIPAL', value: string(requirePrincipal) }
        { name: 'OFFHOURS_OPERATORS', value: join(operators, ',') }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainer}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: 40
        instanceMemoryMB: 2048
      }
      runtime: {
        name: 'node'
        version: '22'
      }
    }
  }
  dependsOn: [storageRoleAssignments]
}

module operatorRole 'operatorRole.bicep' = if (!empty(operatorScopes)) {
  name: 'offhours-operator-role'
  scope: subscription()
  params: { assignableScopes: operatorScopes }
}

module subscriptionAssignments 'operatorAssignmentSubscription.bicep' = [for id in operatorSubscriptionIds: {
  name: 'offhours-operator-${take(id, 8)}'
  scope: subscription(id)
  params: {
    roleDefinitionId: operatorRole.outputs.roleDefinitionId
    principalId: identity.properties.principalId
  }
}]

module resourceGroupAssignments 'operatorAssignmentResourceGroup.bicep' = [for group in operatorResourceGroups: {
  name: 'offhours-operator-${take(uniqueString(group.subscriptionId, group.resourceGroup), 8)}'
  scope: resourceGroup(group.subscriptionId, group.resourceGroup)
  params: {
    roleDefinitionId: operatorRole.outputs.roleDefinitionId
    principalId: identity.properties.principalId
  }
}]

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmail)) {
  name: 'ag-${name}'
  location: 'global'
  properties: {
    groupShortName: take('offhours', 12)
    enabled: true
    emailReceivers: [{ name: 'operators', emailAddress: alertEmail, useCommonAlertSchema: true }]
  }
}

// Failed operations: Azure refused or failed a stop or start (one log line each, see docs/operations.md).
resource failedOperationsAlert 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: 'alert-${name}-failed-operations'
  location: location
  properties: {
    displayName: 'AKS Off-Hours: failed or refused operations'
    description: 'A stop or start failed or was refused by Azure in the last 15 minutes.'
    severity: 2
    enabled: true
    scopes: [insights.id]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: 'traces | where message has \'"event":"operation"\' and message has \'"outcome":"failed"\' or (message has \'"event":"execute"\' and message has \'"result":"refused"\')'
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
        }
      ]
    }
    actions: { actionGroups: empty(alertEmail) ? [] : [actionGroup.id] }
  }
}

output functionAppName string = app.name
output storageAccountName string = storage.name
output identityPrincipalId string = identity.properties.principalId
output applicationInsightsName string = insights.name
