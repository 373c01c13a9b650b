import { describe, expect, it } from 'vitest';
import { parseNodesSeen, recordNodesSeen } from '../../../shared/domain/NodesSeen.js';
import { runningPeriods } from '../../../shared/domain/runningPeriods.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MONDAY = Date.parse('2026-11-30T00:00:00Z');
const nodes = (count: number) => ({ location: 'westeurope', nodes: [{ vmSize: 'Standard_D4s_v5', count }] });

describe('recordNodesSeen: the nodes a target ran, each time they changed', () => {
  it('adds a line only when the running nodes change, and nothing while stopped or unobserved', () => {
    let column: string | undefined;
    column = recordNodesSeen(column, true, nodes(0), MONDAY);
    column = recordNodesSeen(column, true, nodes(0), MONDAY + HOUR);
    column = recordNodesSeen(column, true, nodes(3), MONDAY + 2 * HOUR);
    column = recordNodesSeen(column, false, nodes(5), MONDAY + 3 * HOUR);
    column = recordNodesSeen(column, true, undefined, MONDAY + 4 * HOUR);
    expect(parseNodesSeen(column)).toEqual([
      { at: MONDAY, footprint: nodes(0) },
      { at: MONDAY + 2 * HOUR, footprint: nodes(3) },
    ]);
  });

  it('lets go of sightings older than 45 days but the one in effect then, and skips a line edited into nonsense', () => {
    let column: string | undefined;
    for (let day = 0; day < 60; day++)
      column = recordNodesSeen(column, true, nodes(day % 2), MONDAY + day * DAY);
    const seen = parseNodesSeen(`${column}\nnot a sighting`);
    expect(seen[0]?.at).toBe(MONDAY + 14 * DAY);
    expect(seen.at(-1)).toEqual({ at: MONDAY + 59 * DAY, footprint: nodes(1) });
    expect(seen).toHaveLength(46);
  });
});

describe('runningPeriods with sightings', () => {
  it('splits a run where the nodes changed, each part on the nodes seen at its start', () => {
    const day = { from: MONDAY, to: MONDAY + DAY };
    const stopped = [{ from: MONDAY + 18 * HOUR, to: MONDAY + DAY, footprint: nodes(0), ongoing: true }];
    const seen = [
      { at: MONDAY - DAY, footprint: nodes(0) },
      { at: MONDAY + 9 * HOUR, footprint: nodes(3) },
      { at: MONDAY + 16 * HOUR, footprint: nodes(0) },
    ];
    expect(runningPeriods(stopped, day, undefined, seen)).toEqual([
      { from: MONDAY, to: MONDAY + 9 * HOUR, footprint: nodes(0) },
      { from: MONDAY + 9 * HOUR, to: MONDAY + 16 * HOUR, footprint: nodes(3) },
      { from: MONDAY + 16 * HOUR, to: MONDAY + 18 * HOUR, footprint: nodes(0) },
    ]);
  });
});
