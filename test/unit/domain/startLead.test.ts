import { describe, expect, it } from 'vitest';
import { decide, type DecisionInput } from '../../../shared/domain/decide.js';
import type { DecisionMemory } from '../../../shared/domain/DecisionMemory.js';
import { resolveOverride } from '../../../shared/domain/resolveOverride.js';
import { Schedule } from '../../../shared/domain/Schedule.js';
import {
  DEFAULT_START_LEAD_POLICY,
  parseStartLead,
  startLeadOf,
  type StartLead,
} from '../../../shared/domain/StartLead.js';
import { nextPlannedStart } from '../../../shared/domain/PlannedStart.js';
import type { StartHistory } from '../../../shared/domain/StartHistory.js';
import { MINUTE_MS } from '../../../shared/domain/time.js';
import { at, iso } from '../../helpers/instants.js';

// 2026-11-27 is a Friday; Berlin is UTC+1 in November.
const office = Schedule.compile({ name: 'office', uptime: 'Mon-Fri 08:00-20:00 Europe/Berlin' });
const minutes = (count: number) => count * MINUTE_MS;
/** A history of completed starts of these durations (ms), no margin. */
const starts = (durations: readonly number[], marginMs = 0): StartHistory => ({
  samples: durations.map((ms) => ({ ms })),
  marginMs,
});
const twelve: StartLead = { ms: minutes(12), reason: 'the 95 % bound of the last 20 starts is 12 min' };
const wasDown: DecisionMemory = { firstSeenAt: at('2026-11-01T00:00:00Z'), lastDesired: 'stopped' };
const wasUp: DecisionMemory = { firstSeenAt: at('2026-11-01T00:00:00Z'), lastDesired: 'running' };
const pool = {
  id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/dev/agentPools/user1',
  kind: 'nodepool' as const,
  registered: true,
};
const settings = {
  newTargetGraceMs: minutes(15),
  operationTimeoutMs: minutes(60),
  tickIntervalMs: minutes(5),
};

function input(now: string, extra: Partial<DecisionInput> = {}): DecisionInput {
  return {
    target: pool,
    schedule: office,
    overrides: [],
    observed: { state: 'stopped' },
    memory: wasDown,
    now: at(now),
    settings,
    startLead: twelve,
    ...extra,
  };
}

describe('start lead: the learned figure', () => {
  it('is the 95 % bound of the last 20 starts (the longest of them), in whole minutes', () => {
    const durations = Array.from({ length: 25 }, (_, index) =>
      index < 5 ? minutes(60) : minutes(5 + (index % 10)) + 20_000,
    );
    // The five 60-minute starts are older than the last 20, so they do not count.
    const lead = startLeadOf({ kind: 'learned' }, starts(durations));
    expect(lead?.ms).toBe(minutes(15));
    expect(lead?.reason).toBe('the 95 % bound of the last 20 starts is 15 min');
  });

  it('adds the margin late mornings left, and counts failed or timed-out starts as at least their time', () => {
    const history: StartHistory = {
      samples: [...starts(Array(19).fill(minutes(8))).samples, { ms: minutes(30), atLeast: true }],
      marginMs: minutes(4),
    };
    expect(startLeadOf({ kind: 'learned' }, history)).toEqual({
      ms: minutes(33 + 4),
      reason:
        'the 95 % bound of the last 20 starts is 33 min (1 failed or timed out, counted as at least their time), plus 4 min after a late morning',
    });
    expect(startLeadOf({ kind: 'learned' }, starts([], minutes(4)))?.ms).toBe(minutes(19));
  });

  it('uses the default before there is history, and keeps it while fewer than 5 starts say shorter', () => {
    expect(startLeadOf({ kind: 'learned' }, starts([]))).toEqual({
      ms: minutes(15),
      reason: 'no completed start yet, so the default of 15 min',
    });
    expect(startLeadOf({ kind: 'learned' }, starts([minutes(3), minutes(4)]))).toEqual({
      ms: minutes(15),
      reason:
        'the 95 % bound of the last 2 starts is 5 min, but with fewer than 5 starts the default of 15 min is kept',
    });
    // One start of 25 minutes, too few to rank: the longest plus a tenth.
    expect(startLeadOf({ kind: 'learned' }, starts([minutes(25)]))?.ms).toBe(minutes(28));
  });

  it('is bounded by the maximum, says so, and a maximum of 0 turns leads off', () => {
    const policy = { ...DEFAULT_START_LEAD_POLICY, maxLeadMs: minutes(30) };
    expect(startLeadOf({ kind: 'learned' }, starts(Array(20).fill(minutes(45))), policy)).toEqual({
      ms: minutes(30),
      reason:
        'the 95 % bound of the last 20 starts is 45 min, capped at the 30 min maximum (OFFHOURS_MAX_START_LEAD_MINUTES)',
    });
    expect(startLeadOf({ kind: 'fixed', ms: minutes(90) }, starts([]), policy)?.ms).toBe(minutes(30));
    expect(startLeadOf({ kind: 'learned' }, starts([]), { ...policy, maxLeadMs: 0 })).toBeUndefined();
  });

  it('follows the schedule: a fixed lead whatever the history, or none', () => {
    expect(startLeadOf({ kind: 'fixed', ms: minutes(20) }, starts(Array(20).fill(minutes(5))))).toEqual({
      ms: minutes(20),
      reason: "the schedule's StartLead is 20m",
    });
    expect(startLeadOf({ kind: 'off' }, starts(Array(20).fill(minutes(5))))).toBeUndefined();
  });
});

describe('start lead: the StartLead column', () => {
  it.each([
    ['', { kind: 'learned' }],
    [' Auto ', { kind: 'learned' }],
    ['off', { kind: 'off' }],
    ['0m', { kind: 'off' }],
    ['15m', { kind: 'fixed', ms: minutes(15) }],
    ['15 min', { kind: 'fixed', ms: minutes(15) }],
    ['1h', { kind: 'fixed', ms: minutes(60) }],
    ['1h30m', { kind: 'fixed', ms: minutes(90) }],
    ['12h', { kind: 'fixed', ms: minutes(720) }],
  ])('reads %j', (text, setting) => {
    expect(parseStartLead(text)).toEqual({ ok: true, setting });
  });

  it.each(['15', 'soon', '-5m', '13h', '1h61x', 'm'])('refuses %j, saying what is valid', (text) => {
    const parsed = parseStartLead(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(/auto .*off.*15m, 1h or 1h30m/);
  });
});

describe('start lead: decisions', () => {
  it('begins the 08:00 start at the last tick before 07:48, so the target is ready at 08:00', () => {
    const decision = decide(input('2026-11-27T07:45:00+01:00'));
    expect(decision.action).toBe('start');
    expect(decision.desired).toBe('running');
    expect(decision.reason).toContain(
      'starting 07:48 to be ready by 08:00 (Europe/Berlin): the 95 % bound of the last 20 starts is 12 min',
    );
    expect(iso(decision.plannedStart?.readyBy)).toBe('2026-11-27T07:00:00.000Z');
    expect(decision.memory.startedAheadFor).toBe(at('2026-11-27T08:00:00+01:00'));
  });

  it('does not start earlier than one tick before the planned start', () => {
    expect(decide(input('2026-11-27T07:40:00+01:00')).action).toBe('none');
  });

  it('without a lead, the start waits for 08:00', () => {
    const { startLead: _none, ...withoutLead } = input('2026-11-27T07:45:00+01:00');
    expect(decide(withoutLead).action).toBe('none');
    expect(decide({ ...withoutLead, now: at('2026-11-27T08:00:00+01:00') }).action).toBe('start');
  });

  it('never moves a stop: the target runs until 20:00 and stops then', () => {
    const before = decide(
      input('2026-11-27T19:55:00+01:00', { observed: { state: 'running' }, memory: wasUp }),
    );
    expect(before.action).toBe('none');
    const stop = decide(
      input('2026-11-27T20:00:00+01:00', { observed: { state: 'running' }, memory: wasUp }),
    );
    expect(stop.action).toBe('stop');
  });

  it('starts nothing ahead on a closed day: a holiday still means no start', () => {
    const closed = Schedule.compile({
      uptime: 'Mon-Fri 08:00-20:00',
      timeZone: 'Europe/Berlin',
      holidays: '2026-11-27',
    });
    const decision = decide(input('2026-11-27T07:45:00+01:00', { schedule: closed }));
    expect(decision.action).toBe('none');
    expect(decision.desired).toBe('stopped');
  });

  it('does not start ahead across a keep-stopped override that lasts into the up time', () => {
    const keepStopped = resolveOverride(
      { kind: 'keep-stopped', until: at('2026-11-27T09:00:00+01:00') },
      office,
      at('2026-11-27T06:00:00+01:00'),
    );
    expect(decide(input('2026-11-27T07:45:00+01:00', { overrides: [keepStopped] })).action).toBe('none');
  });

  it('does not start ahead when skip-next-start skips the start it would serve', () => {
    const skip = resolveOverride({ kind: 'skip-next-start' }, office, at('2026-11-26T22:00:00+01:00'));
    expect(iso(skip.from)).toBe('2026-11-27T07:00:00.000Z');
    const decision = decide(input('2026-11-27T07:45:00+01:00', { overrides: [skip] }));
    expect(decision.action).toBe('none');
    expect(decision.desired).toBe('stopped');
  });

  it('does not stop a target whose keep-running override ends inside the lead window', () => {
    const keepRunning = resolveOverride(
      { kind: 'keep-running', until: at('2026-11-27T07:55:00+01:00') },
      office,
      at('2026-11-27T06:00:00+01:00'),
    );
    const decision = decide(
      input('2026-11-27T07:55:00+01:00', {
        overrides: [keepRunning],
        observed: { state: 'running' },
        memory: { ...wasUp, honouredOverride: keepRunning.createdAt },
      }),
    );
    expect(decision.action).toBe('none');
    expect(decision.desired).toBe('running');
  });

  it('keeps a start begun ahead when a shorter lead is learned before the up time (no flap)', () => {
    const started = decide(input('2026-11-27T07:45:00+01:00'));
    const { pendingOperation: _done, ...afterStart } = started.memory;
    const shorter: StartLead = { ms: minutes(3), reason: 'the 95 % bound of the last 20 starts is 3 min' };
    const later = decide(
      input('2026-11-27T07:50:00+01:00', {
        observed: { state: 'running' },
        memory: afterStart,
        startLead: shorter,
      }),
    );
    expect(later.action).toBe('none');
    expect(later.desired).toBe('running');
  });

  it('keeps a target up through a down window shorter than twice the lead, and says why', () => {
    const lunch = Schedule.compile({
      uptime: 'Mon-Fri 08:00-12:00 Europe/Berlin, Mon-Fri 12:20-20:00 Europe/Berlin',
    });
    const atNoon = decide(
      input('2026-11-27T12:00:00+01:00', { schedule: lunch, observed: { state: 'running' }, memory: wasUp }),
    );
    expect(atNoon.action).toBe('none');
    expect(atNoon.desired).toBe('running');
    expect(atNoon.reason).toContain('kept up through the down window');
    expect(atNoon.reason).toContain('shorter than twice the 12-min start lead');
  });

  it('still stops for a down window of at least twice the lead, and starts ahead of its end', () => {
    const lunch = Schedule.compile({
      uptime: 'Mon-Fri 08:00-12:00 Europe/Berlin, Mon-Fri 12:30-20:00 Europe/Berlin',
    });
    const stop = decide(
      input('2026-11-27T12:00:00+01:00', { schedule: lunch, observed: { state: 'running' }, memory: wasUp }),
    );
    expect(stop.action).toBe('stop');
    const start = decide(input('2026-11-27T12:15:00+01:00', { schedule: lunch }));
    expect(start.action).toBe('start');
  });

  it('plans the next start for the API and says why', () => {
    const plan = nextPlannedStart(office, [], at('2026-11-27T10:00:00+01:00'), twelve);
    expect(iso(plan?.startAt)).toBe('2026-11-30T06:48:00.000Z');
    expect(plan?.reason).toBe(
      'starting 07:48 to be ready by 08:00 (Europe/Berlin): the 95 % bound of the last 20 starts is 12 min',
    );
  });
});
