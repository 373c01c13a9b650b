import { describe, expect, it } from 'vitest';
import { decide, type DecisionInput } from '../../../shared/domain/decide.js';
import type { Override } from '../../../shared/domain/Override.js';
import { plannedTimeline } from '../../../shared/domain/plannedTimeline.js';
import { resolveOverride } from '../../../shared/domain/resolveOverride.js';
import { Schedule } from '../../../shared/domain/Schedule.js';
import type { StartLead } from '../../../shared/domain/StartLead.js';
import { MINUTE_MS } from '../../../shared/domain/time.js';
import { at } from '../../helpers/instants.js';

// Issue 24, item 4: the 7-day bar shows what will really happen. Over a week with a DST change
// (Sun 29 Mar 2026 in Berlin) and a public holiday (Good Friday, 3 Apr), every 5 minutes, the
// timeline says up exactly when the tick's own decide() wants the target running.
const office = Schedule.compile({
  name: 'office',
  uptime: 'Mon-Fri 08:00-20:00',
  timeZone: 'Europe/Berlin',
  holidays: 'DE',
});
const lead: StartLead = { ms: 15 * MINUTE_MS, reason: 'no completed start yet, so the default of 15 min' };
const from = at('2026-03-27T23:00:00Z'); // Saturday 28 Mar, midnight in Berlin
const to = at('2026-04-04T22:00:00Z'); // Sunday 5 Apr, midnight in Berlin (summer time)

function desiredByTheTick(overrides: readonly Override[], now: number): string {
  const input: DecisionInput = {
    target: {
      id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/dev/agentPools/user1',
      kind: 'nodepool',
      registered: true,
    },
    schedule: office,
    overrides,
    observed: { state: 'stopped' },
    memory: { firstSeenAt: at('2026-03-01T00:00:00Z'), lastDesired: 'stopped' },
    now,
    settings: { newTargetGraceMs: 15 * MINUTE_MS, operationTimeoutMs: 60 * MINUTE_MS, tickIntervalMs: 0 },
    startLead: lead,
  };
  return decide(input).desired;
}

function upAt(periods: ReturnType<typeof plannedTimeline>['periods'], instant: number): boolean | undefined {
  return periods.find((period) => instant >= period.from && instant < period.to)?.up;
}

const cases: [string, Override[]][] = [
  ['the schedule alone', []],
  [
    'stop now on Monday 10:00 (held until 20:00)',
    [
      resolveOverride(
        { kind: 'keep-stopped', until: at('2026-03-30T18:00:00Z') },
        office,
        at('2026-03-30T08:00:00Z'),
      ),
    ],
  ],
  [
    'keep running until Tuesday 22:00',
    [
      resolveOverride(
        { kind: 'keep-running', until: at('2026-03-31T20:00:00Z') },
        office,
        at('2026-03-31T09:00:00Z'),
      ),
    ],
  ],
  [
    'skip the next stop, asked on Saturday (it skips Monday 20:00)',
    [resolveOverride({ kind: 'skip-next-stop' }, office, at('2026-03-28T10:00:00Z'))],
  ],
  [
    'skip the next start, asked on Wednesday evening',
    [resolveOverride({ kind: 'skip-next-start' }, office, at('2026-04-01T19:00:00Z'))],
  ],
];

describe('plannedTimeline over a week with a DST change and a holiday', () => {
  for (const [name, overrides] of cases)
    it(`${name}: up exactly when the tick wants the target running, every 5 minutes`, () => {
      const { periods, changes } = plannedTimeline({ schedule: office, overrides, from, to, lead });
      expect(periods[0]?.from).toBe(from);
      expect(periods.at(-1)?.to).toBe(to);
      const wrong: string[] = [];
      for (let instant = from; instant < to; instant += 5 * MINUTE_MS) {
        const tick = desiredByTheTick(overrides, instant) === 'running';
        if (upAt(periods, instant) !== tick)
          wrong.push(
            `${new Date(instant).toISOString()}: timeline ${String(upAt(periods, instant))}, tick ${tick}`,
          );
      }
      expect(wrong.slice(0, 5)).toEqual([]);
      // Every change is between periods that differ, and alternates.
      changes.forEach((change, index) => {
        if (index > 0) expect(change.action).not.toBe(changes[index - 1]?.action);
      });
    });

  it('names the causes: start begun ahead, holiday, override', () => {
    const skip = resolveOverride({ kind: 'skip-next-stop' }, office, at('2026-03-28T10:00:00Z'));
    const { periods, changes } = plannedTimeline({ schedule: office, overrides: [skip], from, to, lead });
    // Monday 30 Mar: started 07:45 Berlin (05:45 UTC in summer time) for 08:00.
    expect(periods).toContainEqual({
      from: at('2026-03-30T05:45:00Z'),
      to: at('2026-03-30T06:00:00Z'),
      up: true,
      cause: 'start-ahead',
    });
    // The skipped Monday stop: up by the override until Tuesday's 08:00.
    expect(periods).toContainEqual({
      from: at('2026-03-30T18:00:00Z'),
      to: at('2026-03-31T06:00:00Z'),
      up: true,
      cause: 'override',
      override: 'skip-next-stop',
    });
    expect(changes.map((change) => change.at)).not.toContain(at('2026-03-30T18:00:00Z'));
    // Good Friday is closed: down all day, and no start ahead of it.
    expect(upAt(periods, at('2026-04-03T08:00:00Z'))).toBe(false);
    expect(
      periods.find(
        (period) => period.from <= at('2026-04-03T08:00:00Z') && period.to > at('2026-04-03T08:00:00Z'),
      )?.cause,
    ).toBe('holiday');
    expect(
      changes.some(
        (change) => change.at > at('2026-04-02T22:00:00Z') && change.at < at('2026-04-03T22:00:00Z'),
      ),
    ).toBe(false);
  });
});
