import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * What can be checked of the deployment without Azure and without the Bicep compiler: the checked-in
 * infra/main.json (which `npm run check:infra`, run by .ci/run, keeps equal to infra/main.bicep
 * compiled), azure.yaml, host.json, the workflow and the deployment guide. The compiler's own checks
 * (build, lint, the names it predicts for several installations) are in tools/checkInfra.ts.
 */
const read = (path: string) => readFile(new URL(`../../../${path}`, import.meta.url), 'utf8');

interface ArmResource {
  type: string;
  name: string;
  condition?: string;
  properties?: Record<string, unknown>;
}
interface ArmTemplate {
  metadata: { _generator: { name: string; version: string } };
  parameters: Record<string, { maxLength?: number; defaultValue?: unknown }>;
  variables: Record<string, unknown>;
  resources: Record<string, ArmResource> | ArmResource[];
  outputs: Record<string, unknown>;
}

const template = async () => JSON.parse(await read('infra/main.json')) as ArmTemplate;
const resourcesOf = (arm: ArmTemplate) => Object.values(arm.resources);
const ofType = (arm: ArmTemplate, type: string) =>
  resourcesOf(arm).filter((resource) => resource.type === type);

describe('infra/main.json', () => {
  it('is infra/main.bicep compiled by the pinned Bicep, with the same parameters and app settings', async () => {
    const arm = await template();
    const project = await read('tools/bicep/bicep.csproj');
    const pinned = /Azure\.Bicep\.CommandLine\.linux-x64" Version="\[([^\]]+)\]"/.exec(project)?.[1];
    expect(arm.metadata._generator.name).toBe('bicep');
    expect(arm.metadata._generator.version.startsWith(`${pinned}.`)).toBe(true);
    const bicep = await read('infra/main.bicep');
    const declared = [...bicep.matchAll(/^param (\w+) /gm)].map(([, name]) => name);
    expect(Object.keys(arm.parameters)).toEqual(declared);
    const settings = [...bicep.matchAll(/\{ name: '([^']+)', value:/g)].map(([, name]) => name);
    expect(settings.length).toBeGreaterThan(10);
    for (const name of settings) expect(JSON.stringify(arm)).toContain(`"name":"${name}"`);
  });

  it('accepts every environment name azd allows and derives every name from a hash (uniqueString), never from the name itself', async () => {
    const arm = await template();
    expect(arm.parameters['environmentName']?.maxLength).toBe(64);
    expect(String(arm.variables['resourceToken'])).toBe(
      "[toLower(uniqueString(subscription().id, resourceGroup().id, parameters('environmentName'), parameters('location')))]",
    );
    const names = resourcesOf(arm).map((resource) => resource.name);
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) {
      expect(name, name).not.toContain("parameters('environmentName')");
      expect(name, name).toMatch(/variables\('resourceToken'\)|^\[guid\(/);
    }
  });

  it('names every nested deployment per installation, so a second environment or region never collides', async () => {
    const deployments = ofType(await template(), 'Microsoft.Resources/deployments');
    expect(deployments).toHaveLength(3);
    for (const deployment of deployments) expect(deployment.name).toContain("variables('resourceToken')");
  });

  it('creates its own operator role, named per installation, and assigns a role only in a later deployment that names it', async () => {
    const arm = await template();
    expect(await read('infra/operatorRole.bicep')).toContain("roleName: '${role.Name} (${installation})'");
    const ownRoleGuid = String(arm.variables['ownRoleGuid']);
    for (const part of ['resourceGroup().id', "parameters('environmentName')", "parameters('location')"])
      expect(ownRoleGuid).toContain(part);
    expect(String(arm.variables['assignsRole'])).toContain(
      "not(empty(parameters('operatorRoleDefinitionId')))",
    );
    const assignments = ofType(arm, 'Microsoft.Resources/deployments').filter((deployment) =>
      deployment.name.includes('offhours-assign-'),
    );
    expect(assignments).toHaveLength(2);
    for (const assignment of assignments) {
      expect(assignment.condition).toBe("[variables('assignsRole')]");
      const parameters = JSON.stringify(assignment.properties?.['parameters']);
      // The role comes from the parameter, not from the module creating it in the same deployment.
      expect(parameters).toContain("parameters('operatorRoleDefinitionId')");
      expect(parameters).not.toMatch(/offhours-role-/);
    }
    expect(arm.outputs['OFFHOURS_OPERATOR_ROLE_ID']).toBeDefined();
    const parameters = JSON.parse(await read('infra/main.parameters.json')) as {
      parameters: Record<string, { value: unknown }>;
    };
    // azd keeps the output and passes it back on the next `azd provision`: step 2 assigns the role.
    expect(parameters.parameters['operatorRoleDefinitionId']?.value).toBe('${OFFHOURS_OPERATOR_ROLE_ID=}');
    expect(parameters.parameters['environmentName']?.value).toBe('${AZURE_ENV_NAME}');
  });

  it('turns on App Service Authentication with Entra ID when given an app registration, letting function-key callers through or not', async () => {
    const [auth] = ofType(await template(), 'Microsoft.Web/sites/config');
    expect(auth?.name).toContain('authsettingsV2');
    expect(auth?.condition).toBe("[not(empty(parameters('authClientId')))]");
    const text = JSON.stringify(auth?.properties);
    expect(text).toContain("if(parameters('allowFunctionKeyCallers'), 'AllowAnonymous', 'Return401')");
    expect(text).toContain("parameters('authClientId')");
    expect(text).toContain('allowedAudiences');
    expect(await read('docs/deploy.md')).toMatch(/authClientId[\s\S]*allowFunctionKeyCallers/);
  });

  it('alerts on failed, timed-out, refused and conflicting operations: the failures query of docs/operations.md', async () => {
    const query = String((await template()).variables['failuresQuery']).trim();
    for (const outcome of ['"failed"', '"timed-out"', '"refused"', '"conflict"'])
      expect(query).toContain(outcome);
    const operations = await read('docs/operations.md');
    const documented = /```kusto\n\/\/ Failures[^\n]*\n([\s\S]*?)```/.exec(operations)?.[1] ?? '';
    expect(documented.startsWith(query)).toBe(true);
  });

  it('keeps every trace line the alert counts: host.json does not sample traces', async () => {
    const host = JSON.parse(await read('host.json')) as {
      logging: { applicationInsights: { samplingSettings: { isEnabled: boolean; excludedTypes: string } } };
    };
    const sampling = host.logging.applicationInsights.samplingSettings;
    expect(!sampling.isEnabled || sampling.excludedTypes.split(';').includes('Trace')).toBe(true);
  });
});

/** Every resource of the template, nested deployments' included. */
function allResources(resources: ArmTemplate['resources']): ArmResource[] {
  return Object.values(resources).flatMap((resource) => {
    const nested = (resource.properties?.['template'] as ArmTemplate | undefined)?.resources;
    return [resource, ...(nested ? allResources(nested) : [])];
  });
}

describe('issue 28: sign-in, role assignments, the operator role and the alert in infra/main.json', () => {
  it('accepts tokens of the app registration and the applications listed only (allowedApplications), not any application in the tenant', async () => {
    const [auth] = ofType(await template(), 'Microsoft.Web/sites/config');
    const validation = (auth?.properties?.['identityProviders'] as Record<string, Record<string, unknown>>)[
      'azureActiveDirectory'
    ]?.['validation'] as { defaultAuthorizationPolicy?: { allowedApplications?: string } };
    expect(validation.defaultAuthorizationPolicy?.allowedApplications).toBe(
      "[union(createArray(parameters('authClientId')), parameters('authAllowedClientApplications'))]",
    );
  });

  it("names each operator role assignment from the role's GUID lower-cased: one role in any spelling is one assignment", async () => {
    const assignments = allResources((await template()).resources).filter(
      (resource) =>
        resource.type === 'Microsoft.Authorization/roleAssignments' &&
        String(resource.properties?.['roleDefinitionId']).includes("parameters('roleDefinitionId')"),
    );
    expect(assignments).toHaveLength(2);
    for (const assignment of assignments)
      expect(assignment.name).toMatch(
        /^\[guid\((subscription|resourceGroup)\(\)\.id, parameters\('principalId'\), toLower\(last\(split\(parameters\('roleDefinitionId'\), '\/'\)\)\)\)\]$/,
      );
  });

  it('writes the operator role only when it manages it, so that CI can leave the role to an administrator', async () => {
    const arm = await template();
    expect(String(arm.variables['createsOwnRole'])).toContain("parameters('manageOperatorRole')");
    const guide = await read('docs/deploy.md');
    expect(guide).toContain('OFFHOURS_MANAGE_OPERATOR_ROLE=false');
    // The least-privilege claim no longer says a role ID alone spares subscription rights.
    expect(guide).not.toMatch(
      /set `OFFHOURS_OPERATOR_ROLE_ID`: the CI identity\s+then needs no subscription-level rights/,
    );
  });

  it('refuses every operator scope removed while a role is still given (the app would read "any scope"), and says how to narrow scopes', async () => {
    const arm = await template();
    expect(JSON.stringify(arm)).toContain(
      `"name":"OFFHOURS_ALLOWED_SCOPES","value":"[if(empty(variables('refusal')), join(variables('operatorScopes'), ','), fail(variables('refusal')))]"`,
    );
    expect(String(arm.variables['refusal'])).toContain(
      "if(and(empty(variables('operatorScopes')), not(empty(parameters('operatorRoleDefinitionId')))), 'Refused: ",
    );
    const guide = await read('docs/deploy.md');
    expect(guide).toContain('RoleScopeBeingRemovedContainsAssignments');
    expect(guide).toMatch(/az role assignment delete --assignee/);
    expect(guide).toMatch(/\*\*Removing every scope\*\* is refused/);
  });

  it('alerts with a GA API version and mails once an hour while failures go on, not every evaluation', async () => {
    const [alert] = ofType(await template(), 'Microsoft.Insights/scheduledQueryRules') as (ArmResource & {
      apiVersion: string;
    })[];
    expect(alert?.apiVersion).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(alert?.properties?.['muteActionsDuration']).toBe('PT1H');
    expect(alert?.properties?.['autoMitigate']).toBe(false);
  });
});

describe('issue 28: docs/deploy.md', () => {
  it('registers the web redirect URI of the sign-in and ID-token issuance, and says who consents', async () => {
    const guide = await read('docs/deploy.md');
    expect(guide).toContain('--web-redirect-uris "https://$APP_HOST/.auth/login/aad/callback"');
    expect(guide).toContain('--enable-id-token-issuance true');
    expect(guide).toContain('az ad app permission admin-consent --id "$APP"');
  });

  it('registers every resource provider the template uses, on a fresh subscription, by someone with subscription rights', async () => {
    const namespaces = new Set(
      allResources((await template()).resources).map((resource) => resource.type.split('/')[0] ?? ''),
    );
    for (const always of ['Microsoft.Authorization', 'Microsoft.Resources']) namespaces.delete(always);
    const guide = await read('docs/deploy.md');
    const listed =
      /for namespace in ([\w. ]+); do\n\s+az provider register --namespace "\$namespace" --wait/.exec(
        guide,
      )?.[1];
    expect(new Set(listed?.split(' '))).toEqual(namespaces);
    expect(guide).toContain('MissingSubscriptionRegistration');
  });

  it('has the first deploy step by step: the steps that need a person, and what each command prints when it works', async () => {
    const guide = await read('docs/deploy.md');
    const walkThrough = /## First deploy, step by step\n([\s\S]*?)\n## /.exec(guide)?.[1] ?? '';
    expect(walkThrough.match(/\*\*\(a person/g)?.length).toBeGreaterThanOrEqual(4);
    for (const printed of [
      'prints `Registered`',
      'prints: Succeeded',
      'check:infra passed in',
      "prints: New environment 'offhours-try' created and set as default",
      'ends with: SUCCESS: Your application was provisioned in Azure in',
      'ends with: SUCCESS: Your application was deployed to Azure in',
      'prints: {"status":"ok"',
    ])
      expect(walkThrough).toContain(printed);
    // The 403 of a first code deployment, said where people run it by hand.
    expect(walkThrough).toMatch(/403 from `azd deploy`[\s\S]*run\s+`azd deploy` again/);
    expect(guide).toContain('Azure/azure-dev#8026');
  });

  it('says rotated Key Vault secrets need a refresh and what an unresolved reference does', async () => {
    const guide = await read('docs/deploy.md');
    expect(guide).toContain('/config/configreferences/appsettings/refresh?api-version=');
    expect(guide).toMatch(/in a notice setting it turns\s+notices off, and only notices/);
  });
});

describe('azd and the workflow', () => {
  it('deploys the bundle as it is: no remote build', async () => {
    const azure = parse(await read('azure.yaml')) as { services: { api: Record<string, unknown> } };
    expect(azure.services.api['remoteBuild']).toBe(false);
    expect(azure.services.api['project']).toBe('./deploy');
  });

  it('deploys into the resource group the documented permissions cover (AZURE_RESOURCE_GROUP), never one azd makes at subscription level', async () => {
    const workflow = parse(await read('.github/workflows/deploy.yml')) as {
      jobs: { deploy: { env: Record<string, string> } };
    };
    expect(workflow.jobs.deploy.env['AZURE_RESOURCE_GROUP']).toBe('${{ vars.AZURE_RESOURCE_GROUP }}');
    expect(await read('docs/deploy.md')).toContain('azd env set AZURE_RESOURCE_GROUP');
  });

  it('lists the rights the deployment needs, the subscription-level ones included', async () => {
    const guide = await read('docs/deploy.md');
    for (const action of [
      'Microsoft.Authorization/roleDefinitions/write',
      'Microsoft.Authorization/roleAssignments/write',
      'Microsoft.Resources/deployments/write',
    ])
      expect(guide).toContain(action);
  });

  it('offers a Deploy to Azure button for the compiled template', async () => {
    const readme = await read('README.md');
    const button =
      /\[!\[Deploy to Azure\]\([^)]+\)\]\(https:\/\/portal\.azure\.com\/#create\/Microsoft\.Template\/uri\/([^)]+)\)/.exec(
        readme,
      );
    expect(decodeURIComponent(button?.[1] ?? '')).toMatch(
      /^https:\/\/raw\.githubusercontent\.com\/[^/]+\/[^/]+\/main\/infra\/main\.json$/,
    );
  });
});
