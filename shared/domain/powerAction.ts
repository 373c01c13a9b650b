import type { DesiredState, ObservedState } from './PowerState.js';

/** What the app asks Azure to do to a target. */
export type PowerAction = 'start' | 'stop';

/** The state an action asks for: a start asks for `running`, a stop for `stopped`. */
export function askedStateOf(action: PowerAction): DesiredState {
  return action === 'start' ? 'running' : 'stopped';
}

/** The state a resource shows while the action is under way: `starting` or `stopping`. */
export function changingStateOf(action: PowerAction): ObservedState {
  return action === 'start' ? 'starting' : 'stopping';
}

/** The action that brings a target to a desired state: `start` for `running`, `stop` for `stopped`. */
export function actionTowards(desired: DesiredState): PowerAction {
  return desired === 'running' ? 'start' : 'stop';
}

/**
 * Whether a resource in this state is heading to (or already in) the state the action asks for:
 * the sign that the action reached Azure when no answer said so (docs/architecture.md, The state
 * of an operation).
 */
export function isHeadingTo(state: ObservedState | undefined, action: PowerAction): boolean {
  return state === askedStateOf(action) || state === changingStateOf(action);
}
