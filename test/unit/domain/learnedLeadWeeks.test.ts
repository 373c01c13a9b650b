import { describe, expect, it } from 'vitest';
import { decide } from '../../../shared/domain/decide.js';
import type { DecisionMemory } from '../../../shared/domain/DecisionMemory.js';
import type { ObservedState } from '../../../shared/domain/PowerState.js';
import { Schedule } from '../../../shared/domain/Schedule.js';
import {
  NO_START_HISTORY,
  recordStart,
  startOutcomeOf,
  withShape,
  type StartHistory,
} from '../../../shared/domain/StartHistory.js';
import { LEARNED_START_LEAD, startLeadOf } from '../../../shared/domain/StartLead.js';
import { MINUTE_MS } from '../../../shared/domain/time.js';
import { at } from '../../helpers/instants.js';

const pool = {
  id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/dev/agentPools/user1',
  kind: 'nodepool' as const,
  registered: true,
};
/**
 * Six weeks of office hours in New York: summer time ends on Sunday 1 November 2026, and
 * Veterans Day (Wednesday 11 November) and Thanksgiving (Thursday 26 November) are US holidays:
 * 28 working mornings.
 */
const office = Schedule.compile({
  uptime: 'Mon-Fri 08:00-18:00',
  timeZone: 'America/New_York',
  holidays: 'US',
});
const FROM = at('2026-10-19T00:00:00-04:00');
const TO = at('2026-11-30T00:00:00-05:00');
const DAY_MS = 24 * 60 * MINUTE_MS;

/** A deterministic number in [0, 1) per day and salt. */
function noise(day: number, salt: number): number {
  const value = Math.sin(day * 12.9898 + salt * 78.233) * 43_758.5453;
  return value - Math.floor(value);
}

interface Week {
  mornings: number;
  ready: number;
  /** Ticks a start was begun, and what the target was seen doing at each up time. */
  starts: number[];
  leads: { upAt: number; ms: number; marginMs: number; ready: boolean }[];
  history: StartHistory;
}

/**
 * Ticks every `tickMinutes` over the six weeks with the learned lead, a target that starts in
 * `durationOn(day)` and stops in a minute, and a follower that learns each start when a tick sees it
 * done (as the reconcile tick does: `startOutcomeOf`, `recordStart`).
 */
function sixWeeks(tickMinutes: number, durationOn: (day: number) => number, resizeOn?: number): Week {
  const tickMs = tickMinutes * MINUTE_MS;
  let memory: DecisionMemory = { firstSeenAt: FROM - DAY_MS, lastDesired: 'stopped' };
  let state: ObservedState = 'stopped';
  let history: StartHistory = withShape(NO_START_HISTORY, 'standard_d4s_v5x3');
  let change: { endsAt: number; begunAt: number } | undefined;
  const week: Week = { mornings: 0, ready: 0, starts: [], leads: [], history };
  for (let now = FROM; now < TO; now += tickMs) {
    const day = Math.floor((now - FROM) / DAY_MS);
    if (resizeOn !== undefined && day === resizeOn && state === 'running')
      history = withShape(history, 'standard_d8s_v5x6');
    if (change && now >= change.endsAt) {
      if (state === 'starting')
        history = recordStart(
          history,
          startOutcomeOf({
            begunAt: change.begunAt,
            seenAt: now,
            completed: true,
            startedAheadFor: memory.startedAheadFor,
          }),
        );
      state = state === 'starting' ? 'running' : 'stopped';
      change = undefined;
    }
    const startLead = startLeadOf(LEARNED_START_LEAD, history);
    if (office.isUp(now) && !office.isUp(now - 1)) {
      week.mornings++;
      if (state === 'running') week.ready++;
      week.leads.push({
        upAt: now,
        ms: startLead?.ms ?? 0,
        marginMs: history.marginMs,
        ready: state === 'running',
      });
    }
    const decision = decide({
      target: pool,
      schedule: office,
      overrides: [],
      observed: { state },
      memory,
      now,
      settings: { newTargetGraceMs: 0, operationTimeoutMs: 120 * MINUTE_MS, tickIntervalMs: tickMs },
      ...(startLead ? { startLead } : {}),
    });
    memory = decision.memory;
    if (decision.action === 'start') {
      week.starts.push(now);
      state = 'starting';
      change = { begunAt: now, endsAt: now + durationOn(day) };
    } else if (decision.action === 'stop') {
      state = 'stopping';
      change = { begunAt: now, endsAt: now + MINUTE_MS };
    }
  }
  week.history = history;
  return week;
}

/** 6 minutes × 0.6 to 1.4, and × 1.8 on one day in six. */
const slowOneInSix = (day: number) =>
  Math.round(6 * MINUTE_MS * (0.6 + 0.8 * noise(day, 1)) * (noise(day, 2) < 1 / 6 ? 1.8 : 1));

describe('the learned lead over six weeks (DST end, weekends, two holidays)', () => {
  it.each([5, 1])(
    'has the target running at 95 in 100 up times or more with a %i-minute tick and slow days 1 in 6',
    (tick) => {
      const week = sixWeeks(tick, slowOneInSix);
      expect(week.mornings).toBe(28);
      expect(week.ready / week.mornings).toBeGreaterThanOrEqual(0.95);
    },
  );

  it('starts only ahead of working mornings: never on a weekend or a holiday, and within the lead and a tick', () => {
    const week = sixWeeks(5, slowOneInSix);
    for (const startedAt of week.starts) {
      const upAt = office.nextTransition(startedAt) ?? 0;
      const local = new Date(upAt - 5 * 60 * MINUTE_MS).toISOString().slice(0, 10);
      expect(['2026-11-11', '2026-11-26']).not.toContain(local);
      expect([1, 2, 3, 4, 5]).toContain(new Date(upAt - 5 * 60 * MINUTE_MS).getUTCDay());
      expect(upAt - startedAt).toBeLessThanOrEqual(60 * MINUTE_MS + 5 * MINUTE_MS);
    }
    // One start a working morning; the stops take a minute and are not starts.
    expect(week.starts).toHaveLength(28);
  });

  it('grows the lead after a late morning by how late it was, and lets the margin decay over the mornings in time', () => {
    // 5 minutes a day, then one day of 40: far past a lead learned from 5-minute starts.
    const week = sixWeeks(5, (day) => (day === 15 ? 40 : 5) * MINUTE_MS);
    const missed = week.leads.findIndex((lead) => !lead.ready);
    expect(missed).toBeGreaterThan(0);
    const next = week.leads[missed + 1];
    const before = week.leads[missed];
    expect(next?.marginMs).toBeGreaterThan(0);
    expect((next?.ms ?? 0) - (before?.ms ?? 0)).toBeGreaterThanOrEqual(next?.marginMs ?? Infinity);
    expect(week.leads.at(-1)?.marginMs).toBe(0);
    expect(week.leads.filter((lead) => !lead.ready)).toHaveLength(1);
  });

  it('forgets what it learned when the pool is resized, and starts from the default lead again', () => {
    const week = sixWeeks(5, () => 4 * MINUTE_MS, 22);
    const afterResize = week.leads.find((lead) => lead.upAt > FROM + 22 * DAY_MS);
    const beforeResize = [...week.leads].reverse().find((lead) => lead.upAt < FROM + 22 * DAY_MS);
    // 4-minute starts seen done at the next 5-minute tick, 16 of them: 5 min and a tenth, rounded up.
    expect(beforeResize?.ms).toBe(6 * MINUTE_MS);
    expect(afterResize?.ms).toBe(15 * MINUTE_MS);
    expect(week.history.shape).toBe('standard_d8s_v5x6');
  });
});
