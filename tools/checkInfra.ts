import { execFile } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { GLOBALLY_UNIQUE_TYPES, nameProblems } from './azureNameRules.js';
import { findBicepCompiler, pinnedVersion, type BicepCompiler } from './bicepCompiler.js';

/**
 * `npm run check:infra`: compiles and lints every .bicep file in infra/ with the real Bicep compiler
 * (0 errors, 0 warnings), keeps infra/main.json equal to the compiled infra/main.bicep (`-- --write`
 * rewrites it), and checks the names the compiler predicts for several installations against Azure's
 * naming rules and against each other. Fails when no compiler can be found: it never passes unchecked.
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

async function snapshot(
  compiler: BicepCompiler,
  installation: Installation,
  index: number,
): Promise<Snapshot> {
  const file = join(work, `installation${index}.bicepparam`);
  const lines = [
    `using '${relative(work, join(infra, 'main.bicep'))}'`,
    `param environmentName = ${bicepLiteral(installation.environmentName)}`,
    ...Object.entries(installation.params).map(([name, value]) => `param ${name} = ${bicepLiteral(value)}`),
  ];
  await writeFile(file, `${lines.join('\n')}\n`);
  const output = await bicep(compiler, [
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
async function checkInstallations(compiler: BicepCompiler): Promise<string[]> {
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
  const step2 = await snapshot(
    compiler,
    {
      ...INSTALLATIONS[0]!,
      label: 'offhours-dev, second deployment',
      params: { ...operatorScopes, operatorRoleDefinitionId: ownRole?.id ?? '' },
    },
    INSTALLATIONS.length,
  );
  if (operatorAssignments(step2).length !== 2)
    problems.push(
      `second deployment: ${operatorAssignments(step2).length} operator role assignments, expected 2`,
    );
  if (ofType(step2, 'Microsoft.Authorization/roleDefinitions').length !== 1)
    problems.push('second deployment: the role definition is not kept up to date');

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
  if (ofType(first, 'Microsoft.Web/sites/config').length > 0)
    problems.push('installation without authClientId: turns on App Service Authentication');
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
  if (problems.length === 0) problems.push(...(await checkInstallations(compiler)));

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (problems.length > 0) {
    process.stderr.write(
      `check:infra failed (${seconds} s):\n${problems.map((problem) => `  ${problem}`).join('\n')}\n`,
    );
    process.exitCode = 1;
    return;
  }
  process.stdout.write(
    `check:infra passed in ${seconds} s: ${files.length} Bicep files compile and lint clean, infra/main.json ${write ? 'rewritten' : 'up to date'}, names valid and distinct for ${INSTALLATIONS.length + 1} deployments\n`,
  );
}

await main();
