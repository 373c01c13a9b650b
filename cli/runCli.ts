import { Command, CommanderError } from 'commander';
import { ScheduleSpecError } from '../shared/domain/ScheduleSpecError.js';
import { StorageError } from '../shared/app/storage/StorageError.js';
import { ConfigError } from '../shared/ConfigError.js';
import { CatalogFileError } from '../shared/app/catalog/CatalogFileError.js';
import { azureSignInProblem } from './azureSignInProblem.js';
import type { CliDependencies } from './CliDependencies.js';
import type { CliEnvironment } from './CliEnvironment.js';
import type { CliOutput } from './CliOutput.js';
import { CliUsageError } from './CliUsageError.js';
import { StorageUnreachableError } from './StorageUnreachableError.js';
import { evalCommand } from './evalCommand.js';
import { exportCommand } from './exportCommand.js';
import { importCommand } from './importCommand.js';
import { packageVersion } from './packageVersion.js';
import { planCommand } from './planCommand.js';
import { previewCommand } from './previewCommand.js';
import { roleCommand } from './roleCommand.js';
import { savingsCommand } from './savingsCommand.js';
import { validateCommand } from './validateCommand.js';

/** Exit status for a bad spec or a bad command line, so scripts can tell it from a crash (1). */
export const EXIT_INVALID_INPUT = 2;

function buildProgram(
  output: CliOutput,
  environment: CliEnvironment,
  dependencies: CliDependencies,
  setExitCode: (code: number) => void,
): Command {
  const program = new Command('aks-offhours')
    .description('AKS Off-Hours: check and preview schedules, import and export them')
    .version(packageVersion(), '-V, --version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: output.stdout, writeErr: output.stderr });
  const commands = [
    evalCommand(output),
    previewCommand(output),
    validateCommand(output),
    importCommand(output, environment, setExitCode),
    exportCommand(output, environment),
    planCommand(output, environment, dependencies),
    roleCommand(output),
    savingsCommand(output, environment, dependencies),
  ];
  for (const command of commands) {
    program.addCommand(command.configureOutput({ writeOut: output.stdout, writeErr: output.stderr }));
  }
  program.exitOverride();
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the CLI on `args` (without node and the script) and returns the exit status. */
export async function runCli(
  args: readonly string[],
  output: CliOutput,
  environment: CliEnvironment = {},
  dependencies: CliDependencies = {},
): Promise<number> {
  let exitCode = 0;
  try {
    await buildProgram(output, environment, dependencies, (code) => (exitCode = code)).parseAsync([...args], {
      from: 'user',
    });
    return exitCode;
  } catch (error) {
    if (
      error instanceof ScheduleSpecError ||
      error instanceof CliUsageError ||
      error instanceof CatalogFileError ||
      error instanceof ConfigError
    ) {
      output.stderr(`${error.message}\n`);
      return EXIT_INVALID_INPUT;
    }
    if (error instanceof StorageUnreachableError) {
      output.stderr(`${commandName(args)} ${error.message}\n`);
      return 1;
    }
    if (error instanceof StorageError) {
      const cause = error.cause instanceof Error ? `: ${error.cause.message.split('\n')[0]}` : '';
      output.stderr(`${error.message}${cause}\n`);
      return 1;
    }
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_INVALID_INPUT;
    const signIn = azureSignInProblem(error, commandName(args));
    if (signIn) {
      output.stderr(`${signIn}\n`);
      return 1;
    }
    throw error;
  }
}

/** The command a line runs (`plan`), for messages that say who failed. */
function commandName(args: readonly string[]): string {
  return args.find((arg) => !arg.startsWith('-')) ?? 'aks-offhours';
}
