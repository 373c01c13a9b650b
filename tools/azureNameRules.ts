/**
 * Azure's naming rules for the resources infra/main.bicep creates, from Microsoft's "Naming rules and
 * restrictions for Azure resources". `npm run check:infra` applies them to the names the Bicep
 * compiler predicts for several environment names (tools/checkInfra.ts).
 */
interface NameRule {
  pattern: RegExp;
  /** What a valid name looks like, for the error message. */
  described: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const NAME_RULES: Readonly<Record<string, NameRule>> = {
  'Microsoft.Storage/storageAccounts': {
    pattern: /^[a-z0-9]{3,24}$/,
    described: '3 to 24 lower-case letters and digits',
  },
  'Microsoft.Storage/storageAccounts/blobServices/containers': {
    pattern: /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/,
    described:
      '3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit',
  },
  'Microsoft.Web/sites': {
    pattern: /^(?=.{2,60}$)[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/,
    described: '2 to 60 letters, digits and hyphens, not starting or ending with a hyphen',
  },
  'Microsoft.Web/serverfarms': {
    pattern: /^(?=.{1,60}$)[a-zA-Z0-9-]+$/,
    described: '1 to 60 letters, digits and hyphens',
  },
  'Microsoft.ManagedIdentity/userAssignedIdentities': {
    pattern: /^(?=.{3,128}$)[a-zA-Z0-9][a-zA-Z0-9_-]*$/,
    described: '3 to 128 letters, digits, hyphens and underscores, starting with a letter or digit',
  },
  'Microsoft.OperationalInsights/workspaces': {
    pattern: /^(?=.{4,63}$)[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/,
    described: '4 to 63 letters, digits and hyphens, starting and ending with a letter or digit',
  },
  'Microsoft.Insights/components': {
    pattern: /^(?=.{1,260}$)[^%&\\?/]*[^%&\\?/. ]$/,
    described: '1 to 260 characters without %&\\?/, not ending with a period or space',
  },
  'Microsoft.Insights/actionGroups': {
    pattern: /^(?=.{1,260}$)[a-zA-Z0-9_.()-]+$/,
    described: '1 to 260 letters, digits, and _.()-',
  },
  'Microsoft.Insights/scheduledQueryRules': {
    pattern: /^(?=.{1,260}$)[^*<>%{}&:\\?/#|\p{Cc}]*[^*<>%{}&:\\?/#|\p{Cc}. ]$/u,
    described:
      '1 to 260 characters without *<>%{}&:\\?/#| or control characters, not ending with a period or space',
  },
  'Microsoft.Authorization/roleAssignments': { pattern: GUID, described: 'a GUID' },
  'Microsoft.Authorization/roleDefinitions': { pattern: GUID, described: 'a GUID' },
  'Microsoft.Resources/deployments': {
    pattern: /^[-\w.()]{1,64}$/,
    described: '1 to 64 letters, digits, and -_.()',
  },
};

/** The last segment of a name such as `account/default/app-package`. */
function ownName(type: string, name: string): string {
  return type.split('/').length > 2 ? (name.split('/').at(-1) ?? name) : name;
}

/** Problems with one resource name, empty when Azure accepts it (or no rule is known for its type). */
export function nameProblems(type: string, name: string): string[] {
  const rule = NAME_RULES[type];
  if (!rule) return [];
  const own = ownName(type, name);
  return rule.pattern.test(own) ? [] : [`${type} name "${own}" is invalid: must be ${rule.described}`];
}

/** Names that must be unique across Azure, not only in their resource group. */
export const GLOBALLY_UNIQUE_TYPES = ['Microsoft.Storage/storageAccounts', 'Microsoft.Web/sites'] as const;
