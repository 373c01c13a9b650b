import { Command } from 'commander';
import { previewSchedule, type SchedulePreview } from '../shared/domain/previewSchedule.js';
import {
  DEFAULT_PREVIEW_DAYS,
  MAX_PREVIEW_DAYS,
  PreviewRangeError,
  previewRange,
} from '../shared/domain/previewRange.js';
import type { Schedule } from '../shared/domain/Schedule.js';
import { parseStartLead, scheduleStartLead } from '../shared/domain/StartLead.js';
import { HOUR_MS } from '../shared/domain/time.js';
import type { CliOutput } from './CliOutput.js';
import { CliUsageError } from './CliUsageError.js';
import { formatInstant, isoInZone } from './formatInstant.js';
import { addScheduleOptions, compileFromOptions, type ScheduleOptions } from './scheduleOptions.js';
import { outlookFor, policyFromOption, readMaintenanceFile } from './maintenanceOption.js';
import { windowsAttended, type MaintenanceOutlook } from '../shared/domain/maintenance/maintenanceOutlook.js';

interface PreviewOptions extends ScheduleOptions {
  startLead?: string;
  maintenance?: string;
  maintenancePolicy?: string;
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
      .option(
        '--start-lead <lead>',
        "also show when each start begins to be ready at the up time, as the schedule row's StartLead would: auto (the default lead before a target has starts), off, or a duration such as 15m",
      )
      .option(
        '--maintenance <file>',
        'also show, for the four weeks from --from, whether a cluster with these AKS maintenance configurations is up for each window (a JSON file: the output of az aks maintenanceconfiguration list or show)',
      )
      .option(
        '--maintenance-policy <policy>',
        "with --maintenance: the schedule's Maintenance column, wake, warn (the default) or ignore",
      )
      .option('--json', 'machine-readable output'),
  ).action((spec: string, options: PreviewOptions) => {
    const schedule = compileFromOptions(spec, options);
    const { from, to } = rangeFromOptions(options, schedule.displayZone);
    const preview = previewSchedule(schedule, from, to, leadFromOption(options.startLead));
    const policy = policyFromOption(options.maintenancePolicy);
    const outlook = options.maintenance
      ? outlookFor(schedule, readMaintenanceFile(options.maintenance), policy, from)
      : undefined;
    output.stdout(
      options.json
        ? `${JSON.stringify({ ...previewAsJson(spec, schedule, preview), ...(outlook ? { maintenance: outlookAsJson(outlook, schedule.displayZone) } : {}) }, null, 2)}\n`
        : previewAsText(spec, schedule, preview) +
            (outlook ? outlookAsText(outlook, schedule.displayZone) : ''),
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

function leadFromOption(text: string | undefined) {
  if (text === undefined) return undefined;
  const parsed = parseStartLead(text);
  if (!parsed.ok) throw new CliUsageError(`--start-lead ${parsed.message}`);
  return scheduleStartLead(parsed.setting);
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
  if (preview.plannedStarts.length > 0) lines.push('', 'Starts begun ahead:');
  for (const planned of preview.plannedStarts)
    lines.push(`  ${formatInstant(planned.startAt, zone)}  ${planned.reason}`);
  lines.push('');
  for (const holiday of preview.holidays) lines.push(`Closed: ${holiday.date} ${holiday.name}`);
  lines.push(`Hours up: ${hours(preview.hoursUp)} of ${hours(preview.hoursTotal)}`);
  lines.push(`Hours saved: ${hours(preview.hoursSaved)} (${savedPercent(preview)}% of always-on)`);
  return `${lines.join('\n')}\n`;
}

function outlookAsText(outlook: MaintenanceOutlook, zone: string): string {
  const windows = outlook.windows ?? [];
  const attended = windowsAttended(windows);
  const lines = [
    '',
    `AKS maintenance windows in the four weeks from --from (Maintenance ${outlook.policy}):`,
  ];
  for (const window of windows)
    lines.push(
      `  ${formatInstant(window.opens, zone)} → ${formatInstant(window.closes, zone)}  ${window.configuration}  ${window.attendance === 'attended' ? 'up' : window.attendance === 'partly' ? 'up for part of it' : 'down: missed'}`,
    );
  lines.push(`Windows attended: ${attended} of ${windows.length}`);
  for (const warning of outlook.warnings) lines.push(`Warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}

function outlookAsJson(outlook: MaintenanceOutlook, zone: string) {
  const windows = outlook.windows ?? [];
  return {
    policy: outlook.policy,
    windows: windows.map((window) => ({
      configuration: window.configuration,
      purpose: window.purpose,
      opens: isoInZone(window.opens, zone),
      closes: isoInZone(window.closes, zone),
      attendance: window.attendance,
    })),
    attended: windowsAttended(windows),
    total: windows.length,
    warnings: outlook.warnings,
  };
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
    ...(preview.plannedStarts.length > 0
      ? {
          plannedStarts: preview.plannedStarts.map((planned) => ({
            readyBy: isoInZone(planned.readyBy, zone),
            startAt: isoInZone(planned.startAt, zone),
            leadMinutes: planned.lead.ms / 60_000,
            keptUp: planned.keptUp,
            reason: planned.reason,
          })),
        }
      : {}),
    hoursTotal: preview.hoursTotal,
    hoursUp: preview.hoursUp,
    hoursSaved: preview.hoursSaved,
    savedPercent: savedPercent(preview),
  };
}
