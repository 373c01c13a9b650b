import { execFile } from 'node:child_process';
import { access, constants, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BicepCompilerNotFoundError } from './BicepCompilerNotFoundError.js';

const run = promisify(execFile);

/** Where the Bicep compiler came from, and how to run it. */
export interface BicepCompiler {
  executable: string;
  source: string;
  version: string;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function versionOf(executable: string): Promise<string> {
  const { stdout } = await run(executable, ['--version']);
  return /\d+\.\d+\.\d+/.exec(stdout)?.[0] ?? stdout.trim();
}

/** The version pinned in tools/bicep/bicep.csproj. */
export async function pinnedVersion(projectDir: string): Promise<string> {
  const project = await readFile(join(projectDir, 'bicep.csproj'), 'utf8');
  const version = /Azure\.Bicep\.CommandLine\.linux-x64" Version="\[([^\]]+)\]"/.exec(project)?.[1];
  if (!version)
    throw new Error(`${join(projectDir, 'bicep.csproj')}: no pinned Azure.Bicep.CommandLine version`);
  return version;
}

async function restoredWithDotnet(projectDir: string): Promise<BicepCompiler> {
  const version = await pinnedVersion(projectDir);
  const executable = join(
    projectDir,
    '.packages',
    'azure.bicep.commandline.linux-x64',
    version,
    'tools',
    'bicep',
  );
  if (!(await isExecutable(executable))) {
    await run('dotnet', ['restore', join(projectDir, 'bicep.csproj'), '--nologo', '--verbosity', 'quiet'], {
      env: { ...process.env, DOTNET_NOLOGO: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
    });
  }
  return {
    executable,
    source: `NuGet Azure.Bicep.CommandLine.linux-x64 ${version}`,
    version: await versionOf(executable),
  };
}

async function onPath(): Promise<BicepCompiler> {
  return { executable: 'bicep', source: 'bicep on PATH', version: await versionOf('bicep') };
}

/** `az bicep install` keeps the same CLI in ~/.azure/bin; run that copy directly. */
async function fromAzureCli(): Promise<BicepCompiler> {
  await run('az', ['bicep', 'install']);
  const executable = join(homedir(), '.azure', 'bin', 'bicep');
  return { executable, source: 'az bicep', version: await versionOf(executable) };
}

/**
 * The compiler, in this order: restored from NuGet with `dotnet` (Linux x64), `bicep` on PATH, the one
 * `az bicep` installs. Throws BicepCompilerNotFoundError when there is none: never a silent pass.
 */
export async function findBicepCompiler(projectDir: string): Promise<BicepCompiler> {
  const tried: string[] = [];
  const candidates: [string, () => Promise<BicepCompiler>][] = [
    ...(process.platform === 'linux' && process.arch === 'x64'
      ? ([['dotnet restore', () => restoredWithDotnet(projectDir)]] as [
          string,
          () => Promise<BicepCompiler>,
        ][])
      : []),
    ['bicep on PATH', onPath],
    ['az bicep', fromAzureCli],
  ];
  for (const [name, attempt] of candidates) {
    try {
      return await attempt();
    } catch (error) {
      tried.push(`${name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  }
  throw new BicepCompilerNotFoundError(tried);
}
