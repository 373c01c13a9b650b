import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withLifecycleTable } from '../../../dev/lifecycleDocs.js';
import {
  ENDED_STATUSES,
  OPERATION_EVENT_NAMES,
  OPERATION_STATUSES,
  nextOperationStatus,
  operationStatusAfter,
  type OperationEvent,
  type OperationStatus,
  type OperationStatusOrNone,
} from '../../../shared/domain/operationLifecycle.js';
import { OperationTransitionError } from '../../../shared/domain/OperationTransitionError.js';

/** The columns of EXPECTED, in order: no row, then each status. */
const FROM: readonly OperationStatusOrNone[] = [
  undefined,
  'beginning',
  'running',
  'owed',
  'retrying',
  'succeeded',
  'failed',
  'superseded',
];

// Short names, so the table reads as a table.
const [b, r, o, t, s, f, x, _] = [
  'beginning',
  'running',
  'owed',
  'retrying',
  'succeeded',
  'failed',
  'superseded',
  undefined,
] as const;

/** The whole lifecycle, written out by hand: the status after each event in each status, or refused (`_`). */
// prettier-ignore
const EXPECTED: Record<OperationEvent, readonly (OperationStatus | undefined)[]> = {
  //                     no row beginning running owed retrying succeeded failed superseded
  'claimed':            [b,     b,        _,      b,   b,       b,        b,     b],
  'accepted':           [_,     r,        _,      _,   _,       _,        _,     _],
  'done-at-once':       [_,     s,        _,      _,   _,       _,        _,     _],
  'seen-in-azure':      [_,     r,        _,      r,   _,       _,        _,     _],
  'not-seen-in-azure':  [_,     o,        o,      _,   _,       _,        _,     _],
  'not-taken':          [_,     o,        _,      _,   _,       _,        _,     _],
  'transient-failure':  [_,     t,        _,      _,   _,       _,        _,     _],
  'azure-refused':      [_,     f,        _,      _,   _,       _,        _,     _],
  'attempts-ran-out':   [_,     f,        _,      _,   _,       _,        _,     _],
  'guard-refused':      [_,     x,        _,      x,   x,       _,        _,     _],
  'already-as-asked':   [_,     x,        _,      x,   _,       _,        _,     _],
  'followed-succeeded': [_,     s,        s,      _,   _,       _,        _,     _],
  'followed-failed':    [_,     f,        f,      _,   _,       _,        _,     _],
  'timed-out':          [_,     _,        f,      _,   _,       _,        _,     _],
  'no-longer-wanted':   [_,     _,        _,      x,   _,       _,        _,     _],
};

const cases = OPERATION_EVENT_NAMES.flatMap((event) =>
  FROM.map((current, column) => ({ event, current, expected: EXPECTED[event][column] })),
);

describe('an operation’s lifecycle (nextOperationStatus)', () => {
  it('knows every status and every event of the table', () => {
    expect(FROM.slice(1)).toEqual(OPERATION_STATUSES);
    expect(Object.keys(EXPECTED).sort()).toEqual([...OPERATION_EVENT_NAMES].sort());
    expect(cases).toHaveLength(OPERATION_EVENT_NAMES.length * FROM.length);
  });

  it.each(cases)('$current + $event → $expected', ({ current, event, expected }) => {
    const next = nextOperationStatus(current, event);
    if (expected === undefined) {
      expect(next.ok).toBe(false);
      if (!next.ok) {
        expect(next.message).toContain(`"${event}"`);
        expect(next.message).toContain(current ?? 'without a row');
      }
      expect(() => operationStatusAfter(current, event)).toThrow(OperationTransitionError);
    } else {
      expect(next).toEqual({ ok: true, status: expected });
      expect(operationStatusAfter(current, event)).toBe(expected);
    }
  });

  it('never claims over a running operation, and only following or an answer makes one running', () => {
    expect(nextOperationStatus('running', 'claimed').ok).toBe(false);
    const intoRunning = OPERATION_EVENT_NAMES.filter((event) =>
      FROM.some((current) => {
        const next = nextOperationStatus(current, event);
        return next.ok && next.status === 'running' && current !== 'running';
      }),
    );
    expect(intoRunning.sort()).toEqual(['accepted', 'seen-in-azure']);
  });
});

describe('any sequence of events', () => {
  const events = fc.array(fc.constantFrom(...OPERATION_EVENT_NAMES), { maxLength: 40 });

  it('keeps the status one of the lifecycle’s, refusing what cannot happen and leaving the status as it was', () => {
    fc.assert(
      fc.property(events, (sequence) => {
        let status: OperationStatusOrNone = undefined;
        for (const event of sequence) {
          const next = nextOperationStatus(status, event);
          if (next.ok) status = next.status;
          expect(status === undefined || OPERATION_STATUSES.includes(status)).toBe(true);
        }
      }),
    );
  });

  it('leaves an ended operation ended unless a new request claims the target', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ENDED_STATUSES), events, (ended, sequence) => {
        let status: OperationStatus = ended;
        for (const event of sequence) {
          const next = nextOperationStatus(status, event);
          if (event === 'claimed') return; // a new request begins: the rest is a new operation's
          expect(next.ok).toBe(false);
          if (next.ok) status = next.status;
          expect(ENDED_STATUSES).toContain(status);
        }
      }),
    );
  });

  it('reaches an end from any open status, and a claim begins again from any end', () => {
    for (const status of OPERATION_STATUSES.filter((open) => !ENDED_STATUSES.includes(open))) {
      const ends = OPERATION_EVENT_NAMES.map((event) => nextOperationStatus(status, event)).filter(
        (next) => next.ok && ENDED_STATUSES.includes(next.status),
      );
      expect(ends.length, `${status} has a way to end`).toBeGreaterThan(0);
    }
    for (const ended of ENDED_STATUSES)
      expect(nextOperationStatus(ended, 'claimed')).toEqual({ ok: true, status: 'beginning' });
  });
});

describe('docs/architecture.md', () => {
  it('holds the lifecycle table the function gives (npm run docs:lifecycle)', async () => {
    const architecture = await readFile(new URL('../../../docs/architecture.md', import.meta.url), 'utf8');
    expect(withLifecycleTable(architecture)).toBe(architecture);
    for (const event of OPERATION_EVENT_NAMES) expect(architecture).toContain(`| \`${event}\` |`);
  });
});
