/**
 * A change the engine decided that Azure never began (docs/decisions.md, Not begun): owed after a
 * 409 or a long Retry-After, or ended without an operation because the target already was as asked.
 */
export interface NotBegun {
  action: 'start' | 'stop';
  /** When the change was decided: the `startedAt` of the decision's pending operation. */
  decidedAt: number;
  /** What happened, in words: Azure's code and message, or "already stopped (not by this app), nothing begun". */
  what: string;
  /**
   * The app itself held it back before asking Azure (an AKS operation under way, tags unreadable),
   * rather than Azure refusing it.
   */
  heldBack?: boolean;
  /** Owed: asked of Azure again from this instant. Absent: it will not be asked again. */
  retryAt?: number;
}
