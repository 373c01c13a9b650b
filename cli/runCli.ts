import { Command, CommanderError } from 'commander';
import { ScheduleSpecError } from '../shared/domain/ScheduleSpecError.js';
import type { CliOutput } from './CliOutput.js';
import { CliUsageError } from './CliUsageError.js';
import { evalCommand } from './evalCommand.js';
import { previewCommand } from './previewCommand.js';
import { validateCommand } from './validateCommand.js';

/** Exit status for a bad spec or a bad command line, so scripts can tell it from a crash (1). */
export const EXIT_INVALID_INPUT = 2;

function buildProgram(output: CliOutput): Command {
  const program = new Command('aks-offhours')
    .description('AKS Off-Hours: check and preview schedules')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: output.stdout, writeErr: output.stderr });
  for (const command of [evalCommand(output), previewCommand(output), validateCommand(output)]) {
    program.addCommand(command.configureOutput({ writeOut: output.stdout, writeErr: output.stderr }));
  }
  program.exitOverride();
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the CLI on `args` (without node and the script) and returns the exit status. */
export async function runCli(args: readonly string[], output: CliOutput): Promise<number> {
  try {
    await buildProgram(output).parseAsync([...args], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof ScheduleSpecError || error instanceof CliUsageError) {
      output.stderr(`${error.message}\n`);
      return EXIT_INVALID_INPUT;
    }
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_INVALID_INPUT;
    throw error;
  }
}
