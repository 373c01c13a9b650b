import { describe, expect, it } from 'vitest';
import {
  MAX_START_MARGIN_MS,
  NO_START_HISTORY,
  recordStart,
  START_HISTORY_SIZE,
  startOutcomeOf,
  startShapeOf,
  withShape,
  type StartHistory,
  type StartSample,
} from '../../../shared/domain/StartHistory.js';
import { startBound } from '../../../shared/domain/startBound.js';
import { MINUTE_MS } from '../../../shared/domain/time.js';

const minutes = (count: number) => count * MINUTE_MS;
const done = (...counts: number[]): StartSample[] => counts.map((count) => ({ ms: minutes(count) }));

describe('the 95 % bound of past starts', () => {
  it('is the longest of 19 or 20 starts, and the 38th shortest of 40: a new start falls below it 95 % of the time', () => {
    const twenty = done(...Array.from({ length: 20 }, (_, index) => 5 + index));
    expect(startBound(twenty)).toEqual({ ms: minutes(24), beyondHistory: false });
    expect(startBound(twenty.slice(1))).toEqual({ ms: minutes(24), beyondHistory: false });
    const forty = done(...Array.from({ length: 40 }, (_, index) => 1 + index));
    // ⌈0.95 × 41⌉ = 39: the 39th shortest of 40.
    expect(startBound(forty)?.ms).toBe(minutes(39));
  });

  it('raises the longest by a tenth per missing rank when the starts are too few to rank it', () => {
    // 5 starts: ⌈0.95 × 6⌉ = 6, one rank past the longest.
    expect(startBound(done(4, 5, 6, 7, 10))).toEqual({ ms: minutes(11), beyondHistory: true });
    // 1 start: ⌈0.95 × 2⌉ = 2.
    expect(startBound(done(10))).toEqual({ ms: minutes(11), beyondHistory: true });
    expect(startBound([])).toBeUndefined();
  });

  it('counts a start that failed or timed out as at least its time: a long one pushes the bound up', () => {
    const finished = done(...Array.from({ length: 19 }, (_, index) => 5 + (index % 5)));
    expect(startBound(finished)?.ms).toBe(minutes(9));
    // Had it counted as a 40-minute start it would be the longest; it is at least that, and unranked beyond.
    const withTimeout = [...finished, { ms: minutes(40), atLeast: true as const }];
    expect(startBound(withTimeout)).toEqual({ ms: minutes(44), beyondHistory: true });
  });

  it('does not let a start that failed early pull the bound down', () => {
    const finished = done(...Array.from({ length: 19 }, (_, index) => 5 + (index % 5)));
    const failedEarly = [...finished, { ms: minutes(1), atLeast: true as const }];
    expect(startBound(failedEarly)?.ms).toBeGreaterThanOrEqual(startBound(finished)?.ms ?? Infinity);
    // As a finished 1-minute start it would have been the shortest, and the bound no higher.
    expect(startBound([...finished, { ms: minutes(1) }])?.ms).toBe(minutes(9));
  });
});

describe('the start history', () => {
  it('keeps the last 20 starts, failed and timed-out ones as at least their time', () => {
    let history: StartHistory = NO_START_HISTORY;
    for (let index = 0; index < 25; index++)
      history = recordStart(history, { elapsedMs: minutes(index), completed: index !== 24 });
    expect(history.samples).toHaveLength(START_HISTORY_SIZE);
    expect(history.samples[0]).toEqual({ ms: minutes(5) });
    expect(history.samples.at(-1)).toEqual({ ms: minutes(24), atLeast: true });
  });

  it('grows the margin by how late a morning was, halves it after each morning in time, and never past an hour', () => {
    const late = recordStart(NO_START_HISTORY, {
      elapsedMs: minutes(20),
      completed: true,
      lateByMs: 150_000,
    });
    expect(late.marginMs).toBe(minutes(3));
    const later = recordStart(late, { elapsedMs: minutes(20), completed: true, lateByMs: minutes(4) });
    expect(later.marginMs).toBe(minutes(7));
    const inTime = recordStart(later, { elapsedMs: minutes(9), completed: true, lateByMs: -minutes(2) });
    expect(inTime.marginMs).toBe(minutes(3));
    expect(recordStart(inTime, { elapsedMs: minutes(9), completed: true, lateByMs: 0 }).marginMs).toBe(
      minutes(1),
    );
    // A start by hand says nothing about the lead.
    expect(recordStart(inTime, { elapsedMs: minutes(9), completed: true }).marginMs).toBe(minutes(3));
    const huge = recordStart(NO_START_HISTORY, {
      elapsedMs: minutes(200),
      completed: true,
      lateByMs: minutes(190),
    });
    expect(huge.marginMs).toBe(MAX_START_MARGIN_MS);
  });

  it('judges a start late only against the up time it was begun ahead for', () => {
    const upAt = Date.parse('2026-11-27T07:00:00Z');
    expect(
      startOutcomeOf({
        begunAt: upAt - minutes(15),
        seenAt: upAt + minutes(5),
        completed: true,
        startedAheadFor: upAt,
      }),
    ).toEqual({ elapsedMs: minutes(20), completed: true, lateByMs: minutes(5) });
    expect(
      startOutcomeOf({ begunAt: upAt - minutes(15), seenAt: upAt, completed: true, startedAheadFor: upAt }),
    ).toEqual({ elapsedMs: minutes(15), completed: true, lateByMs: 0 });
    // Begun by hand after the morning's up time: yesterday's StartedAheadFor is not this start's.
    expect(
      startOutcomeOf({
        begunAt: upAt + minutes(60),
        seenAt: upAt + minutes(70),
        completed: true,
        startedAheadFor: upAt,
      }),
    ).toEqual({ elapsedMs: minutes(10), completed: true });
    expect(
      startOutcomeOf({
        begunAt: upAt - minutes(15),
        seenAt: upAt + minutes(30),
        completed: false,
        startedAheadFor: upAt,
      }),
    ).toEqual({ elapsedMs: minutes(45), completed: false });
  });

  it('forgets the starts and the margin after a resize, adopts a first shape, and keeps them while the shape is unknown', () => {
    const learned: StartHistory = { samples: [{ ms: minutes(30) }], marginMs: minutes(5) };
    const adopted = withShape(learned, 'standard_d4s_v5x3');
    expect(adopted).toEqual({ ...learned, shape: 'standard_d4s_v5x3' });
    expect(withShape(adopted, 'standard_d4s_v5x3')).toBe(adopted);
    expect(withShape(adopted, undefined)).toBe(adopted);
    expect(withShape(adopted, 'standard_d4s_v5x10')).toEqual({
      samples: [],
      marginMs: 0,
      shape: 'standard_d4s_v5x10',
    });
  });

  it('describes a shape by VM size, folded the way Azure compares, with node counts only where asked', () => {
    const footprint = {
      location: 'westeurope',
      nodes: [
        { vmSize: 'Standard_D4s_v5', count: 2 },
        { vmSize: 'Standard_B2s', count: 1 },
        { vmSize: 'standard_d4s_v5', count: 1 },
        { vmSize: 'Standard_E8s_v5', count: 0 },
      ],
    };
    expect(startShapeOf(footprint, true)).toBe('standard_b2sx1+standard_d4s_v5x3');
    expect(startShapeOf(footprint, false)).toBe('standard_b2s+standard_d4s_v5');
    expect(startShapeOf(undefined, true)).toBeUndefined();
    expect(startShapeOf({ location: 'westeurope', nodes: [] }, true)).toBeUndefined();
  });
});
