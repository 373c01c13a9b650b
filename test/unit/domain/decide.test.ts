import { describe, expect, it } from 'vitest';
import { decide, type DecisionInput } from '../../../shared/domain/decide.js';
import type { DecisionMemory } from '../../../shared/domain/DecisionMemory.js';
import { DomainRuleError } from '../../../shared/domain/DomainRuleError.js';
import type { Override } from '../../../shared/domain/Override.js';
import type { ObservedState } from '../../../shared/domain/PowerState.js';
import { resolveOverride } from '../../../shared/domain/resolveOverride.js';
import { Schedule } from '../../../shared/domain/Schedule.js';
import type { Observation, TargetFacts } from '../../../shared/domain/TargetFacts.js';
import { at, iso } from '../../helpers/instants.js';

// Berlin office hours. 2026-11-26 is a Thursday; Berlin is UTC+1 in November.
const officeHours = Schedule.compile({ name: 'office', uptime: 'Mon-Fri 08:00-20:00 Europe/Berlin' });
const enforced = Schedule.compile({
  name: 'strict',
  uptime: 'Mon-Fri 08:00-20:00 Europe/Berlin',
  enforce: true,
});
const pool: TargetFacts = {
  id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/dev/agentPools/user1',
  kind: 'nodepool',
  registered: true,
};

function input(
  now: string,
  observed: ObservedState | Observation,
  memory: DecisionMemory,
  extra: Partial<DecisionInput> = {},
): DecisionInput {
  return {
    target: pool,
    schedule: officeHours,
    overrides: [],
    observed: typeof observed === 'string' ? { state: observed } : observed,
    memory,
    now: at(now),
    ...extra,
  };
}

const wasUp: DecisionMemory = { firstSeenAt: at('2026-11-01T00:00:00Z'), lastDesired: 'running' };
const wasDown: DecisionMemory = { firstSeenAt: at('2026-11-01T00:00:00Z'), lastDesired: 'stopped' };

describe('decide: schedule transitions', () => {
  it('stops at the evening transition and remembers the operation', () => {
    const decision = decide(input('2026-11-26T20:00:00+01:00', 'running', wasUp));
    expect(decision).toMatchObject({ action: 'stop', desired: 'stopped', refused: false });
    expect(decision.rule).toBe('desired-changed');
    expect(decision.reason).toBe('desired state changed: the schedule says stopped');
    expect(iso(decision.nextTransition)).toBe('2026-11-27T07:00:00.000Z');
    expect(decision.memory).toMatchObject({
      lastDesired: 'stopped',
      pendingOperation: { action: 'stop', startedAt: at('2026-11-26T20:00:00+01:00') },
    });
  });

  it('starts at the morning transition', () => {
    const decision = decide(input('2026-11-27T08:00:00+01:00', 'stopped', wasDown));
    expect(decision).toMatchObject({ action: 'start', desired: 'running' });
    expect(iso(decision.nextTransition)).toBe('2026-11-27T19:00:00.000Z');
  });

  it('catches up a missed stop: the comparison is with the remembered state, not the clock', () => {
    expect(decide(input('2026-11-27T02:00:00+01:00', 'running', wasUp)).action).toBe('stop');
  });

  it('does nothing when both transitions of a night were missed', () => {
    const decision = decide(input('2026-11-27T09:00:00+01:00', 'running', wasUp));
    expect(decision.action).toBe('none');
    expect(decision.rule).toBe('already-desired');
    expect(decision.reason).toBe('already running; the schedule says running');
  });

  it('confirms without acting when the target already has the new desired state', () => {
    const decision = decide(input('2026-11-26T20:00:00+01:00', 'stopped', wasUp));
    expect(decision.action).toBe('none');
    expect(decision.memory.lastDesired).toBe('stopped');
  });

  it('is edge-triggered: a target started by hand at night is left running', () => {
    const decision = decide(input('2026-11-26T23:00:00+01:00', 'running', wasDown));
    expect(decision.action).toBe('none');
    expect(decision.reason).toBe(
      'the schedule says stopped as at the last tick; left running as someone set it (Enforce is off)',
    );
  });

  it('with Enforce, corrects a target that differs at any time', () => {
    const decision = decide(input('2026-11-26T23:00:00+01:00', 'running', wasDown, { schedule: enforced }));
    expect(decision.action).toBe('stop');
    expect(decision.rule).toBe('enforced');
    expect(decision.reason).toBe('Enforce is on and the target differs: the schedule says stopped');
  });

  it('keeps a closed day down: no start on a public holiday', () => {
    const withHolidays = Schedule.compile({
      uptime: 'Mon-Fri 08:00-20:00',
      timeZone: 'Asia/Tokyo',
      holidays: 'JP',
    });
    const decision = decide(
      input('2026-11-23T08:00:00+09:00', 'stopped', wasDown, { schedule: withHolidays }),
    );
    expect(decision).toMatchObject({ action: 'none', desired: 'stopped' });
    expect(iso(decision.nextTransition)).toBe('2026-11-23T23:00:00.000Z');
  });
});

describe('decide: new targets', () => {
  const firstSeen = '2026-11-26T21:00:00+01:00';

  it('waits for the grace period before the first stop', () => {
    const decision = decide(input(firstSeen, 'running', {}));
    expect(decision.action).toBe('none');
    expect(decision.reason).toBe(
      'new target: the schedule says stopped; stopping after the grace period at 2026-11-26T20:15:00.000Z',
    );
    expect(decision.memory).toEqual({ firstSeenAt: at(firstSeen) });
  });

  it('stops once the grace period is over', () => {
    const memory = decide(input(firstSeen, 'running', {})).memory;
    expect(decide(input('2026-11-26T21:14:00+01:00', 'running', memory)).action).toBe('none');
    expect(decide(input('2026-11-26T21:15:00+01:00', 'running', memory)).action).toBe('stop');
  });

  it('honours a configured grace period', () => {
    const settings = { newTargetGraceMs: 0, operationTimeoutMs: 3_600_000 };
    expect(decide(input(firstSeen, 'running', {}, { settings })).action).toBe('stop');
  });

  it('skips the grace period when a person asks for the stop', () => {
    const stopNow: Override = {
      kind: 'keep-stopped',
      effect: 'stopped',
      from: at(firstSeen),
      until: at('2026-11-26T23:00:00+01:00'),
      createdAt: at(firstSeen),
      createdBy: 'carol',
    };
    expect(decide(input(firstSeen, 'running', {}, { overrides: [stopNow] })).action).toBe('stop');
  });

  it('leaves a new target that should be up as it is', () => {
    const decision = decide(input('2026-11-26T10:00:00+01:00', 'stopped', {}));
    expect(decision.action).toBe('none');
    expect(decision.memory.lastDesired).toBe('running');
  });

  it('records a new target already down without acting', () => {
    const decision = decide(input(firstSeen, 'stopped', {}));
    expect(decision.action).toBe('none');
    expect(decision.memory.lastDesired).toBe('stopped');
  });
});

describe('decide: overrides', () => {
  function override(
    kind: Override['kind'],
    effect: Override['effect'],
    from: string,
    until: string,
    createdAt = from,
  ): Override {
    return {
      kind,
      effect,
      from: at(from),
      until: at(until),
      createdAt: at(createdAt),
      createdBy: 'alice@example.com',
    };
  }

  it('keep-running holds the target up past the schedule and says until when', () => {
    const keep = override(
      'keep-running',
      'running',
      '2026-11-26T19:30:00+01:00',
      '2026-11-26T22:00:00+01:00',
    );
    const decision = decide(input('2026-11-26T20:00:00+01:00', 'running', wasUp, { overrides: [keep] }));
    expect(decision).toMatchObject({ action: 'none', desired: 'running', activeOverride: keep });
    expect(iso(decision.nextTransition)).toBe('2026-11-26T21:00:00.000Z');
  });

  it('the end of keep-running is a transition: the target stops', () => {
    const keep = override(
      'keep-running',
      'running',
      '2026-11-26T19:30:00+01:00',
      '2026-11-26T22:00:00+01:00',
    );
    const decision = decide(input('2026-11-26T22:00:00+01:00', 'running', wasUp, { overrides: [keep] }));
    expect(decision).toMatchObject({ action: 'stop', activeOverride: undefined });
  });

  it('keep-stopped stops during office hours and its expiry starts the target again', () => {
    const keep = override(
      'keep-stopped',
      'stopped',
      '2026-11-26T10:00:00+01:00',
      '2026-11-26T12:00:00+01:00',
    );
    const stop = decide(input('2026-11-26T10:00:00+01:00', 'running', wasUp, { overrides: [keep] }));
    expect(stop.action).toBe('stop');
    expect(stop.reason).toBe(
      'a person asked: override keep-stopped by alice@example.com until 2026-11-26T11:00:00.000Z says stopped',
    );
    const { pendingOperation: _done, ...afterStop } = stop.memory;
    expect(
      decide(input('2026-11-26T12:00:00+01:00', 'stopped', afterStop, { overrides: [keep] })).action,
    ).toBe('start');
  });

  it('start now acts on a pool stopped by hand, whatever the edge memory says, and only once', () => {
    const keep = override(
      'keep-running',
      'running',
      '2026-11-26T11:00:00+01:00',
      '2026-11-26T13:00:00+01:00',
    );
    // Office hours, the pool stopped by hand: the schedule leaves it (Enforce off)...
    expect(decide(input('2026-11-26T11:00:00+01:00', 'stopped', wasUp)).action).toBe('none');
    // ...but a person's start is acted on at once.
    const start = decide(input('2026-11-26T11:00:00+01:00', 'stopped', wasUp, { overrides: [keep] }));
    expect(start).toMatchObject({ action: 'start', memory: { honouredOverride: keep.createdAt } });
    // Stopped by hand again later: the same override is not enforced every tick.
    const { pendingOperation: _done, ...afterStart } = start.memory;
    const later = decide(input('2026-11-26T12:00:00+01:00', 'stopped', afterStart, { overrides: [keep] }));
    expect(later.action).toBe('none');
    expect(later.rule).toBe('left-as-set');
  });

  it('a request for the state Azure already shows is confirmed without acting', () => {
    const keep = override(
      'keep-running',
      'running',
      '2026-11-26T11:00:00+01:00',
      '2026-11-26T13:00:00+01:00',
    );
    const decision = decide(input('2026-11-26T11:00:00+01:00', 'running', wasUp, { overrides: [keep] }));
    expect(decision).toMatchObject({ action: 'none', memory: { honouredOverride: keep.createdAt } });
    expect(decision.rule).toBe('already-desired');
  });

  it('stop now of a System pool is refused and says why', () => {
    const keep = override(
      'keep-stopped',
      'stopped',
      '2026-11-26T11:00:00+01:00',
      '2026-11-26T13:00:00+01:00',
    );
    const decision = decide(
      input('2026-11-26T11:00:00+01:00', { state: 'running', isSystemPool: true }, wasUp, {
        overrides: [keep],
      }),
    );
    expect(decision).toMatchObject({ action: 'none', refused: true });
  });

  it('skip-next-stop keeps the target up through the night and ends at the next start', () => {
    const skip = resolveOverride(
      { kind: 'skip-next-stop', createdBy: 'bob' },
      officeHours,
      at('2026-11-26T15:00:00+01:00'),
    );
    expect([iso(skip.from), iso(skip.until), skip.effect]).toEqual([
      '2026-11-26T19:00:00.000Z',
      '2026-11-27T07:00:00.000Z',
      'running',
    ]);
    const evening = decide(input('2026-11-26T20:00:00+01:00', 'running', wasUp, { overrides: [skip] }));
    expect(evening).toMatchObject({ action: 'none', desired: 'running' });
    expect(
      iso(decide(input('2026-11-26T15:00:00+01:00', 'running', wasUp, { overrides: [skip] })).nextTransition),
    ).toBe('2026-11-27T19:00:00.000Z');
  });

  it('a skip follows the edge rule: a pool stopped by hand is not started when the skipped stop comes', () => {
    const skip = resolveOverride(
      { kind: 'skip-next-stop', createdBy: 'bob' },
      officeHours,
      at('2026-11-26T15:00:00+01:00'),
    );
    const evening = decide(input('2026-11-26T20:00:00+01:00', 'stopped', wasUp, { overrides: [skip] }));
    expect(evening).toMatchObject({ action: 'none', desired: 'running' });
    expect(evening.rule).toBe('left-as-set');
  });

  it('skip-next-stop asked at night skips the following night, not the stop that already happened', () => {
    const skip = resolveOverride({ kind: 'skip-next-stop' }, officeHours, at('2026-11-26T21:00:00+01:00'));
    expect([iso(skip.from), iso(skip.until)]).toEqual([
      '2026-11-27T19:00:00.000Z',
      '2026-11-30T07:00:00.000Z',
    ]);
  });

  it('skip-next-start keeps the target down through the next working day', () => {
    const skip = resolveOverride({ kind: 'skip-next-start' }, officeHours, at('2026-11-26T22:00:00+01:00'));
    expect([iso(skip.from), iso(skip.until), skip.effect]).toEqual([
      '2026-11-27T07:00:00.000Z',
      '2026-11-27T19:00:00.000Z',
      'stopped',
    ]);
    expect(decide(input('2026-11-27T08:00:00+01:00', 'stopped', wasDown, { overrides: [skip] })).action).toBe(
      'none',
    );
    expect(decide(input('2026-11-30T08:00:00+01:00', 'stopped', wasDown, { overrides: [skip] })).action).toBe(
      'start',
    );
  });

  it('the most recently created active override wins', () => {
    const older = override(
      'keep-running',
      'running',
      '2026-11-26T19:00:00+01:00',
      '2026-11-26T23:00:00+01:00',
    );
    const newer = override(
      'keep-stopped',
      'stopped',
      '2026-11-26T19:30:00+01:00',
      '2026-11-26T23:00:00+01:00',
    );
    expect(
      decide(input('2026-11-26T19:45:00+01:00', 'running', wasUp, { overrides: [newer, older] }))
        .activeOverride,
    ).toBe(newer);
  });

  it('ignores an expired override', () => {
    const expired = override(
      'keep-running',
      'running',
      '2026-11-25T19:00:00+01:00',
      '2026-11-25T23:00:00+01:00',
    );
    expect(
      decide(input('2026-11-26T20:00:00+01:00', 'running', wasUp, { overrides: [expired] })).action,
    ).toBe('stop');
  });

  it('refuses a keep-running without an end, or with an end in the past', () => {
    const now = at('2026-11-26T12:00:00Z');
    expect(() => resolveOverride({ kind: 'keep-running' }, officeHours, now)).toThrow(DomainRuleError);
    expect(() => resolveOverride({ kind: 'keep-running', until: now - 1 }, officeHours, now)).toThrow(
      '"until" (2026-11-26T11:59:59.999Z) is not in the future; give a later time',
    );
  });

  it('refuses to skip a stop on a schedule that never stops', () => {
    expect(() =>
      resolveOverride({ kind: 'skip-next-stop' }, Schedule.compile({ uptime: 'always' }), 0),
    ).toThrow('the schedule has no stop in the next two years, so there is none to skip');
  });
});

describe('decide: observed states and operations in flight', () => {
  it.each(['starting', 'stopping', 'unknown'] as const)(
    'waits while the target is %s, keeping the edge for the next tick',
    (state) => {
      const decision = decide(input('2026-11-26T20:00:00+01:00', state, wasUp));
      expect(decision.action).toBe('none');
      expect(decision.memory.lastDesired).toBe('running');
      expect(decide(input('2026-11-26T20:05:00+01:00', 'running', decision.memory)).action).toBe('stop');
    },
  );

  it('does not act on a failed target', () => {
    const decision = decide(input('2026-11-26T20:00:00+01:00', 'failed', wasUp));
    expect(decision.action).toBe('none');
    expect(decision.reason).toBe(
      'the target is in a failed state in Azure; the app will not act on it until it recovers',
    );
  });

  it('begins no second operation while one is in flight, and clears it when it completes', () => {
    const stopped = decide(input('2026-11-26T20:00:00+01:00', 'running', wasUp));
    const notYetVisible = decide(
      input('2026-11-26T20:05:00+01:00', 'running', stopped.memory, { schedule: enforced }),
    );
    expect(notYetVisible.action).toBe('none');
    expect(notYetVisible.reason).toBe(
      'waiting: the stop begun at 2026-11-26T19:00:00.000Z is not finished (observed running)',
    );
    const done = decide(input('2026-11-26T20:10:00+01:00', 'stopped', notYetVisible.memory));
    expect(done.action).toBe('none');
    expect(done.memory.pendingOperation).toBeUndefined();
  });

  it('a newer override supersedes a change that has not shown in Azure yet', () => {
    const stopped = decide(input('2026-11-26T20:00:00+01:00', 'running', wasUp));
    const keep: Override = {
      kind: 'keep-running',
      effect: 'running',
      from: at('2026-11-26T20:01:00+01:00'),
      until: at('2026-11-26T22:00:00+01:00'),
      createdAt: at('2026-11-26T20:01:00+01:00'),
      createdBy: 'dave',
    };
    const decision = decide(
      input('2026-11-26T20:01:00+01:00', 'running', stopped.memory, { overrides: [keep] }),
    );
    expect(decision.action).toBe('none');
    expect(decision.reason).toBe(
      'the stop decided at 2026-11-26T19:00:00.000Z is superseded by a newer override; already running; override keep-running by dave until 2026-11-26T21:00:00.000Z says running',
    );
    expect(decision.memory.pendingOperation).toBeUndefined();
    expect(decision.memory.lastDesired).toBe('running');
    // Once Azure shows the stop under way, it cannot be taken back: the app waits, then starts again.
    expect(
      decide(input('2026-11-26T20:01:00+01:00', 'stopping', stopped.memory, { overrides: [keep] })).reason,
    ).toMatch(/^waiting: the stop begun at/);
  });

  it('stops waiting for an operation that never shows in Azure', () => {
    const stopped = decide(input('2026-11-26T20:00:00+01:00', 'running', wasUp));
    const late = decide(
      input('2026-11-26T21:00:00+01:00', 'running', stopped.memory, { schedule: enforced }),
    );
    expect(late.action).toBe('stop');
    expect(late.reason).toBe(
      'the stop begun 60 min ago never showed in Azure; Enforce is on and the target differs: the schedule says stopped',
    );
  });

  it('reports an operation that ended in a failed state', () => {
    const stopped = decide(input('2026-11-26T20:00:00+01:00', 'running', wasUp));
    const failed = decide(input('2026-11-26T20:05:00+01:00', 'failed', stopped.memory));
    expect(failed.action).toBe('none');
    expect(failed.memory.pendingOperation).toBeUndefined();
    expect(failed.rule).toBe('operation-failed');
  });
});

describe('decide: a change Azure never began', () => {
  const decidedAt = at('2026-11-26T20:00:00+01:00');
  const pending: DecisionMemory = { ...wasDown, pendingOperation: { action: 'stop', startedAt: decidedAt } };

  it('owed after a 409: says so and when it is tried again, and keeps it pending', () => {
    const notBegun = {
      action: 'stop' as const,
      decidedAt,
      what: 'OperationNotAllowed: an upgrade is in progress',
      retryAt: at('2026-11-26T20:05:00+01:00'),
    };
    const decision = decide(input('2026-11-26T20:05:00+01:00', 'running', pending, { notBegun }));
    expect(decision.action).toBe('none');
    expect(decision.reason).toBe(
      'not begun: Azure did not take the stop decided at 2026-11-26T19:00:00.000Z (OperationNotAllowed: an upgrade is in progress); tried again from 2026-11-26T19:05:00.000Z (observed running)',
    );
    expect(decision.memory.pendingOperation).toEqual(pending.pendingOperation);
  });

  it('already stopped by someone else while Resource Graph still shows it running: nothing pending, nothing borrowed', () => {
    const notBegun = {
      action: 'stop' as const,
      decidedAt,
      what: 'already stopped (not by this app), nothing begun',
    };
    const now = '2026-11-26T20:05:00+01:00';
    const prefix =
      'the stop decided at 2026-11-26T19:00:00.000Z was not begun (already stopped (not by this app), nothing begun); ';
    const relaxed = decide(input(now, 'running', pending, { notBegun }));
    expect(relaxed).toMatchObject({
      action: 'none',
      reason: `${prefix}the schedule says stopped as at the last tick; left running as someone set it (Enforce is off)`,
    });
    expect(relaxed.memory.pendingOperation).toBeUndefined();
    // Enforce on: the target differs as far as the app can see, so a new stop is decided (not the old one followed).
    const strict = decide(input(now, 'running', pending, { notBegun, schedule: enforced }));
    expect(strict).toMatchObject({
      action: 'stop',
      reason: `${prefix}Enforce is on and the target differs: the schedule says stopped`,
    });
    expect(strict.memory.pendingOperation).toEqual({ action: 'stop', startedAt: at(now) });
  });

  it('says nothing of a change that is not the pending one', () => {
    const notBegun = { action: 'stop' as const, decidedAt: decidedAt - 86_400_000, what: 'old', retryAt: 0 };
    const decision = decide(input('2026-11-26T20:05:00+01:00', 'running', pending, { notBegun }));
    expect(decision.reason).toBe(
      'waiting: the stop begun at 2026-11-26T19:00:00.000Z is not finished (observed running)',
    );
  });
});

describe('decide: safety', () => {
  it('never acts on a target that is not registered', () => {
    const decision = decide(
      input('2026-11-26T20:00:00+01:00', 'running', wasUp, { target: { ...pool, registered: false } }),
    );
    expect(decision.action).toBe('none');
    expect(decision.memory).toBe(wasUp);
    expect(decision.rule).toBe('not-registered');
  });

  it.each([
    [
      'a System node pool',
      { state: 'running', isSystemPool: true },
      pool,
      'refused-system-pool',
      'refused to stop: AKS does not stop a System node pool on its own; register the cluster (kind cluster) to stop it whole',
    ],
    [
      'a pool on a cluster with node auto-provisioning',
      { state: 'running', hasNodeAutoProvisioning: true },
      pool,
      'refused-node-auto-provisioning',
      'refused to stop: the cluster uses node auto-provisioning, where AKS cannot stop node pools; stop the cluster instead',
    ],
    [
      'a scale set that AKS manages',
      { state: 'running', isAksManagedScaleSet: true },
      { ...pool, kind: 'vmss' },
      'refused-aks-managed-scale-set',
      'refused to stop: the scale set belongs to an AKS node pool, and AKS calls direct changes to it unsupported; register the node pool instead, or set AllowAksManagedScaleSet on the target to accept the risk',
    ],
  ] as const)('refuses to stop %s, once, with the reason', (_name, observed, target, rule, reason) => {
    const decision = decide(input('2026-11-26T20:00:00+01:00', { ...observed }, wasUp, { target }));
    expect(decision).toMatchObject({ action: 'none', refused: true, rule, reason });
    expect(
      decide(input('2026-11-26T20:05:00+01:00', { ...observed }, decision.memory, { target })).refused,
    ).toBe(false);
  });

  it('stops a scale set that AKS manages when the target explicitly allows it', () => {
    const target: TargetFacts = { ...pool, kind: 'vmss', allowAksManagedScaleSet: true };
    expect(
      decide(
        input('2026-11-26T20:00:00+01:00', { state: 'running', isAksManagedScaleSet: true }, wasUp, {
          target,
        }),
      ).action,
    ).toBe('stop');
  });

  it('starts a System pool normally: only stopping it is refused', () => {
    expect(
      decide(input('2026-11-27T08:00:00+01:00', { state: 'stopped', isSystemPool: true }, wasDown)).action,
    ).toBe('start');
  });
});
