import type { ComputeFootprint } from '../../domain/ComputeFootprint.js';
import type { ScaleSettings } from './PowerControl.js';

/** One change to carry out: the message the reconcile timer puts on the `offhours-actions` queue. */
export interface ChangeRequest {
  targetName: string;
  resourceId: string;
  action: 'start' | 'stop';
  /** `<target>|<action>|<instant the desired state changed>`: the same transition always has the same key. */
  transitionKey: string;
  /** A node pool's settings as observed before a stop, kept to check them after the next start. */
  scaleBeforeStop?: ScaleSettings;
  /** The nodes and region observed before a stop: the audit keeps them, the savings report prices them. */
  footprintBeforeStop?: ComputeFootprint;
  reason: string;
  /** Who asked: `schedule`, or the person behind an API call. */
  actor: string;
  requestedAt: number;
}

export function transitionKeyOf(targetName: string, action: 'start' | 'stop', desiredSince: number): string {
  return `${targetName}|${action}|${new Date(desiredSince).toISOString()}`;
}
