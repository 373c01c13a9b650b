import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  azureYamlProblems,
  deployButtonProblems,
  deploymentFileProblems,
  parameterFileProblems,
  previewApiVersionProblems,
  withDeployButton,
  workflowProblems,
} from '../../../tools/deploymentFileChecks.js';

/**
 * The checks `npm run check:infra` makes of the deployment's files (tools/deploymentFileChecks.ts):
 * the repository's files pass, and each defect of issue 28 that a file shows is caught when put back.
 */
const read = (path: string) => readFile(new URL(`../../../${path}`, import.meta.url), 'utf8');

/** `text` with `from` replaced by `to`, failing the test if `from` is not there (the defect is put back). */
function withDefect(text: string, from: string | RegExp, to: string): string {
  const changed = text.replace(from, to);
  expect(changed, `${String(from)} not found`).not.toBe(text);
  return changed;
}

const files = async () => ({
  bicep: await Promise.all(
    [
      'main.bicep',
      'operatorRole.bicep',
      'operatorAssignmentResourceGroup.bicep',
      'operatorAssignmentSubscription.bicep',
    ].map(async (name) => ({ path: `infra/${name}`, text: await read(`infra/${name}`) })),
  ),
  template: await read('infra/main.json'),
  parameters: await read('infra/main.parameters.json'),
  azureYaml: await read('azure.yaml'),
  workflow: await read('.github/workflows/deploy.yml'),
  readme: await read('README.md'),
  packageJson: await read('package.json'),
});

describe('check:infra, the deployment files', () => {
  it('finds nothing wrong in the repository as it is', async () => {
    expect(deploymentFileProblems(await files())).toEqual([]);
  });

  it('refuses a preview API version (the alert used scheduledQueryRules@2023-03-15-preview)', async () => {
    const { bicep } = await files();
    const main = bicep.find((file) => file.path === 'infra/main.bicep')!;
    const preview = withDefect(
      main.text,
      /scheduledQueryRules@[\d-]+'/,
      "scheduledQueryRules@2023-03-15-preview'",
    );
    expect(previewApiVersionProblems([{ ...main, text: preview }])).toEqual([
      "infra/main.bicep: Microsoft.Insights/scheduledQueryRules@2023-03-15-preview is a preview API version; use a GA version (the Bicep linter's use-recent-api-versions lists them)",
    ]);
  });

  it('refuses a parameter written into main.parameters.json instead of mapped from the environment (dryRun: true could not be switched off)', async () => {
    const { parameters, template } = await files();
    const fixed = withDefect(parameters, '"${OFFHOURS_DRY_RUN=true}"', 'true');
    expect(parameterFileProblems(fixed, template)).toEqual([
      expect.stringMatching(
        /^infra\/main\.parameters\.json: dryRun is fixed at true; map it from the environment/,
      ),
    ]);
    const missing = withDefect(parameters, /\n\s+"dryRun": .*/, '');
    expect(parameterFileProblems(missing, template)).toEqual([
      expect.stringMatching(/^infra\/main\.parameters\.json: dryRun is not mapped from the environment/),
    ]);
  });

  it('refuses a workflow that leaves a variable of the parameters file out (every push turned notices off)', async () => {
    const { workflow, parameters } = await files();
    const withoutSecrets = withDefect(
      withDefect(workflow, / OFFHOURS_NOTIFY_CHANNELS_SECRET_URI OFFHOURS_NOTIFY_LINK_KEYS_SECRET_URI;/, ';'),
      /\n\s+OFFHOURS_NOTIFY_CHANNELS_SECRET_URI: .*\n\s+OFFHOURS_NOTIFY_LINK_KEYS_SECRET_URI: .*/,
      '',
    );
    expect(workflowProblems(withoutSecrets, parameters)).toEqual([
      expect.stringContaining(
        'reads OFFHOURS_NOTIFY_CHANNELS_SECRET_URI, which the deploy job does not pass to azd',
      ),
      expect.stringContaining(
        'reads OFFHOURS_NOTIFY_LINK_KEYS_SECRET_URI, which the deploy job does not pass to azd',
      ),
    ]);
  });

  it('refuses azd up (deployed once, before the storage roles propagate) and a deploy without bounded retries', async () => {
    const { workflow, parameters } = await files();
    const up = withDefect(workflow, 'run: azd provision --no-prompt', 'run: azd up --no-prompt');
    expect(workflowProblems(up, parameters)).toContainEqual(
      expect.stringContaining('azd up deploys once, right after creating the storage roles'),
    );
    const once = withDefect(workflow, /for attempt in 1 2 3 4 5; do\n\s+if azd deploy/, 'if azd deploy');
    expect(workflowProblems(once, parameters)).toContainEqual(
      expect.stringContaining('azd deploy is not retried a bounded number of times'),
    );
  });

  it('refuses id-token: write for every job, no concurrency group, and actions pinned by tag', async () => {
    const { workflow, parameters } = await files();
    const everyJob = withDefect(
      workflow,
      /^permissions:\n {2}contents: read/m,
      'permissions:\n  id-token: write\n  contents: read',
    );
    expect(workflowProblems(everyJob, parameters)).toEqual([
      '.github/workflows/deploy.yml: id-token: write at workflow level lets every job mint an Azure token; grant it to the deploy job only',
    ]);
    const together = withDefect(workflow, /\n {4}concurrency:\n.*\n.*/, '');
    expect(workflowProblems(together, parameters)).toEqual([
      '.github/workflows/deploy.yml: the deploy job has no concurrency group with cancel-in-progress: false; two pushes would deploy at once',
    ]);
    const byTag = withDefect(workflow, /Azure\/setup-azd@[0-9a-f]{40}/, 'Azure/setup-azd@v2');
    expect(workflowProblems(byTag, parameters)).toEqual([
      '.github/workflows/deploy.yml: Azure/setup-azd@v2 is pinned by tag; pin it by full commit SHA (a tag can be moved)',
    ]);
  });

  it('refuses an azure.yaml that finds the app by tag (a second installation in the group stops azd) or a hook without Windows', async () => {
    const { azureYaml, template } = await files();
    const byTag = withDefect(azureYaml, /\n\s+resourceName: .*/, '');
    expect(azureYamlProblems(byTag, template)).toEqual([
      expect.stringMatching(/^azure\.yaml: service api has no resourceName/),
    ]);
    const otherOutput = withDefect(
      azureYaml,
      'resourceName: ${functionAppName}',
      'resourceName: ${storageAccountName}',
    );
    expect(azureYamlProblems(otherOutput, template)).toEqual([
      "azure.yaml: service api's resourceName ${storageAccountName} is not an output holding the app's name",
    ]);
    const shOnly = withDefect(
      azureYaml,
      /prepackage:\n[\s\S]*$/,
      'prepackage:\n    shell: sh\n    run: npm ci && npm run bundle\n',
    );
    expect(azureYamlProblems(shOnly, template)).toEqual([
      'azure.yaml: hook prepackage has no windows variant',
      'azure.yaml: hook prepackage has no posix variant',
    ]);
  });

  it("refuses a Deploy to Azure button that is not this repository's (OWNER/REPO), and --write puts the right one", async () => {
    const { readme, packageJson } = await files();
    const placeholder = withDefect(
      readme,
      /raw\.githubusercontent\.com%2F[^%]+%2F[^%]+%2F/,
      'raw.githubusercontent.com%2FOWNER%2FREPO%2F',
    );
    expect(deployButtonProblems(placeholder, packageJson)).toEqual([
      expect.stringMatching(/^README\.md: the Deploy to Azure button links to .*OWNER%2FREPO.*, not to /),
    ]);
    expect(deployButtonProblems(withDeployButton(placeholder, packageJson), packageJson)).toEqual([]);
    expect(withDeployButton(placeholder, packageJson)).toBe(readme);
    const fork = packageJson.replace(
      /"repository": "[^"]+"/,
      '"repository": {"type": "git", "url": "git+https://github.com/someone/offhours-fork.git"}',
    );
    expect(withDeployButton(readme, fork)).toContain(
      '(https://portal.azure.com/#create/Microsoft.Template/uri/https%3A%2F%2Fraw.githubusercontent.com%2Fsomeone%2Foffhours-fork%2Fmain%2Finfra%2Fmain.json)',
    );
    const nameless = withDefect(packageJson, /\n\s+"repository": "[^"]+",/, '');
    expect(deployButtonProblems(readme, nameless)).toEqual([
      expect.stringMatching(/^package\.json: no GitHub repository/),
    ]);
  });
});
