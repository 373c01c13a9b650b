import { execFile } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { GLOBALLY_UNIQUE_TYPES, nameProblems } from './azureNameRules.js';
import { findBicepCompiler, pinnedVersion, type BicepCompiler } from './bicepCompiler.js';
import { deploymentFileProblems, withDeployButton, type DeploymentFiles } from './deploymentFileChecks.js';

/**
 * `npm run check:infra`: compiles and lints every .bicep file in infra/ with the real Bicep compiler
 * (0 errors, 0 warnings), keeps infra/main.json equal to the compiled infra/main.bicep (`-- --write`
 * rewrites it, and the README's Deploy to Azure link from package.json `repository`), checks the
 * deployment's other files (tools/deploymentFileChecks.ts), and checks what the compiler predicts for
 * several installations: names against Azure's naming rules and each other, the operator role's two
 * steps, sign-in, the alert, and the combinations the template refuses. Fails when no compiler can be
 * found: it never passes unchecked.
 */
const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const infra = join(root, 'infra');
const projectDir = join(root, 'tools', 'bicep');
const work = join(projectDir, '.work');

interface PredictedResource {
  id: string;
  type: string;
  name: string;
  properties?: Record<string, unknown>;
}

interface Snapshot {
  predictedResources: PredictedResource[];
  diagnostics: unknown[];
  outputs: Record<string, unknown>;
}

interface Installation {
  label: string;
  environmentName: string;
  location: string;
  resourceGroup: string;
  params: Record<string, unknown>;
}

const APP_SUBSCRIPTION = '11111111-1111-4111-8111-111111111111';
const TARGET_SUBSCRIPTION = '22222222-2222-4222-8222-222222222222';
const TENANT = '33333333-3333-4333-8333-333333333333';
const CLIENT_ID = '44444444-4444-4444-8444-444444444444';
const OPERATOR_RESOURCE_GROUP = 'rg-dev-clusters';
const operatorScopes = {
  operatorSubscriptionIds: [TARGET_SUBSCRIPTION],
  operatorResourceGroups: [{ subscriptionId: APP_SUBSCRIPTION, resourceGroup: OPERATOR_RESOURCE_GROUP }],
};

/** Lines the compiler prints for a problem: `file(line,col) : Warning rule: message`. */
function diagnosticsIn(output: string): string[] {
  return output.split('\n').filter((line) => /\) : (Error|Warning) /.test(line));
}

async function bicep(compiler: BicepCompiler, args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run(compiler.executable, args, {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
    });
    return `${stdout}\n${stderr}`;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    return `${failed.stdout ?? ''}\n${failed.stderr ?? ''}\n) : Error exit: bicep ${args[0]} failed: ${failed.message.split('\n')[0]}`;
  }
}

/** Without the compiler's version and hash, which differ between compilers producing the same template. */
function withoutGenerator(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutGenerator);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== '_generator')
      .map(([key, inner]) => [key, withoutGenerator(inner)]),
  );
}

async function checkMainJson(compiler: BicepCompiler, compiled: string, write: boolean): Promise<string[]> {
  const checkedIn = join(infra, 'main.json');
  const built = await readFile(compiled, 'utf8');
  if (write) {
    await copyFile(compiled, checkedIn);
    return [];
  }
  const current = await readFile(checkedIn, 'utf8').catch(() => '');
  const pinned = await pinnedVersion(projectDir);
  const same =
    compiler.version === pinned
      ? built === current
      : current !== '' &&
        JSON.stringify(withoutGenerator(JSON.parse(built))) ===
          JSON.stringify(withoutGenerator(JSON.parse(current)));
  return same
    ? []
    : [
        `infra/main.json is not infra/main.bicep compiled (Bicep ${compiler.version}): run npm run check:infra -- --write and commit it`,
      ];
}

function bicepLiteral(value: unknown): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(bicepLiteral).join(', ')}]`;
  if (value !== null && typeof value === 'object')
    return `{ ${Object.entries(value)
      .map(([key, inner]) => `${key}: ${bicepLiteral(inner)}`)
      .join(', ')} }`;
  return String(value);
}

/** What `bicep snapshot` prints for an installation; the snapshot itself is written next to `file`. */
async function snapshotOutput(
  compiler: BicepCompiler,
  installation: Installation,
  file: string,
): Promise<string> {
  const lines = [
    `using '${relative(work, join(infra, 'main.bicep'))}'`,
    `param environmentName = ${bicepLiteral(installation.environmentName)}`,
    ...Object.entries(installation.params).map(([name, value]) => `param ${name} = ${bicepLiteral(value)}`),
  ];
  await writeFile(file, `${lines.join('\n')}\n`);
  return bicep(compiler, [
    'snapshot',
    file,
    '--mode',
    'overwrite',
    '--tenant-id',
    TENANT,
    '--subscription-id',
    APP_SUBSCRIPTION,
    '--resource-group',
    installation.resourceGroup,
    '--location',
    installation.location,
  ]);
}

async function snapshot(
  compiler: BicepCompiler,
  installation: Installation,
  index: number,
): Promise<Snapshot> {
  const file = join(work, `installation${index}.bicepparam`);
  const output = await snapshotOutput(compiler, installation, file);
  const problems = diagnosticsIn(output);
  if (problems.length > 0) throw new Error(`snapshot of ${installation.label}: ${problems.join('\n')}`);
  return JSON.parse(await readFile(file.replace(/\.bicepparam$/, '.snapshot.json'), 'utf8')) as Snapshot;
}

const INSTALLATIONS: Installation[] = [
  {
    label: 'offhours-dev, first deployment (creates the role)',
    environmentName: 'offhours-dev',
    location: 'japaneast',
    resourceGroup: 'rg-offhours',
    params: { ...operatorScopes },
  },
  {
    label: 'offhours-dev in another region',
    environmentName: 'offhours-dev',
    location: 'westeurope',
    resourceGroup: 'rg-offhours',
    params: { ...operatorScopes },
  },
  {
    label: 'a second installation in the same resource group, with its own role given, and authentication',
    environmentName: 'Team_A.Prod(2)',
    location: 'japaneast',
    resourceGroup: 'rg-offhours',
    params: {
      ...operatorScopes,
      operatorRoleDefinitionId: `/subscriptions/${APP_SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/55555555-5555-4555-8555-555555555555`,
      authClientId: CLIENT_ID,
      allowFunctionKeyCallers: false,
    },
  },
  {
    label: 'the longest environment name azd allows (64)',
    environmentName: 'a-very-long-environment-name-that-azd-allows-up-to-64-characters',
    location: 'eastus2',
    resourceGroup: 'rg-offhours-with-a-rather-long-resource-group-name',
    params: {},
  },
];

const isEvaluated = (name: string) => !name.startsWith('[');

function resourceNameProblems(label: string, resources: PredictedResource[]): string[] {
  return resources
    .filter((resource) => isEvaluated(resource.name))
    .flatMap((resource) =>
      nameProblems(resource.type, resource.name).map((problem) => `${label}: ${problem}`),
    );
}

const ofType = (snap: Snapshot, type: string) =>
  snap.predictedResources.filter((resource) => resource.type === type);
/** Role assignments on the operator scopes (not the identity's own on storage and monitoring). */
const operatorAssignments = (snap: Snapshot) =>
  ofType(snap, 'Microsoft.Authorization/roleAssignments').filter(
    (resource) => resource.id.includes(TARGET_SUBSCRIPTION) || resource.id.includes(OPERATOR_RESOURCE_GROUP),
  );

/** What each installation must (and must not) create, and that installations never share a name. */
async function checkInstallations(
  compiler: BicepCompiler,
  resourceNameOutput: string | undefined,
): Promise<string[]> {
  // Snapshots run side by side: each is a compiler process that mostly waits to start.
  const snaps = await Promise.all(
    INSTALLATIONS.map((installation, index) => snapshot(compiler, installation, index)),
  );
  const problems = INSTALLATIONS.flatMap((installation, index) =>
    resourceNameProblems(installation.label, snaps[index]?.predictedResources ?? []),
  );
  const [first, otherRegion, second, longest] = snaps as [Snapshot, Snapshot, Snapshot, Snapshot];

  // Step 1 creates the installation's own role and assigns nothing; step 2 (given its ID) assigns it.
  const ownRole = ofType(first, 'Microsoft.Authorization/roleDefinitions')[0];
  if (!ownRole) problems.push('first deployment: no operator role definition');
  if (operatorAssignments(first).length > 0)
    problems.push('first deployment: assigns a role in the same deployment that creates it');
  if (ownRole && first.outputs['OFFHOURS_OPERATOR_ROLE_ID'] !== ownRole.id)
    problems.push(
      `first deployment: output OFFHOURS_OPERATOR_ROLE_ID is not the role it creates (${ownRole.id})`,
    );
  const laterDeployment = (label: string, params: Record<string, unknown>): Installation => ({
    ...INSTALLATIONS[0]!,
    label,
    params: { ...operatorScopes, ...params },
  });
  const ownRoleId = ownRole?.id ?? '';
  const [step2, unmanaged] = await Promise.all([
    snapshot(
      compiler,
      laterDeployment('offhours-dev, second deployment', { operatorRoleDefinitionId: ownRoleId }),
      INSTALLATIONS.length,
    ),
    snapshot(
      compiler,
      laterDeployment('offhours-dev from CI, the role left unmanaged', {
        operatorRoleDefinitionId: ownRoleId,
        manageOperatorRole: false,
      }),
      INSTALLATIONS.length + 1,
    ),
  ]);
  if (operatorAssignments(step2).length !== 2)
    problems.push(
      `second deployment: ${operatorAssignments(step2).length} operator role assignments, expected 2`,
    );
  if (ofType(step2, 'Microsoft.Authorization/roleDefinitions').length !== 1)
    problems.push('second deployment: the role definition is not kept up to date');
  // CI with the role left to an administrator writes nothing at subscription level but assignments.
  if (ofType(unmanaged, 'Microsoft.Authorization/roleDefinitions').length > 0)
    problems.push('deployment with manageOperatorRole=false: writes the role definition anyway');
  if (operatorAssignments(unmanaged).length !== 2)
    problems.push('deployment with manageOperatorRole=false: the given role is not assigned on both scopes');
  problems.push(...(await refusalProblems(compiler, ownRoleId)), ...(await assignmentNameProblems(compiler)));

  // A role the user gives is assigned, never created.
  if (ofType(second, 'Microsoft.Authorization/roleDefinitions').length > 0)
    problems.push('installation with a given role: creates a role anyway');
  if (operatorAssignments(second).length !== 2)
    problems.push('installation with a given role: the role is not assigned on both scopes');
  const auth = ofType(second, 'Microsoft.Web/sites/config').find((resource) =>
    resource.name.endsWith('/authsettingsV2'),
  );
  const validation = auth?.properties?.['globalValidation'] as Record<string, unknown> | undefined;
  if (validation?.['unauthenticatedClientAction'] !== 'Return401')
    problems.push(
      'installation with authentication and no function-key callers: unauthenticated requests are not refused',
    );
  const policy = (
    auth?.properties?.['identityProviders'] as Record<string, Record<string, unknown>> | undefined
  )?.['azureActiveDirectory']?.['validation'] as
    { defaultAuthorizationPolicy?: { allowedApplications?: string[] } } | undefined;
  const allowedApplications = policy?.defaultAuthorizationPolicy?.allowedApplications ?? [];
  if (allowedApplications.length === 0 || !allowedApplications.includes(CLIENT_ID))
    problems.push(
      `installation with authentication: allowedApplications is ${JSON.stringify(allowedApplications)}; any application in the tenant would pass`,
    );
  if (ofType(first, 'Microsoft.Web/sites/config').length > 0)
    problems.push('installation without authClientId: turns on App Service Authentication');
  problems.push(...alertProblems(first), ...resourceNameProblemsOf(first, resourceNameOutput));
  if (ofType(longest, 'Microsoft.Authorization/roleDefinitions').length > 0)
    problems.push('installation without operator scopes: creates a role');

  // Installations never share a resource, a role, or (globally) a storage account or app name.
  const pairs: [string, Snapshot, Snapshot][] = [
    ['two installations in one resource group', first, second],
    ['one environment in two regions', first, otherRegion],
  ];
  for (const [label, one, other] of pairs) {
    const ids = new Set(
      one.predictedResources
        .filter((resource) => isEvaluated(resource.name))
        .map((resource) => resource.id.toLowerCase()),
    );
    const shared = other.predictedResources.filter((resource) => ids.has(resource.id.toLowerCase()));
    if (shared.length > 0)
      problems.push(`${label}: share ${shared.map((resource) => resource.id).join(', ')}`);
  }
  const roleNames = [first, otherRegion].flatMap((snap) =>
    ofType(snap, 'Microsoft.Authorization/roleDefinitions').map((role) =>
      String(role.properties?.['roleName']),
    ),
  );
  if (new Set(roleNames).size !== roleNames.length)
    problems.push(`role names collide: ${roleNames.join(', ')}`);
  for (const type of GLOBALLY_UNIQUE_TYPES) {
    const names = snaps.flatMap((snap) => ofType(snap, type).map((resource) => resource.name));
    if (new Set(names).size !== names.length) problems.push(`${type} names collide: ${names.join(', ')}`);
  }
  return problems;
}

/**
 * The combinations the template refuses before changing anything: every operator scope removed while
 * a role is still given (old assignments would stay while the app reads "any scope"), and an
 * unmanaged role that is not given.
 */
function refusedInstallations(roleId: string): (Installation & { refusal: string })[] {
  return [
    {
      ...INSTALLATIONS[0]!,
      label: 'every operator scope removed, the role still given',
      params: { operatorRoleDefinitionId: roleId },
      refusal: 'Refused: operatorRoleDefinitionId is set but there are no operator scopes',
    },
    {
      ...INSTALLATIONS[0]!,
      label: 'manageOperatorRole=false and no role given',
      params: { ...operatorScopes, manageOperatorRole: false },
      refusal: 'Refused: manageOperatorRole is false but no operatorRoleDefinitionId is given',
    },
  ];
}

async function refusalProblems(compiler: BicepCompiler, roleId: string): Promise<string[]> {
  const refused = refusedInstallations(roleId);
  const outputs = await Promise.all(
    refused.map((installation, index) =>
      snapshotOutput(compiler, installation, join(work, `refused${index}.bicepparam`)),
    ),
  );
  return refused.flatMap((installation, index) =>
    outputs[index]?.includes(installation.refusal)
      ? []
      : [`${installation.label}: not refused with "${installation.refusal} …"`],
  );
}

/** One role written three ways, as Azure accepts it: the same role, so the same assignment. */
const ROLE_GUID = '5480dc5e-5ff4-5bb7-889d-e899c3b00647';
const ROLE_SPELLINGS = [
  `/subscriptions/${APP_SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${ROLE_GUID}`,
  `/SUBSCRIPTIONS/${APP_SUBSCRIPTION}/PROVIDERS/MICROSOFT.AUTHORIZATION/ROLEDEFINITIONS/${ROLE_GUID.toUpperCase()}`,
  `/providers/Microsoft.Authorization/roleDefinitions/${ROLE_GUID}`,
];

/**
 * Each assignment module names its assignment alike for every spelling of one role ID: another name
 * would be a second assignment of the same role, which Azure refuses (RoleAssignmentExists). The
 * modules are snapshotted on their own, with a known principal, so that the names are evaluated.
 */
async function assignmentNameProblems(compiler: BicepCompiler): Promise<string[]> {
  const modules = [
    { file: 'operatorAssignmentSubscription.bicep', scope: ['--subscription-id', TARGET_SUBSCRIPTION] },
    {
      file: 'operatorAssignmentResourceGroup.bicep',
      scope: ['--subscription-id', APP_SUBSCRIPTION, '--resource-group', OPERATOR_RESOURCE_GROUP],
    },
  ];
  const runs = modules.flatMap((module) => ROLE_SPELLINGS.map((roleId) => ({ ...module, roleId })));
  const names = await Promise.all(
    runs.map(async ({ file, scope, roleId }, index) => {
      const parameters = join(work, `assignment${index}.bicepparam`);
      await writeFile(
        parameters,
        [
          `using '${relative(work, join(infra, file))}'`,
          `param principalId = '66666666-6666-4666-8666-666666666666'`,
          `param roleDefinitionId = ${bicepLiteral(roleId)}`,
          '',
        ].join('\n'),
      );
      const output = await bicep(compiler, [
        'snapshot',
        parameters,
        '--mode',
        'overwrite',
        '--tenant-id',
        TENANT,
        ...scope,
        '--location',
        'japaneast',
      ]);
      if (diagnosticsIn(output).length > 0) return `(snapshot failed: ${diagnosticsIn(output).join(' ')})`;
      const snap = JSON.parse(
        await readFile(parameters.replace(/\.bicepparam$/, '.snapshot.json'), 'utf8'),
      ) as Snapshot;
      return ofType(snap, 'Microsoft.Authorization/roleAssignments')[0]?.name ?? '(none)';
    }),
  );
  return modules.flatMap(({ file }, moduleIndex) => {
    const own = names.slice(moduleIndex * ROLE_SPELLINGS.length, (moduleIndex + 1) * ROLE_SPELLINGS.length);
    return new Set(own).size === 1 && !own[0]?.startsWith('(')
      ? []
      : [
          `infra/${file}: one role written ${ROLE_SPELLINGS.length} ways gives the assignment names ${own.join(', ')}; Azure would refuse the others as RoleAssignmentExists`,
        ];
  });
}

/** The failed-operations alert mails once an hour while failures go on, not every evaluation. */
function alertProblems(snap: Snapshot): string[] {
  const [alert] = ofType(snap, 'Microsoft.Insights/scheduledQueryRules');
  const properties = alert?.properties ?? {};
  return properties['muteActionsDuration'] && properties['autoMitigate'] === false
    ? []
    : [
        'the failed-operations alert has no muteActionsDuration (with autoMitigate false): it mails every evaluation',
      ];
}

/** azure.yaml's resourceName is an output of the template that holds the app's predicted name. */
function resourceNameProblemsOf(snap: Snapshot, output: string | undefined): string[] {
  const [site] = ofType(snap, 'Microsoft.Web/sites');
  if (!output) return ['azure.yaml: the function service has no resourceName'];
  const value = (snap.outputs[output] as { value?: unknown } | undefined)?.value ?? snap.outputs[output];
  return site && value === site.name
    ? []
    : [
        `azure.yaml: resourceName \${${output}} is ${JSON.stringify(value)}, not the app's name ${site?.name}`,
      ];
}

/** The name of the output azure.yaml's function service finds the app by (`${name}`). */
function resourceNameOutput(azureYamlText: string): string | undefined {
  return /^\s+resourceName: \$\{(\w+)\}\s*$/m.exec(azureYamlText)?.[1];
}

/** The files the deployment consists of; with --write, the README's button is rewritten first. */
async function deploymentFiles(
  bicepPaths: string[],
  compiledMain: string,
  write: boolean,
): Promise<DeploymentFiles | undefined> {
  const template = await readFile(compiledMain, 'utf8').catch(() => undefined);
  if (template === undefined) return undefined;
  const text = (path: string) => readFile(join(root, path), 'utf8');
  const packageJson = await text('package.json');
  if (write) await writeFile(join(root, 'README.md'), withDeployButton(await text('README.md'), packageJson));
  return {
    bicep: await Promise.all(
      bicepPaths.map(async (path) => ({ path: `infra/${path}`, text: await text(join('infra', path)) })),
    ),
    template,
    parameters: await text('infra/main.parameters.json'),
    azureYaml: await text('azure.yaml'),
    workflow: await text('.github/workflows/deploy.yml'),
    readme: await text('README.md'),
    packageJson,
  };
}

async function bicepFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((entry) => entry.endsWith('.bicep')).sort();
}

async function main(): Promise<void> {
  const write = process.argv.includes('--write');
  const started = Date.now();
  const compiler = await findBicepCompiler(projectDir);
  const restored = Date.now();
  process.stdout.write(
    `Bicep ${compiler.version} (${compiler.source}), ready in ${((restored - started) / 1000).toFixed(1)} s\n`,
  );
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });

  const files = await bicepFiles(infra);
  const outdir = join(work, 'build');
  const outputs = await Promise.all([
    bicep(compiler, ['build', '--pattern', 'infra/**/*.bicep', '--outdir', outdir]),
    bicep(compiler, ['lint', '--pattern', 'infra/**/*.bicep']),
  ]);
  const problems = outputs.flatMap(diagnosticsIn);
  const compiled = await readdir(outdir).catch(() => [] as string[]);
  for (const file of files) {
    const json = file.replace(/^.*\//, '').replace(/\.bicep$/, '.json');
    if (!compiled.includes(json)) problems.push(`infra/${file}: not compiled`);
  }
  process.stdout.write(`build and lint of ${files.length} files: ${problems.length} errors and warnings\n`);
  if (compiled.includes('main.json'))
    problems.push(...(await checkMainJson(compiler, join(outdir, 'main.json'), write)));
  const deployment = await deploymentFiles(files, join(outdir, 'main.json'), write);
  const fileProblems = deployment ? deploymentFileProblems(deployment) : [];
  process.stdout.write(`deployment files: ${fileProblems.length} problems\n`);
  problems.push(...fileProblems);
  if (problems.length === 0)
    problems.push(...(await checkInstallations(compiler, resourceNameOutput(deployment?.azureYaml ?? ''))));

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (problems.length > 0) {
    process.stderr.write(
      `check:infra failed (${seconds} s):\n${problems.map((problem) => `  ${problem}`).join('\n')}\n`,
    );
    process.exitCode = 1;
    return;
  }
  process.stdout.write(
    `check:infra passed in ${seconds} s: ${files.length} Bicep files compile and lint clean, infra/main.json ${write ? 'rewritten' : 'up to date'}, parameters, azure.yaml, workflow and Deploy to Azure button checked, names valid and distinct for ${INSTALLATIONS.length + 2} deployments, ${refusedInstallations('').length} refused, role assignment names alike for ${ROLE_SPELLINGS.length} spellings of a role\n`,
  );
}

await main();
