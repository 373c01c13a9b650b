import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, explain, poll, segment } from './api.js';
import type { AuditEntry, AuditResponse, Target } from './apiTypes.js';

export interface LiveTarget {
  target: Target;
  audit: AuditEntry[];
  /** The ETags of the two answers, sent back as If-None-Match: a 304 keeps what the page holds. */
  etags: { target: string | undefined; audit: string | undefined };
}

/** While something changes, the page looks again this often; a stop or start takes minutes. */
export const BUSY_POLL_MS = 3_000;
/** Otherwise it looks again at the next planned change, and at least this often. */
export const IDLE_POLL_MS = 5 * 60_000;

/**
 * Something is changing: an operation under way in Azure, the target not yet as wanted (a change
 * enqueued and not begun), or Azure saying it is starting or stopping.
 */
export function isChanging(target: Target): boolean {
  if (target.timeline?.operation) return true;
  if (target.observed === 'starting' || target.observed === 'stopping') return true;
  const wanted = target.desired;
  return (
    wanted !== undefined &&
    target.enabled !== false &&
    target.problems.length === 0 &&
    (target.observed === 'running' || target.observed === 'stopped') &&
    target.observed !== wanted
  );
}

/**
 * The target and its audit trail, each asked with the ETag of the answer held (If-None-Match): while
 * nothing changed the API answers 304 with no body, and the page keeps what it has (quiet polling).
 */
async function load(name: string, held: LiveTarget | undefined): Promise<LiveTarget> {
  const [target, audit] = await Promise.all([
    poll<Target>(`targets/${segment(name)}`, held?.etags.target),
    poll<AuditResponse>('audit', held?.etags.audit, { target: name, limit: '50' }),
  ]);
  if (!held && (!target || !audit)) throw new Error('the API answered 304 to a first read');
  return {
    target: target?.body ?? (held as LiveTarget).target,
    audit: audit ? (audit.body.entries ?? []) : (held as LiveTarget).audit,
    etags: { target: target?.etag ?? held?.etags.target, audit: audit?.etag ?? held?.etags.audit },
  };
}

/** When to look again: soon while changing; otherwise just after the next planned change (issue 24, item 5). */
function nextLookIn(target: Target, now: number): number {
  if (isChanging(target)) return BUSY_POLL_MS;
  const next = target.timeline?.changes.map((change) => Date.parse(change.at)).find((at) => at > now);
  return next === undefined
    ? IDLE_POLL_MS
    : Math.min(IDLE_POLL_MS, Math.max(BUSY_POLL_MS, next - now + 30_000));
}

/**
 * A target and its audit trail, kept up to date without a reload: looked at again every few
 * seconds while it changes, quiet otherwise, and not while the tab is hidden.
 *
 * `actOn` is the target as the buttons may act on it: its override is the one read at the last
 * load the person caused (opening the page, an action), never one a background refresh brought, so
 * the override's ETag the page sends (If-Match) is the one the person saw, and an override someone
 * set meanwhile is answered 412, not replaced unseen.
 */
export function useLiveTarget(name: string) {
  const [loaded, setLoaded] = useState<LiveTarget | undefined>();
  const [seenOverride, setSeenOverride] = useState<{ override: Target['override'] } | undefined>();
  const [error, setError] = useState<string | undefined>();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // What the page holds now, for the next If-None-Match (a ref: the refresh is not remade for it).
  const held = useRef<LiveTarget | undefined>(undefined);
  const refresh = useCallback(
    async (byPerson: boolean) => {
      clearTimeout(timer.current);
      try {
        const fresh = await load(name, held.current);
        held.current = fresh;
        // After 304s the target and audit objects are the ones held; the page renders again for its
        // clock ("since 21:10, 2 min") only.
        setLoaded(fresh);
        if (byPerson) setSeenOverride({ override: fresh.target.override });
        setError(undefined);
        timer.current = setTimeout(
          () => {
            if (document.visibilityState !== 'hidden') void refresh(false);
          },
          nextLookIn(fresh.target, Date.now()),
        );
      } catch (failure) {
        // A blip of the network: the page keeps what it shows, says so, and tries again.
        timer.current = setTimeout(() => void refresh(false), 30_000);
        setError(
          failure instanceof ApiError && failure.status === 404
            ? `There is no target named ${name}.`
            : explain(failure),
        );
      }
    },
    [name],
  );
  const reload = useCallback(() => refresh(true), [refresh]);
  useEffect(() => {
    setLoaded(undefined);
    held.current = undefined;
    void refresh(true);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void refresh(false);
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearTimeout(timer.current);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [refresh]);
  const actOn = loaded ? withOverride(loaded.target, seenOverride?.override) : undefined;
  return { loaded, actOn, error, reload };
}

/** The target with `override` (or none) in place of the one it was read with. */
function withOverride(target: Target, override: Target['override']): Target {
  const { override: _latest, ...rest } = target;
  return override ? { ...rest, override } : rest;
}
