import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide } from '../../../shared/domain/decide.js';
import type { DecisionMemory } from '../../../shared/domain/DecisionMemory.js';
import type { ObservedState } from '../../../shared/domain/PowerState.js';
import { Schedule } from '../../../shared/domain/Schedule.js';
import { MINUTE_MS } from '../../../shared/domain/time.js';
import { at } from '../../helpers/instants.js';

const TICK_MS = 5 * MINUTE_MS;
const pool = {
  id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/dev/agentPools/user1',
  kind: 'nodepool' as const,
  registered: true,
};

/** Days on which clocks change, in zones on both hemispheres and either side of UTC. */
const DST_DAYS = [
  { zone: 'Europe/Berlin', day: '2026-03-29' },
  { zone: 'Europe/Berlin', day: '2026-10-25' },
  { zone: 'America/New_York', day: '2026-03-08' },
  { zone: 'America/New_York', day: '2026-11-01' },
  { zone: 'Australia/Sydney', day: '2026-04-05' },
  { zone: 'Australia/Sydney', day: '2026-10-04' },
  { zone: 'Asia/Tokyo', day: '2026-03-29' },
];

const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

const scenario = fc.record({
  dst: fc.constantFrom(...DST_DAYS),
  /** The up time, on five-minute steps from 00:05 to 11:55 (some fall in DST gaps and repeats). */
  upMinute: fc.integer({ min: 1, max: 143 }).map((step) => step * 5),
  upHours: fc.integer({ min: 3, max: 10 }),
  leadMinutes: fc.integer({ min: 1, max: 90 }),
  /** Each start takes this share of the lead (the lead is an upper bound of what starts take). */
  startShares: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 8, maxLength: 8 }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** Ticks every five minutes over three days around a DST change, with a target that does as told. */
function simulate({ dst, upMinute, upHours, leadMinutes, startShares }: Scenario) {
  const schedule = Schedule.compile({
    uptime: `Mon-Sun ${hhmm(upMinute)}-${hhmm(upMinute + upHours * 60)} ${dst.zone}`,
  });
  const leadMs = leadMinutes * MINUTE_MS;
  const startLead = { ms: leadMs, reason: `a fixed ${leadMinutes} min` };
  const from = at(`${dst.day}T00:00:00Z`) - 36 * 60 * MINUTE_MS;
  const to = from + 3 * 24 * 60 * MINUTE_MS;
  let memory: DecisionMemory = { firstSeenAt: from - 60 * MINUTE_MS, lastDesired: 'stopped' };
  let state: ObservedState = schedule.isUp(from) ? 'running' : 'stopped';
  memory = { ...memory, lastDesired: state === 'running' ? 'running' : 'stopped' };
  let changeEndsAt: number | undefined;
  let starts = 0;
  const samples: { now: number; state: ObservedState; action: string; scheduleUp: boolean }[] = [];
  for (let now = from; now < to; now += TICK_MS) {
    if (changeEndsAt !== undefined && now >= changeEndsAt) {
      state = state === 'starting' ? 'running' : 'stopped';
      changeEndsAt = undefined;
    }
    const decision = decide({
      target: pool,
      schedule,
      overrides: [],
      observed: { state },
      memory,
      now,
      settings: { newTargetGraceMs: 0, operationTimeoutMs: 60 * MINUTE_MS, tickIntervalMs: TICK_MS },
      startLead,
    });
    samples.push({ now, state, action: decision.action, scheduleUp: schedule.isUp(now) });
    memory = decision.memory;
    if (decision.action === 'start') {
      state = 'starting';
      changeEndsAt = now + Math.floor((startShares[starts++ % startShares.length] ?? 1) * leadMs);
    } else if (decision.action === 'stop') {
      state = 'stopping';
      changeEndsAt = now + MINUTE_MS;
    }
  }
  return { schedule, samples, leadMs, from, to };
}

describe('start lead properties on DST days', () => {
  it('never stops while the schedule is up, and is running at every up time it had the lead for', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const { schedule, samples, leadMs, from } = simulate(input);
        for (const sample of samples) {
          if (sample.scheduleUp) expect(sample.action).not.toBe('stop');
          // An up time whose whole lead (and one tick) lies inside the simulation finds the target running.
          const upNow = sample.scheduleUp && !schedule.isUp(sample.now - 1);
          if (upNow && sample.now - leadMs - TICK_MS >= from) expect(sample.state).toBe('running');
        }
      }),
      { numRuns: 150 },
    );
  });

  it('runs ahead of the schedule only within the lead and one tick before an up time', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const { schedule, samples, leadMs, from } = simulate(input);
        for (const sample of samples) {
          if (sample.action !== 'start' || sample.scheduleUp) continue;
          const upAt = schedule.nextTransition(sample.now);
          expect(upAt).toBeDefined();
          expect((upAt ?? 0) - sample.now).toBeLessThanOrEqual(leadMs + TICK_MS);
          // Not later than needed either: at the last tick at or before the planned start (unless the simulation began later).
          if (sample.now > from) expect((upAt ?? 0) - sample.now).toBeGreaterThanOrEqual(leadMs);
        }
      }),
      { numRuns: 150 },
    );
  });
});
