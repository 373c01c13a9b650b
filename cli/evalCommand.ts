import { Command } from 'commander';
import type { CliOutput } from './CliOutput.js';
import { parseInstantOption } from './parseTimeOption.js';
import { addScheduleOptions, compileFromOptions, type ScheduleOptions } from './scheduleOptions.js';

interface EvalOptions extends ScheduleOptions {
  at: string;
}

/** `eval --at <instant> "<spec>"`: prints true when targets are up at that instant, else false. */
export function evalCommand(output: CliOutput): Command {
  return addScheduleOptions(
    new Command('eval')
      .description('print true if the schedule is up at an instant, false if down')
      .argument('<spec>', 'time spec, e.g. "Mon-Fri 08:00-20:00 Asia/Tokyo"')
      .requiredOption('--at <instant>', 'ISO 8601 instant with an offset, e.g. 2026-11-26T09:00:00+09:00'),
  ).action((spec: string, options: EvalOptions) => {
    const at = parseInstantOption('--at', options.at);
    output.stdout(`${compileFromOptions(spec, options).isUp(at)}\n`);
  });
}
