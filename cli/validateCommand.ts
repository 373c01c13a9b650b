import { Command } from 'commander';
import { reversedRangeWarnings } from '../shared/domain/parseScheduleSpec.js';
import { formatSpecProblem } from '../shared/domain/SpecProblem.js';
import type { CliOutput } from './CliOutput.js';
import { addScheduleOptions, compileFromOptions, type ScheduleOptions } from './scheduleOptions.js';

/** `validate "<spec>"`: prints ok (and any warning on stderr), or every problem (on stderr, exit 2). */
export function validateCommand(output: CliOutput): Command {
  return addScheduleOptions(
    new Command('validate')
      .description('check a time spec; print ok or every problem with its position and a fix')
      .argument('<spec>', 'time spec, e.g. "Mon-Fri 08:00-20:00 Asia/Tokyo"'),
  ).action((spec: string, options: ScheduleOptions) => {
    const schedule = compileFromOptions(spec, options);
    const field = schedule.form === 'uptime' ? 'Uptime' : 'Downtime';
    for (const warning of reversedRangeWarnings(schedule.spec, field))
      output.stderr(`warning: ${formatSpecProblem(warning)}\n`);
    output.stdout('ok\n');
  });
}
