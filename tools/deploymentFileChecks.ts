import { parse } from 'yaml';

/**
 * The checks of `npm run check:infra` that read the deployment's files and need no compiler: API
 * versions, infra/main.parameters.json, azure.yaml, the workflow and the README's Deploy to Azure
 * button (docs/deploy.md, Checking the templates). Each returns the problems it finds, in words
 * that name the file and what would be right; test/unit/docs/deploymentFileChecks.test.ts holds them.
 */

export interface DeploymentFiles {
  /** infra/*.bicep, by path. */
  bicep: { path: string; text: string }[];
  /** infra/main.json: infra/main.bicep compiled. */
  template: string;
  parameters: string;
  azureYaml: string;
  workflow: string;
  readme: string;
  packageJson: string;
}

interface ArmTemplate {
  parameters: Record<string, { type: string }>;
  resources: Record<string, { type: string; name: string }> | { type: string; name: string }[];
  outputs: Record<string, { value: unknown }>;
}

interface ParameterFile {
  parameters: Record<string, { value: unknown }>;
}

/** Variables azd sets itself (`azd env new`), not the workflow's `azd env set`. */
const AZD_OWN_VARIABLES = new Set(['AZURE_ENV_NAME', 'AZURE_LOCATION']);
/** `${NAME}` or `${NAME=default}`, azd's substitution in a parameters file. */
const ENVIRONMENT_REFERENCE = /^\$\{([A-Z][A-Z0-9_]*)(=[^}]*)?\}$/;
const WORKFLOW = '.github/workflows/deploy.yml';
const FULL_COMMIT = /^[^@\s]+@[0-9a-f]{40}$/;

/** API versions are GA: a preview may change or go away (scheduledQueryRules had a GA version). */
export function previewApiVersionProblems(bicep: DeploymentFiles['bicep']): string[] {
  return bicep.flatMap(({ path, text }) =>
    [...text.matchAll(/'([\w.]+\/[\w./]+)@(\d{4}-\d{2}-\d{2}-preview)'/g)].map(
      ([, type, version]) =>
        `${path}: ${type}@${version} is a preview API version; use a GA version (the Bicep linter's use-recent-api-versions lists them)`,
    ),
  );
}

/** The environment variables the parameters file reads, in order. */
export function parameterFileVariables(parametersText: string): string[] {
  const file = JSON.parse(parametersText) as ParameterFile;
  return Object.values(file.parameters).flatMap(({ value }) => {
    const name = typeof value === 'string' ? ENVIRONMENT_REFERENCE.exec(value)?.[1] : undefined;
    return name ? [name] : [];
  });
}

/**
 * A bool, number or string in the parameters file comes from the environment (`azd env set`):
 * written in the file, it is what every deployment sets again, whatever was changed since (every
 * app setting is rewritten by each deployment). Arrays and objects may be written (azd cannot map
 * them from a variable). dryRun in particular must be switchable.
 */
export function parameterFileProblems(parametersText: string, templateText: string): string[] {
  const file = JSON.parse(parametersText) as ParameterFile;
  const template = JSON.parse(templateText) as ArmTemplate;
  const problems: string[] = [];
  for (const [name, { value }] of Object.entries(file.parameters)) {
    const type = template.parameters[name]?.type;
    if (!type) {
      problems.push(`infra/main.parameters.json: ${name} is not a parameter of infra/main.bicep`);
      continue;
    }
    if (['array', 'object'].includes(type.toLowerCase())) continue;
    if (typeof value !== 'string' || !ENVIRONMENT_REFERENCE.test(value))
      problems.push(
        `infra/main.parameters.json: ${name} is fixed at ${JSON.stringify(value)}; map it from the environment ("\${OFFHOURS_…=<default>}") so that azd env set can change it for good`,
      );
  }
  if (!('dryRun' in file.parameters))
    problems.push(
      'infra/main.parameters.json: dryRun is not mapped from the environment (OFFHOURS_DRY_RUN): dry run could not be switched off for good',
    );
  return problems;
}

interface Workflow {
  permissions?: Record<string, string>;
  jobs: Record<
    string,
    {
      permissions?: Record<string, string>;
      concurrency?: { group?: string; 'cancel-in-progress'?: boolean } | string;
      env?: Record<string, string>;
      steps?: { uses?: string; run?: string }[];
    }
  >;
}

/**
 * The workflow: only the deploy job mints tokens, one deployment at a time, actions pinned by
 * commit, provision and then deploy with bounded retries (the storage roles' propagation), and every
 * variable of the parameters file passed to azd (else each push resets it to its default).
 */
export function workflowProblems(workflowText: string, parametersText: string): string[] {
  const workflow = parse(workflowText) as Workflow;
  const problems: string[] = [];
  if (workflow.permissions?.['id-token'] === 'write')
    problems.push(
      `${WORKFLOW}: id-token: write at workflow level lets every job mint an Azure token; grant it to the deploy job only`,
    );
  for (const [name, job] of Object.entries(workflow.jobs)) {
    if (name !== 'deploy' && job.permissions?.['id-token'] === 'write')
      problems.push(
        `${WORKFLOW}: job ${name} may mint an Azure token (id-token: write); only deploy needs it`,
      );
    for (const step of job.steps ?? [])
      if (step.uses && !step.uses.startsWith('./') && !FULL_COMMIT.test(step.uses))
        problems.push(
          `${WORKFLOW}: ${step.uses} is pinned by tag; pin it by full commit SHA (a tag can be moved)`,
        );
  }
  const deploy = workflow.jobs['deploy'];
  if (!deploy) return [...problems, `${WORKFLOW}: no deploy job`];
  if ((deploy.permissions ?? workflow.permissions)?.['id-token'] !== 'write')
    problems.push(`${WORKFLOW}: the deploy job needs id-token: write to sign in with OIDC`);
  const concurrency = deploy.concurrency;
  if (!concurrency || typeof concurrency === 'string' || concurrency['cancel-in-progress'] !== false)
    problems.push(
      `${WORKFLOW}: the deploy job has no concurrency group with cancel-in-progress: false; two pushes would deploy at once`,
    );
  const scripts = (deploy.steps ?? []).map((step) => step.run ?? '');
  if (scripts.some((script) => /\bazd up\b/.test(script)))
    return [
      ...problems,
      `${WORKFLOW}: azd up deploys once, right after creating the storage roles; provision, then deploy with bounded retries (Azure/azure-dev#8026)`,
      ...variableProblems(deploy, scripts, parametersText),
    ];
  const provision = scripts.findIndex((script) => /\bazd provision\b/.test(script));
  const deployStep = scripts.findIndex((script) => /\bazd deploy\b/.test(script));
  if (provision < 0 || deployStep < provision)
    problems.push(`${WORKFLOW}: no azd provision before azd deploy`);
  else if (
    !/for attempt in [\d ]+; do[\s\S]*azd deploy[\s\S]*sleep \d+[\s\S]*done/.test(scripts[deployStep] ?? '')
  )
    problems.push(
      `${WORKFLOW}: azd deploy is not retried a bounded number of times, with a wait, while the storage roles propagate`,
    );
  return [...problems, ...variableProblems(deploy, scripts, parametersText)];
}

/** Every variable of the parameters file is passed from the repository's variables to azd. */
function variableProblems(
  deploy: Workflow['jobs'][string],
  scripts: string[],
  parametersText: string,
): string[] {
  const problems: string[] = [];
  const setVariables = new Set(
    scripts.flatMap((script) =>
      [...script.matchAll(/for name in ([A-Z0-9_ ]+); do/g)].flatMap(([, names]) =>
        (names ?? '').trim().split(/\s+/),
      ),
    ),
  );
  for (const variable of parameterFileVariables(parametersText)) {
    if (AZD_OWN_VARIABLES.has(variable)) continue;
    if (deploy.env?.[variable] !== `\${{ vars.${variable} }}` || !setVariables.has(variable))
      problems.push(
        `${WORKFLOW}: infra/main.parameters.json reads ${variable}, which the deploy job does not pass to azd (env ${variable}: \${{ vars.${variable} }} and its azd env set loop); every push would reset it`,
      );
  }
  return problems;
}

interface AzureYaml {
  services?: Record<string, { host?: string; resourceName?: string }>;
  hooks?: Record<string, Record<string, unknown>>;
}

/**
 * azure.yaml finds the app by its name, an output of the template equal to the app's name (the tag
 * is the same in every installation of a resource group, and azd stops at two), and each hook has a
 * Windows and a POSIX variant.
 */
export function azureYamlProblems(azureYamlText: string, templateText: string): string[] {
  const azure = parse(azureYamlText) as AzureYaml;
  const template = JSON.parse(templateText) as ArmTemplate;
  const sites = Object.values(template.resources).filter(
    (resource) => resource.type === 'Microsoft.Web/sites',
  );
  const problems: string[] = [];
  for (const [name, service] of Object.entries(azure.services ?? {})) {
    if (service.host !== 'function') continue;
    const output = /^\$\{(\w+)\}$/.exec(service.resourceName ?? '')?.[1];
    if (!output) {
      problems.push(
        `azure.yaml: service ${name} has no resourceName: azd finds the app by its azd-service-name tag, which every installation in the resource group carries`,
      );
      continue;
    }
    const value = template.outputs[output]?.value;
    if (!sites.some((site) => site.name === value))
      problems.push(
        `azure.yaml: service ${name}'s resourceName \${${output}} is not an output holding the app's name`,
      );
  }
  for (const [hook, config] of Object.entries(azure.hooks ?? {}))
    for (const platform of ['windows', 'posix'])
      if (!config[platform]) problems.push(`azure.yaml: hook ${hook} has no ${platform} variant`);
  return problems;
}

/** `owner/name` of the repository package.json names (`repository`), on GitHub. */
export function repositoryOf(packageJsonText: string): string | undefined {
  const { repository } = JSON.parse(packageJsonText) as { repository?: string | { url?: string } };
  const text = typeof repository === 'string' ? repository : (repository?.url ?? '');
  return /^(?:github:|git\+https:\/\/github\.com\/|https:\/\/github\.com\/)?([\w.-]+\/[\w.-]+?)(?:\.git)?$/.exec(
    text,
  )?.[1];
}

/** The portal's Deploy to Azure link for the compiled template on the repository's main branch. */
export function deployButtonUrl(repository: string): string {
  const template = `https://raw.githubusercontent.com/${repository}/main/infra/main.json`;
  return `https://portal.azure.com/#create/Microsoft.Template/uri/${encodeURIComponent(template)}`;
}

const BUTTON = /(\[!\[Deploy to Azure\]\([^)]+\)\]\()([^)]+)(\))/;

/** The README's button points at this repository's template (package.json `repository`). */
export function deployButtonProblems(readme: string, packageJsonText: string): string[] {
  const repository = repositoryOf(packageJsonText);
  if (!repository)
    return [
      'package.json: no GitHub repository (e.g. "repository": "github:<owner>/<name>"); the Deploy to Azure button needs its address',
    ];
  const link = BUTTON.exec(readme)?.[2];
  if (!link) return ['README.md: no Deploy to Azure button'];
  return link === deployButtonUrl(repository)
    ? []
    : [
        `README.md: the Deploy to Azure button links to ${link}, not to ${repository}'s infra/main.json (${deployButtonUrl(repository)}); npm run check:infra -- --write rewrites it`,
      ];
}

/** The README with its button pointing at the repository package.json names. */
export function withDeployButton(readme: string, packageJsonText: string): string {
  const repository = repositoryOf(packageJsonText);
  return repository
    ? readme.replace(
        BUTTON,
        (_, before: string, __: string, after: string) => `${before}${deployButtonUrl(repository)}${after}`,
      )
    : readme;
}

/** Every check above. */
export function deploymentFileProblems(files: DeploymentFiles): string[] {
  const problems = [
    ...previewApiVersionProblems(files.bicep),
    ...parameterFileProblems(files.parameters, files.template),
    ...workflowProblems(files.workflow, files.parameters),
    ...azureYamlProblems(files.azureYaml, files.template),
    ...deployButtonProblems(files.readme, files.packageJson),
  ];
  return [...new Set(problems)];
}
