import type { DesiredState } from './PowerState.js';

/** What the engine remembers about a target between ticks (the State table keeps it). */
export interface DecisionMemory {
  /** First tick that saw the target; starts the grace period of a new target. */
  firstSeenAt?: number;
  /** The desired state the engine last acted on or confirmed: the edge detector's memory. */
  lastDesired?: DesiredState;
  /**
   * `createdAt` of the latest keep-running / keep-stopped override the engine acted on or found
   * already in effect: a newer one is a person asking now, and is acted on whatever `lastDesired` says.
   */
  honouredOverride?: number;
  /** The operation begun and not yet seen to finish; at most one per target. */
  pendingOperation?: { action: 'start' | 'stop'; startedAt: number };
  /**
   * The scheduled up time a start was begun ahead for: until then the target stays wanted running,
   * even if a shorter lead is learned meanwhile (no stop-then-start flap).
   */
  startedAheadFor?: number;
  /** First tick that saw the target stopped, cleared once it is seen running: how long it has been down. */
  stoppedSince?: number;
  /** When a stop the app began was seen finished: a cluster's start waits for AKS's cooldown after it. */
  stopEndedAt?: number;
  /** A cluster started after a long stop (`wake` policy) is kept up until then (docs/maintenance.md). */
  wokenUntil?: number;
}
