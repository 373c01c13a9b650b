import { describe, expect, it } from 'vitest';
import { nameProblems } from '../../../tools/azureNameRules.js';

describe("Azure's naming rules, as npm run check:infra applies them", () => {
  it('refuses the storage account name the old template built from an environment name with a hyphen', () => {
    // The old rule: toLower(take('${name}${uniqueString(…)}', 24)) with the documented `offhours-dev`.
    expect(nameProblems('Microsoft.Storage/storageAccounts', 'offhours-devnyovwjskk7rm')).toEqual([
      'Microsoft.Storage/storageAccounts name "offhours-devnyovwjskk7rm" is invalid: must be 3 to 24 lower-case letters and digits',
    ]);
    expect(nameProblems('Microsoft.Storage/storageAccounts', 'stoffhoursnyovwjskk7rmk')).toEqual([]);
    expect(nameProblems('Microsoft.Storage/storageAccounts', 'stoffhoursnyovwjskk7rmkx2')).toHaveLength(1);
  });

  it.each([
    ['Microsoft.Web/sites', 'func-offhours-nyovwjskk7rmk', true],
    ['Microsoft.Web/sites', '-func', false],
    ['Microsoft.Web/sites', `f${'x'.repeat(60)}`, false],
    ['Microsoft.OperationalInsights/workspaces', 'log', false],
    ['Microsoft.ManagedIdentity/userAssignedIdentities', 'id-offhours-nyovwjskk7rmk', true],
    ['Microsoft.ManagedIdentity/userAssignedIdentities', '_id', false],
    ['Microsoft.Insights/scheduledQueryRules', 'alert-offhours-x-failed-operations', true],
    ['Microsoft.Insights/scheduledQueryRules', 'alert: failed', false],
    ['Microsoft.Insights/components', 'appi.', false],
    ['Microsoft.Storage/storageAccounts/blobServices/containers', 'account/default/app-package', true],
    ['Microsoft.Storage/storageAccounts/blobServices/containers', 'account/default/App_Package', false],
    ['Microsoft.Authorization/roleDefinitions', '1fccad6c-df80-5d08-9b43-2d021495a6bf', true],
    ['Microsoft.Authorization/roleDefinitions', 'AKS Off-Hours Operator', false],
    ['Microsoft.Resources/deployments', `offhours-assign-${'x'.repeat(49)}`, false],
  ])('%s "%s" valid: %s', (type, name, valid) => {
    expect(nameProblems(type, name).length === 0).toBe(valid);
  });
});
