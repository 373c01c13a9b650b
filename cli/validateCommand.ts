import { Command } from 'commander';
import type { CliOutput } from './CliOutput.js';
import { addScheduleOptions, compileFromOptions, type ScheduleOptions } from './scheduleOptions.js';

/** `validate "<spec>"`: prints ok, or every problem (on stderr, exit 2). */
export function validateCommand(output: CliOutput): Command {
  return addScheduleOptions(
    new Command('validate')
      .description('check a time spec; print ok or every problem with its position and a fix')
      .argument('<spec>', 'time spec, e.g. "Mon-Fri 08:00-20:00 Asia/Tokyo"'),
  ).action((spec: string, options: ScheduleOptions) => {
    compileFromOptions(spec, options);
    output.stdout('ok\n');
  });
}
