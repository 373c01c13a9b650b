// AKS Off-Hours: the Function app (Flex Consumption, Linux, Node.js 22, Functions 4.x), its storage
// reached with a user-assigned managed identity (no shared keys), Application Insights on a Log
// Analytics workspace, the least-privilege operator role on the scopes that hold the targets, App
// Service Authentication with Microsoft Entra ID (optional), and an alert on failed operations.
// Deploy with `azd up`, or `az deployment group create -f infra/main.bicep` (docs/deploy.md).
// infra/main.json is this file compiled (`npm run check:infra -- --write`); CI keeps them equal.
targetScope = 'resourceGroup'

@description('Name of the installation: the azd environment name (AZURE_ENV_NAME). Any name azd allows; resource names are derived from a hash of it, the subscription, the resource group and the location.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Location of every resource (default: the resource group\'s).')
param location string = resourceGroup().location

@description('Subscription IDs whose targets the app may stop and start (the operator role is assigned on each).')
param operatorSubscriptionIds array = []

@description('Resource groups whose targets the app may stop and start, as { subscriptionId, resourceGroup }.')
param operatorResourceGroups array = []

@description('Resource ID of the operator role to assign on those scopes. Empty: this deployment creates the role for this installation and assigns nothing yet (a role needs minutes to replicate); deploy again with the ID from output OFFHOURS_OPERATOR_ROLE_ID, which azd does on the next `azd provision`. Or the ID of a role you made yourself (`aks-offhours role`).')
param operatorRoleDefinitionId string = ''

@description('Whether this deployment writes this installation\'s own operator role (its definition and assignable scopes, at subscription level). False: the role given as operatorRoleDefinitionId is only assigned, and the deployment needs no rights on the subscription; whoever manages the role updates its assignable scopes when the operator scopes change (docs/deploy.md, Continuous deployment).')
param manageOperatorRole bool = true

@description('OFFHOURS_TICK: NCRONTAB of the reconcile timer, UTC.')
param tick string = '0 */5 * * * *'

@description('OFFHOURS_DRY_RUN: decide and record but change nothing. Start with true; set false once the plan looks right, here (azd env set OFFHOURS_DRY_RUN false), never in the portal: every deployment writes all app settings again.')
param dryRun bool = true

@description('OFFHOURS_SUBSCRIPTIONS: subscriptions to search for resources tagged offhours-schedule.')
param tagSubscriptionIds array = []

@description('OFFHOURS_PROTECTED_TAGS: tags (name=value) of resources never to stop.')
param protectedTags array = [
  'environment=prod'
  'environment=production'
]

@description('OFFHOURS_REQUIRE_PRINCIPAL: API changes need a caller signed in with App Service Authentication (set authClientId).')
param requirePrincipal bool = false

@description('OFFHOURS_OPERATORS: principals allowed to change things through the API (empty, with no operator roles held: anyone allowed by requirePrincipal).')
param operators array = []

@description('OFFHOURS_OPERATOR_ROLES: Entra ID app roles whose holders are operators.')
param operatorRoles array = [
  'OffHours.Operator'
]

@description('OFFHOURS_CHANGES_PER_MINUTE: changing API calls allowed per caller and minute on each instance (429 beyond).')
@minValue(1)
@maxValue(10000)
param changesPerMinute int = 30

@description('OFFHOURS_CURRENCY: the currency of the savings report (a currency the Azure Retail Prices API prices in).')
@allowed([
  'USD'
  'AUD'
  'BRL'
  'CAD'
  'CHF'
  'CNY'
  'DKK'
  'EUR'
  'GBP'
  'INR'
  'JPY'
  'KRW'
  'NOK'
  'NZD'
  'RUB'
  'SEK'
  'TWD'
])
param currency string = 'USD'

@description('OFFHOURS_DISCOUNT_PERCENT: taken off pay-as-you-go list prices in the savings report (an agreement\'s discount), 0 to 100, e.g. 22.5.')
param discountPercent string = '0'
@description('OFFHOURS_RESERVATIONS: reserved instances that already pay for nodes, SIZE@REGION×COUNT (x for ×), e.g. Standard_D4s_v5@westeurope×3.')
param reservations array = []
@description('OFFHOURS_SAVINGS_PLAN_HOURLY: a compute savings plan\'s hourly commitment, in OFFHOURS_CURRENCY; 0 for none.')
param savingsPlanHourly string = '0'
@description('OFFHOURS_MAX_START_LEAD_MINUTES: the longest start lead (learned or a schedule\'s StartLead) any target gets, in minutes; 0 turns start leads off.')
@minValue(0)
@maxValue(720)
param maxStartLeadMinutes int = 60

@description('OFFHOURS_START_COOLDOWN_MINUTES: how long a cluster\'s start waits after its stop ended (Microsoft advises 15 to 30 minutes); 0 turns the wait off.')
@minValue(0)
@maxValue(60)
param startCooldownMinutes int = 15

@description('OFFHOURS_LONG_STOP_WARN_DAYS: a target stopped this many days is reported.')
@minValue(1)
@maxValue(364)
param longStopWarnDays int = 30

@description('OFFHOURS_LONG_STOP_ALERT_DAYS: a cluster stopped this many days is a health alert and, with Maintenance wake, is started (AKS deletes a cluster stopped for 12 months).')
@minValue(1)
@maxValue(364)
param longStopAlertDays int = 300

@description('App Service Authentication: client ID of the Microsoft Entra ID app registration for the API. Empty: authentication stays off and only function keys protect the API.')
param authClientId string = ''

@description('App Service Authentication: tenant of the app registration (default: this deployment\'s tenant).')
param authTenantId string = tenant().tenantId

@description('App Service Authentication: token audiences accepted (default: api://<authClientId> and the client ID).')
param authAllowedAudiences array = []

@description('App Service Authentication: client IDs of the applications allowed to call the API besides the app registration itself (its own sign-in), e.g. the Azure CLI (04b07795-8ddb-461a-bbee-02f9e1bf7b46) for az account get-access-token. Any other application in the tenant gets 403.')
param authAllowedClientApplications array = []

@description('App Service Authentication: let requests without a token through, so callers with a function key keep working (AllowAnonymous). False: they get 401 (Return401).')
param allowFunctionKeyCallers bool = true

@description('OFFHOURS_NOTIFY_CHANNELS: Key Vault secret URI (e.g. https://<vault>.vault.azure.net/secrets/offhours-notify-channels) of the JSON naming the notification channels and their webhook URLs (docs/notifications.md). Empty: no notices. The app identity needs Key Vault Secrets User on the vault.')
param notifyChannelsSecretUri string = ''

@description('OFFHOURS_NOTIFY_LINK_KEYS: Key Vault secret URI of the key(s) that sign one-click links (at least 32 characters; two, comma-separated, during a rotation).')
param notifyLinkKeysSecretUri string = ''

@description('OFFHOURS_NOTIFY_LINK_BASE_URL: the URL the links start with (empty: https://<function app>.azurewebsites.net).')
param notifyLinkBaseUrl string = ''

@description('OFFHOURS_NOTIFY_LEAD_MINUTES: how long before a scheduled stop its notice goes out.')
@minValue(1)
@maxValue(10080)
param notifyLeadMinutes int = 30

@description('OFFHOURS_NOTIFY_KEEP_UNTIL: local time (HH:MM) of the "keep running until" link.')
param notifyKeepUntil string = '22:00'

@description('OFFHOURS_NOTIFY_FAILURES: also tell the notification channels when a stop or start failed.')
param notifyFailures bool = false

@description('E-mail for the failed-operation alert (empty: no action group).')
param alertEmail string = ''

// Names as in Microsoft's azd templates: a prefix and a hash, valid for every environment name.
var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var deploymentContainer = 'app-package'
var operatorScopes = concat(
  map(operatorSubscriptionIds, id => '/subscriptions/${id}'),
  map(operatorResourceGroups, group => '/subscriptions/${group.subscriptionId}/resourceGroups/${group.resourceGroup}')
)

// The operator role: this installation's own (its GUID and name hold the installation's hash, so
// installations never share or overwrite one), or one the user gives.
var ownRoleGuid = guid(subscription().id, resourceGroup().id, environmentName, location, 'aks-offhours-operator')
var ownRoleId = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', ownRoleGuid)
var createsOwnRole = manageOperatorRole && !empty(operatorScopes) && (empty(operatorRoleDefinitionId) || toLower(operatorRoleDefinitionId) == toLower(ownRoleId))
var assignsRole = !empty(operatorScopes) && !empty(operatorRoleDefinitionId)

// Combinations refused before anything changes (docs/deploy.md, Changing the operator scopes). No
// scopes but a role: the scopes were all removed, the old assignments stay, and the app would read
// the empty OFFHOURS_ALLOWED_SCOPES as "any scope". An unmanaged role that is not given: nothing
// would be assigned, silently.
var refusal = empty(operatorScopes) && !empty(operatorRoleDefinitionId)
  ? 'Refused: operatorRoleDefinitionId is set but there are no operator scopes (operatorSubscriptionIds, operatorResourceGroups). Removing every scope would leave the old role assignments in place while the app reads an empty OFFHOURS_ALLOWED_SCOPES as any scope. Delete the assignments and the role first, then clear OFFHOURS_OPERATOR_ROLE_ID (docs/deploy.md, Changing the operator scopes)'
  : !manageOperatorRole && !empty(operatorScopes) && empty(operatorRoleDefinitionId)
      ? 'Refused: manageOperatorRole is false but no operatorRoleDefinitionId is given: nothing would be assigned on the operator scopes. Give the role to assign (OFFHOURS_OPERATOR_ROLE_ID)'
      : ''

// Built-in roles the identity needs on its own storage account and Application Insights.
var storageRoles = {
  blobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

// Webhook URLs and link keys are secrets: Key Vault references, resolved by the platform with the
// app's identity (keyVaultReferenceIdentity), never stored in a table or in this template.
func keyVaultReference(uri string) string => empty(uri) ? '' : '@Microsoft.KeyVault(SecretUri=${uri})'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-offhours-${resourceToken}'
  location: location
  tags: tags
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'stoffhours${resourceToken}'
  location: location
  tags: tags
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

resource storageRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in items(storageRoles): {
    name: guid(storage.id, identity.id, role.value)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
      principalId: identity.properties.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-offhours-${resourceToken}'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-offhours-${resourceToken}'
  location: location
  tags: tags
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
  name: 'plan-offhours-${resourceToken}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { tier: 'FlexConsumption', name: 'FC1' }
  properties: { reserved: true }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: 'func-offhours-${resourceToken}'
  location: location
  kind: 'functionapp,linux'
  tags: union(tags, { 'azd-service-name': 'api' })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: [
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identity.properties.clientId }
        { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identity.properties.clientId};Authorization=AAD' }
        // V8 sizes its heap from the machine, not from the instance: pinned to half the instance's memory (docs/architecture.md, Memory).
        { name: 'languageWorkers__node__arguments', value: '--max-old-space-size=1024 --max-semi-space-size=4' }
        { name: 'OFFHOURS_TICK', value: tick }
        { name: 'OFFHOURS_DRY_RUN', value: string(dryRun) }
        { name: 'OFFHOURS_SUBSCRIPTIONS', value: join(tagSubscriptionIds, ',') }
        { name: 'OFFHOURS_NEW_TARGET_GRACE_MINUTES', value: '15' }
        { name: 'OFFHOURS_OPERATION_TIMEOUT_MINUTES', value: '120' }
        { name: 'OFFHOURS_OBSERVATION', value: 'resource-graph' }
        { name: 'OFFHOURS_CONCURRENCY_PER_SUBSCRIPTION', value: '10' }
        { name: 'OFFHOURS_ALLOWED_SCOPES', value: empty(refusal) ? join(operatorScopes, ',') : fail(refusal) }
        { name: 'OFFHOURS_PROTECTED_TAGS', value: join(protectedTags, ',') }
        { name: 'OFFHOURS_REQUIRE_PRINCIPAL', value: string(requirePrincipal) }
        { name: 'OFFHOURS_OPERATORS', value: join(operators, ',') }
        { name: 'OFFHOURS_OPERATOR_ROLES', value: join(operatorRoles, ',') }
        { name: 'OFFHOURS_CHANGES_PER_MINUTE', value: string(changesPerMinute) }
        { name: 'OFFHOURS_CURRENCY', value: currency }
        { name: 'OFFHOURS_DISCOUNT_PERCENT', value: discountPercent }
        { name: 'OFFHOURS_RESERVATIONS', value: join(reservations, ',') }
        { name: 'OFFHOURS_SAVINGS_PLAN_HOURLY', value: savingsPlanHourly }
        { name: 'OFFHOURS_MAX_START_LEAD_MINUTES', value: string(maxStartLeadMinutes) }
        { name: 'OFFHOURS_START_COOLDOWN_MINUTES', value: string(startCooldownMinutes) }
        { name: 'OFFHOURS_LONG_STOP_WARN_DAYS', value: string(longStopWarnDays) }
        { name: 'OFFHOURS_LONG_STOP_ALERT_DAYS', value: string(longStopAlertDays) }
        { name: 'OFFHOURS_NOTIFY_CHANNELS', value: keyVaultReference(notifyChannelsSecretUri) }
        { name: 'OFFHOURS_NOTIFY_LINK_KEYS', value: keyVaultReference(notifyLinkKeysSecretUri) }
        { name: 'OFFHOURS_NOTIFY_LINK_BASE_URL', value: empty(notifyLinkBaseUrl) ? 'https://func-offhours-${resourceToken}.azurewebsites.net' : notifyLinkBaseUrl }
        { name: 'OFFHOURS_NOTIFY_LEAD_MINUTES', value: string(notifyLeadMinutes) }
        { name: 'OFFHOURS_NOTIFY_KEEP_UNTIL', value: notifyKeepUntil }
        { name: 'OFFHOURS_NOTIFY_FAILURES', value: string(notifyFailures) }
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

// App Service Authentication with Microsoft Entra ID: the platform validates tokens and strips
// client-sent principal headers, so the app can believe x-ms-client-principal (docs/deploy.md).
resource authentication 'Microsoft.Web/sites/config@2024-04-01' = if (!empty(authClientId)) {
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: { enabled: true }
    globalValidation: {
      requireAuthentication: !allowFunctionKeyCallers
      unauthenticatedClientAction: allowFunctionKeyCallers ? 'AllowAnonymous' : 'Return401'
    }
    httpSettings: { requireHttps: true }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: authClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${authTenantId}/v2.0'
        }
        validation: {
          allowedAudiences: empty(authAllowedAudiences) ? ['api://${authClientId}', authClientId] : authAllowedAudiences
          // Tokens issued to any other application of the tenant are refused (403), not only those
          // for another audience.
          defaultAuthorizationPolicy: {
            allowedApplications: union([authClientId], authAllowedClientApplications)
          }
        }
      }
    }
    login: { tokenStore: { enabled: false } }
  }
}

// Step 1 of two (docs/deploy.md): the role definition. Its assignments wait for the next deployment,
// because a new role definition takes minutes to replicate and an assignment made at once fails.
module operatorRole 'operatorRole.bicep' = if (createsOwnRole) {
  name: 'offhours-role-${resourceToken}'
  scope: subscription()
  params: {
    roleGuid: ownRoleGuid
    installation: resourceToken
    installationDescription: 'resource group ${resourceGroup().name}, environment ${environmentName}'
    assignableScopes: operatorScopes
  }
}

// Step 2: the assignments, once the role exists (operatorRoleDefinitionId given).
module subscriptionAssignments 'operatorAssignmentSubscription.bicep' = [
  for id in operatorSubscriptionIds: if (assignsRole) {
    name: 'offhours-assign-${resourceToken}-${uniqueString(id)}'
    scope: subscription(id)
    params: {
      roleDefinitionId: operatorRoleDefinitionId
      principalId: identity.properties.principalId
    }
    // A changed role (new assignable scopes) is written before it is assigned.
    dependsOn: [operatorRole]
  }
]

module resourceGroupAssignments 'operatorAssignmentResourceGroup.bicep' = [
  for group in operatorResourceGroups: if (assignsRole) {
    name: 'offhours-assign-${resourceToken}-${uniqueString(group.subscriptionId, group.resourceGroup)}'
    scope: resourceGroup(group.subscriptionId, group.resourceGroup)
    params: {
      roleDefinitionId: operatorRoleDefinitionId
      principalId: identity.properties.principalId
    }
    dependsOn: [operatorRole]
  }
]

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmail)) {
  name: 'ag-offhours-${resourceToken}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'offhours'
    enabled: true
    emailReceivers: [{ name: 'operators', emailAddress: alertEmail, useCommonAlertSchema: true }]
  }
}

// Failed operations: the "Failures" query of docs/operations.md (a test keeps them equal).
var failuresQuery = '''
traces
| where message startswith '{"event":"operation"' or message startswith '{"event":"execute"'
| extend e = parse_json(message)
| where e.outcome in ("failed", "timed-out") or e.result in ("refused", "conflict")
'''

resource failedOperationsAlert 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = {
  name: 'alert-offhours-${resourceToken}-failed-operations'
  location: location
  tags: tags
  properties: {
    displayName: 'AKS Off-Hours (${environmentName}): failed, timed-out, refused or conflicting operations'
    description: 'A stop or start failed, timed out, was refused by Azure or met a conflicting operation in the last 15 minutes.'
    severity: 2
    enabled: true
    scopes: [insights.id]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: failuresQuery
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
        }
      ]
    }
    // One e-mail an hour while failures go on, not one every evaluation (5 minutes). Mute needs a
    // rule that does not resolve itself.
    autoMitigate: false
    muteActionsDuration: 'PT1H'
    actions: { actionGroups: empty(alertEmail) ? [] : [actionGroup.id] }
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output functionAppName string = app.name
output storageAccountName string = storage.name
output identityPrincipalId string = identity.properties.principalId
output applicationInsightsName string = insights.name
@description('The operator role: pass it back as operatorRoleDefinitionId (azd does) to assign it.')
output OFFHOURS_OPERATOR_ROLE_ID string = createsOwnRole ? ownRoleId : operatorRoleDefinitionId
@description('Whether this deployment assigned the operator role on the operator scopes.')
output OFFHOURS_OPERATOR_ROLE_ASSIGNED bool = assignsRole
