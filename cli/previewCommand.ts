import { Command } from 'commander';
import { previewSchedule, type SchedulePreview } from '../shared/domain/previewSchedule.js';
import {
  DEFAULT_PREVIEW_DAYS,
  MAX_PREVIEW_DAYS,
  PreviewRangeError,
  previewRange,
} from '../shared/domain/previewRange.js';
import type { Schedule } from '../shared/domain/Schedule.js';
import { HOUR_MS } from '../shared/domain/time.js';
import type { CliOutput } from './CliOutput.js';
import { CliUsageError } from './CliUsageError.js';
import { formatInstant, isoInZone } from './formatInstant.js';
import { addScheduleOptions, compileFromOptions, type ScheduleOptions } from './scheduleOptions.js';

interface PreviewOptions extends ScheduleOptions {
  from?: string;
  to?: string;
  json?: boolean;
}

/** `preview "<spec>" --from <date> --to <date>`: the up/down windows of [from, to) and the hours saved. */
export function previewCommand(output: CliOutput): Command {
  return addScheduleOptions(
    new Command('preview')
      .description('print the up and down windows of [from, to), hours up and hours saved against always-on')
      .argument('<spec>', 'time spec, e.g. "Mon-Fri 08:00-20:00 Asia/Tokyo"')
      .option(
        '--from <date>',
        "first day (YYYY-MM-DD: midnight in the schedule's zone) or an ISO 8601 instant with an offset (default: today)",
      )
      .option(
        '--to <date>',
        `end, exclusive, in the same forms (default: ${DEFAULT_PREVIEW_DAYS} days after --from; at most ${MAX_PREVIEW_DAYS} days)`,
      )
      .option('--json', 'machine-readable output'),
  ).action((spec: string, options: PreviewOptions) => {
    const schedule = compileFromOptions(spec, options);
    const { from, to } = rangeFromOptions(options, schedule.displayZone);
    const preview = previewSchedule(schedule, from, to);
    output.stdout(
      options.json
        ? `${JSON.stringify(previewAsJson(spec, schedule, preview), null, 2)}\n`
        : previewAsText(spec, schedule, preview),
    );
  });
}

/** The same reading of --from and --to as the API's from and to (docs/schedule-language.md). */
function rangeFromOptions(options: PreviewOptions, zone: string): { from: number; to: number } {
  try {
    return previewRange({ from: options.from, to: options.to }, zone, Date.now());
  } catch (error) {
    if (error instanceof PreviewRangeError) throw new CliUsageError(error.describe('--'), { cause: error });
    throw error;
  }
}

function savedPercent(preview: SchedulePreview): number {
  return Math.round((preview.hoursSaved / preview.hoursTotal) * 1000) / 10;
}

function hours(value: number): string {
  return value.toFixed(1);
}

function previewAsText(spec: string, schedule: Schedule, preview: SchedulePreview): string {
  const zone = schedule.displayZone;
  const lines = [`${schedule.form === 'uptime' ? 'Uptime' : 'Downtime'} "${spec}", times in ${zone}`, ''];
  for (const window of preview.windows) {
    const state = window.up ? 'up  ' : 'down';
    const span = `${formatInstant(window.from, zone)} → ${formatInstant(window.to, zone)}`;
    lines.push(`  ${state}  ${span}  ${hours((window.to - window.from) / HOUR_MS).padStart(7)} h`);
  }
  lines.push('');
  for (const holiday of preview.holidays) lines.push(`Closed: ${holiday.date} ${holiday.name}`);
  lines.push(`Hours up: ${hours(preview.hoursUp)} of ${hours(preview.hoursTotal)}`);
  lines.push(`Hours saved: ${hours(preview.hoursSaved)} (${savedPercent(preview)}% of always-on)`);
  return `${lines.join('\n')}\n`;
}

function previewAsJson(spec: string, schedule: Schedule, preview: SchedulePreview) {
  const zone = schedule.displayZone;
  return {
    spec,
    form: schedule.form,
    zone,
    from: isoInZone(preview.from, zone),
    to: isoInZone(preview.to, zone),
    windows: preview.windows.map((window) => ({
      state: window.up ? 'up' : 'down',
      from: isoInZone(window.from, zone),
      to: isoInZone(window.to, zone),
      hours: (window.to - window.from) / HOUR_MS,
    })),
    holidays: preview.holidays,
    hoursTotal: preview.hoursTotal,
    hoursUp: preview.hoursUp,
    hoursSaved: preview.hoursSaved,
    savedPercent: savedPercent(preview),
  };
}
