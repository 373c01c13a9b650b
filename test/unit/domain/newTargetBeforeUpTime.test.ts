import { describe, expect, it } from 'vitest';
import { decide } from '../../../shared/domain/decide.js';
import type { DecisionMemory } from '../../../shared/domain/DecisionMemory.js';
import type { ObservedState } from '../../../shared/domain/PowerState.js';
import { Schedule } from '../../../shared/domain/Schedule.js';
import type { StartLead } from '../../../shared/domain/StartLead.js';
import { MINUTE_MS } from '../../../shared/domain/time.js';
import { at, iso } from '../../helpers/instants.js';

const TICK_MS = 5 * MINUTE_MS;
const pool = {
  id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/dev/agentPools/user1',
  kind: 'nodepool' as const,
  registered: true,
};
const settings = {
  newTargetGraceMs: 15 * MINUTE_MS,
  operationTimeoutMs: 60 * MINUTE_MS,
  tickIntervalMs: TICK_MS,
};
const START_TAKES_MS = 10 * MINUTE_MS;

/**
 * A stopped target registered at `registeredAt`, ticked every five minutes by a world that does as
 * told (a start takes ten minutes), until an hour after the schedule's next up time. Its state at each tick.
 */
function afterRegistration(schedule: Schedule, lead: StartLead | undefined, registeredAt: number) {
  const upAt = schedule.nextTransition(registeredAt) ?? Infinity;
  let memory: DecisionMemory = {};
  let state: ObservedState = 'stopped';
  let startEndsAt = Infinity;
  const states = new Map<number, { state: ObservedState; reason: string }>();
  for (let now = registeredAt; now <= upAt + 60 * MINUTE_MS; now += TICK_MS) {
    if (now >= startEndsAt) state = 'running';
    const decision = decide({
      target: pool,
      schedule,
      overrides: [],
      observed: { state },
      memory,
      now,
      settings,
      ...(lead ? { startLead: lead } : {}),
    });
    memory = decision.memory;
    if (decision.action === 'start') {
      state = 'starting';
      startEndsAt = now + START_TAKES_MS;
    }
    expect(decision.action, `${iso(now)}: ${decision.reason}`).not.toBe('stop');
    states.set(now, { state, reason: decision.reason });
  }
  return { upAt, states };
}

describe('a stopped target registered before its up time', () => {
  const weeks = [
    // Berlin leaves summer time on Sunday 25 October.
    { zone: 'Europe/Berlin', holidays: undefined, from: '2026-10-19T00:00:00Z' },
    // Christmas Day (Friday) is a public holiday in Germany.
    { zone: 'Europe/Berlin', holidays: 'DE', from: '2026-12-21T00:00:00Z' },
    // New York leaves summer time on Sunday 1 November.
    { zone: 'America/New_York', holidays: undefined, from: '2026-10-27T00:00:00Z' },
  ];
  const leads: (StartLead | undefined)[] = [
    undefined,
    { ms: 15 * MINUTE_MS, reason: 'a fixed 15 min' },
    { ms: 30 * MINUTE_MS, reason: 'a fixed 30 min' },
  ];

  it.each(
    weeks.flatMap((week) =>
      leads.map((lead) => [week.zone, week.from, lead?.reason ?? 'no lead', week, lead] as const),
    ),
  )(
    '%s, week from %s, %s: is running by its up time, or starting if registered later than the lead',
    (_zone, _from, _lead, week, lead) => {
      const schedule = Schedule.compile({
        uptime: 'Mon-Fri 08:00-20:00',
        timeZone: week.zone,
        ...(week.holidays ? { holidays: week.holidays } : {}),
      });
      const weekStart = at(week.from);
      for (
        let registeredAt = weekStart;
        registeredAt < weekStart + 7 * 24 * 60 * MINUTE_MS;
        registeredAt +=
          (schedule.nextTransition(registeredAt) ?? Infinity) - registeredAt <= 2 * 60 * MINUTE_MS
            ? TICK_MS
            : 60 * MINUTE_MS
      ) {
        if (schedule.isUp(registeredAt)) continue;
        const { upAt, states } = afterRegistration(schedule, lead, registeredAt);
        const atUpTime = states.get(upAt);
        const leadMs = lead?.ms ?? 0;
        // Registered a lead and a tick ahead, with a lead longer than the start takes: ready on time.
        const hadTheLead = leadMs >= START_TAKES_MS && registeredAt <= upAt - leadMs - TICK_MS;
        const context = `registered ${iso(registeredAt)}, up at ${iso(upAt)}: ${atUpTime?.reason}`;
        expect(hadTheLead ? ['running'] : ['running', 'starting'], context).toContain(atUpTime?.state);
        expect(states.get(upAt + 60 * MINUTE_MS)?.state, context).toBe('running');
      }
    },
  );

  it('at 07:40 for an 08:00 start with a 30-minute lead: starts at once, as the planned start is past', () => {
    const schedule = Schedule.compile({ uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Europe/Berlin' });
    const decision = decide({
      target: pool,
      schedule,
      overrides: [],
      observed: { state: 'stopped' },
      memory: {},
      now: at('2026-11-27T07:40:00+01:00'),
      settings,
      startLead: { ms: 30 * MINUTE_MS, reason: 'a fixed 30 min' },
    });
    expect(decision.action).toBe('start');
    expect(decision.reason).toContain('new target');
    expect(decision.reason).toContain('starting 07:30 to be ready by 08:00');
  });
});
