import { describe, expect, it } from 'vitest';
import type { ObservedState } from '../../../shared/domain/PowerState.js';
import {
  actionTowards,
  askedStateOf,
  changingStateOf,
  isHeadingTo,
  type PowerAction,
} from '../../../shared/domain/powerAction.js';

const STATES: readonly (ObservedState | undefined)[] = [
  'running',
  'stopped',
  'starting',
  'stopping',
  'failed',
  'unknown',
  undefined,
];

describe('an action and the state it asks for (powerAction)', () => {
  it.each<[PowerAction, string, string]>([
    ['start', 'running', 'starting'],
    ['stop', 'stopped', 'stopping'],
  ])(
    '%s asks for %s, shows %s while under way, and is the action towards what it asks',
    (action, asked, changing) => {
      expect(askedStateOf(action)).toBe(asked);
      expect(changingStateOf(action)).toBe(changing);
      expect(actionTowards(askedStateOf(action))).toBe(action);
    },
  );

  it.each<[PowerAction, readonly (ObservedState | undefined)[]]>([
    ['start', ['running', 'starting']],
    ['stop', ['stopped', 'stopping']],
  ])('a resource is heading where %s asks only when %j', (action, heading) => {
    for (const state of STATES)
      expect(isHeadingTo(state, action), String(state)).toBe(heading.includes(state));
  });
});
