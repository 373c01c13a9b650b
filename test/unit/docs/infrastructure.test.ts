import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderApiDocs } from '../../../dev/apiDocs.js';
import { renderProblemDocs } from '../../../dev/problemDocs.js';
import { PROBLEM_TYPE_BASE } from '../../../shared/app/problems/PROBLEM_TYPES.js';
import { repositoryOf } from '../../../tools/deploymentFileChecks.js';
import { OPERATOR_ROLE_NAME, REQUIRED_PERMISSIONS } from '../../../shared/azure/requiredPermissions.js';
import { SETTING_NAMES } from '../../../shared/config.js';

const read = (path: string) => readFile(new URL(`../../../${path}`, import.meta.url), 'utf8');

/** Settings the Functions platform reads, not the app. */
const PLATFORM_SETTINGS = [
  'AzureWebJobsStorage__credential',
  'AzureWebJobsStorage__clientId',
  'AZURE_CLIENT_ID',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'APPLICATIONINSIGHTS_AUTHENTICATION_STRING',
  // The Node worker's arguments: its heap, sized for the instance (docs/architecture.md, Memory and tick time).
  'languageWorkers__node__arguments',
];

describe('infrastructure as code', () => {
  it('sets only app settings that the configuration schema or the platform knows', async () => {
    const bicep = await read('infra/main.bicep');
    const names = [...bicep.matchAll(/\{ name: '([^']+)', value:/g)].map(([, name]) => name ?? '');
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) expect([...SETTING_NAMES, ...PLATFORM_SETTINGS], name).toContain(name);
    // Every setting that changes behaviour in Azure is set explicitly (the rest are for local use).
    const local = new Set([
      'AzureWebJobsStorage',
      'AzureWebJobsStorage__tableServiceUri',
      'AzureWebJobsStorage__queueServiceUri',
      'OFFHOURS_ARM_ENDPOINT',
      'OFFHOURS_ARM_CA_FILE',
      'OFFHOURS_TABLE_PREFIX',
      // The local fake of the Retail Prices API; in Azure the public endpoint is used.
      'OFFHOURS_RETAIL_PRICES_URL',
      // The platform sets this when App Service Authentication is on.
      'WEBSITE_AUTH_ENABLED',
    ]);
    expect(SETTING_NAMES.filter((name) => !local.has(name) && !names.includes(name))).toEqual([]);
  });

  it('builds the custom role from exactly the permission list in code', async () => {
    const role = JSON.parse(await read('infra/operatorRole.json')) as { Name: string; Actions: string[] };
    expect(role.Name).toBe(OPERATOR_ROLE_NAME);
    expect(role.Actions).toEqual(REQUIRED_PERMISSIONS.map((permission) => permission.action));
    expect(await read('infra/operatorRole.bicep')).toContain("loadJsonContent('operatorRole.json')");
  });

  it('uses Flex Consumption, Node.js 22, identity-based storage without shared keys', async () => {
    const bicep = await read('infra/main.bicep');
    for (const fragment of [
      "tier: 'FlexConsumption'",
      "name: 'node'",
      "version: '22'",
      'allowSharedKeyAccess: false',
      "type: 'UserAssigned'",
      "value: 'managedidentity'",
    ])
      expect(bicep).toContain(fragment);
    expect(bicep).not.toMatch(/listKeys|AccountKey=|output .*(key|secret|connectionString)/i);
  });

  it("sizes the Node worker's heap to half the instance's memory, leaving the rest to the host", async () => {
    const bicep = await read('infra/main.bicep');
    const instanceMb = Number(/instanceMemoryMB: (\d+)/.exec(bicep)?.[1]);
    const heapMb = Number(
      /name: 'languageWorkers__node__arguments', value: '--max-old-space-size=(\d+)[ ']/.exec(bicep)?.[1],
    );
    expect(instanceMb).toBeGreaterThan(0);
    expect(heapMb).toBe(instanceMb / 2);
  });

  it("keeps the Node worker's young generation small: a tick's garbage is short-lived rows", async () => {
    const bicep = await read('infra/main.bicep');
    const semiSpaceMb = Number(
      /name: 'languageWorkers__node__arguments', value: '[^']*--max-semi-space-size=(\d+)/.exec(bicep)?.[1],
    );
    // Node 20+ sizes it from the heap (16 MiB a semi-space, 48 MiB in all, at a 1,024 MB heap).
    expect(semiSpaceMb).toBeGreaterThan(0);
    expect(semiSpaceMb).toBeLessThanOrEqual(8);
  });

  it('deploys the bundle with azd and tests with the README command before deploying', async () => {
    expect(await read('azure.yaml')).toContain('npm run bundle');
    const workflow = await read('.github/workflows/deploy.yml');
    expect(workflow).toContain('id-token: write');
    expect(workflow).toContain('bash .ci/run');
    expect(workflow).not.toMatch(/secrets\./);
  });

  it("docs/problems.md is generated from PROBLEM_TYPES, at the address problems' type URIs name", async () => {
    expect(await read('docs/problems.md')).toBe(renderProblemDocs());
    const repository = repositoryOf(await read('package.json'));
    expect(PROBLEM_TYPE_BASE).toBe(`https://github.com/${repository}/blob/main/docs/problems.md#`);
  });

  it('docs/api.md is generated from the OpenAPI document', async () => {
    expect(await read('docs/api.md')).toBe(renderApiDocs());
  });
});
