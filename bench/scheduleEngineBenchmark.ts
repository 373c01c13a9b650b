import { decide } from '../shared/domain/decide.js';
import { previewSchedule } from '../shared/domain/previewSchedule.js';
import { Schedule } from '../shared/domain/Schedule.js';
import { MINUTE_MS } from '../shared/domain/time.js';
import { benchmarkSchedules, benchmarkTargets } from './fleetFixtures.js';
import { formatMeasurement, measure } from './measure.js';

/**
 * The schedule engine's figures (issue: foundation). Each run moves the clock on by one tick
 * (5 minutes), as the reconcile timer does, so caches are only as warm as they are in production.
 */
const RUNS = 31;
const TICK_MS = 5 * MINUTE_MS;
const firstTick = Date.parse('2026-11-26T06:00:00Z');

/** Prints the engine's figures. */
export function runScheduleEngineBenchmark(): string {
  const schedules = benchmarkSchedules();
  const targets = benchmarkTargets(schedules);
  const results = [
    measure(
      'isUp for 10,000 targets (100 distinct schedules) at one instant',
      RUNS,
      'median < 20 ms',
      (run) => {
        const now = firstTick + run * TICK_MS;
        let up = 0;
        for (const target of targets) if (target.schedule.isUp(now)) up++;
        if (up < 0) throw new Error('unreachable');
      },
    ),
    measure(
      'decide() for 10,000 targets (100 distinct schedules) at one instant, next transition included',
      RUNS,
      'median < 20 ms',
      (run) => {
        const now = firstTick + run * TICK_MS;
        for (const target of targets) {
          decide({
            target: target.facts,
            schedule: target.schedule,
            overrides: [],
            observed: { state: 'running' },
            memory: target.memory,
            now,
          });
        }
      },
    ),
    measure(
      'one-year preview of a two-item spec with JP holidays (compile included)',
      RUNS,
      'median < 50 ms',
      (run) => {
        const schedule = Schedule.compile({
          uptime: 'Mon-Fri 08:00-20:00, Sat 10:00-14:00',
          timeZone: 'Asia/Tokyo',
          holidays: 'JP',
        });
        const from = Date.parse(`${2026 + (run % 3)}-01-01T00:00:00+09:00`);
        previewSchedule(schedule, from, from + 365 * 24 * 60 * MINUTE_MS);
      },
    ),
  ];
  return `Schedule engine (${RUNS} runs each)\n\n${results.map(formatMeasurement).join('\n\n')}\n`;
}
