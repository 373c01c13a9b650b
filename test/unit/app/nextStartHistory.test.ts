import { describe, expect, it } from 'vitest';
import { nextStartHistory } from '../../../shared/app/reconciliation/nextStartHistory.js';
import type { ObservedResource } from '../../../shared/app/operations/PowerControl.js';
import type { StartHistory } from '../../../shared/domain/StartHistory.js';
import { MINUTE_MS } from '../../../shared/domain/time.js';

const upAt = Date.parse('2026-11-27T07:00:00Z');
const minutes = (count: number) => count * MINUTE_MS;
const learned: StartHistory = { samples: [{ ms: minutes(9) }], marginMs: 0, shape: 'standard_d4s_v5x3' };

function pool(state: ObservedResource['state'], count: number, autoscaled = false): ObservedResource {
  return {
    key: 'pool',
    id: 'pool',
    state,
    tags: {},
    scale: { count, enableAutoScaling: autoscaled },
    footprint: { location: 'westeurope', nodes: [{ vmSize: 'Standard_D4s_v5', count }] },
  };
}

describe('a target start history after a tick', () => {
  it('adds the start that ended, and a margin when the start begun ahead was seen done after the up time', () => {
    const next = nextStartHistory({
      remembered: learned,
      kind: 'nodepool',
      observation: pool('running', 3),
      ended: { begunAt: upAt - minutes(10), completed: true },
      startedAheadFor: upAt,
      now: upAt + minutes(5),
    });
    expect(next).toEqual({
      ...learned,
      samples: [{ ms: minutes(9) }, { ms: minutes(15) }],
      marginMs: minutes(5),
    });
  });

  it('is the same object when nothing ended and the shape is the same', () => {
    const input = { kind: 'nodepool' as const, ended: undefined, startedAheadFor: upAt, now: upAt };
    expect(nextStartHistory({ ...input, remembered: learned, observation: pool('running', 3) })).toBe(
      learned,
    );
    // A stopped pool shows no count to compare (AKS reports 0): nothing is forgotten.
    expect(nextStartHistory({ ...input, remembered: learned, observation: pool('stopped', 0) })).toBe(
      learned,
    );
  });

  it('forgets after a resize seen while running, but not for an autoscaler moving the count or a cluster', () => {
    const input = { kind: 'nodepool' as const, ended: undefined, startedAheadFor: undefined, now: upAt };
    expect(nextStartHistory({ ...input, remembered: learned, observation: pool('running', 5) })).toEqual({
      samples: [],
      marginMs: 0,
      shape: 'standard_d4s_v5x5',
    });
    const autoscaled = { ...learned, shape: 'standard_d4s_v5' };
    expect(
      nextStartHistory({ ...input, remembered: autoscaled, observation: pool('running', 7, true) }),
    ).toBe(autoscaled);
    // A cluster's footprint changes as its user pools stop and start on their own schedules.
    const cluster = { samples: learned.samples, marginMs: 0 };
    const { scale: _dropped, ...withUserPoolStopped } = pool('running', 2);
    expect(
      nextStartHistory({ ...input, kind: 'cluster', remembered: cluster, observation: withUserPoolStopped }),
    ).toBe(cluster);
  });

  it('does not forget while a scale set is half started (fewer instances billed than it has)', () => {
    const scaleSet = { ...learned, shape: 'standard_d4s_v5x3' };
    const { scale: _unknown, ...starting } = pool('starting', 1);
    expect(
      nextStartHistory({
        remembered: scaleSet,
        kind: 'vmss',
        observation: starting,
        ended: undefined,
        startedAheadFor: undefined,
        now: upAt,
      }),
    ).toBe(scaleSet);
  });
});
