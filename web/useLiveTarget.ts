import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, call, explain, segment } from './api.js';
import type { AuditEntry, AuditResponse, Target } from './apiTypes.js';

export interface LiveTarget {
  target: Target;
  audit: AuditEntry[];
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

async function load(name: string): Promise<LiveTarget> {
  const [{ body: target }, audit] = await Promise.all([
    call<Target>('GET', `targets/${segment(name)}`),
    call<AuditResponse>('GET', 'audit', { query: { target: name, limit: '50' } }).then(
      ({ body }) => body.entries ?? [],
    ),
  ]);
  return { target, audit };
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
 */
export function useLiveTarget(name: string) {
  const [loaded, setLoaded] = useState<LiveTarget | undefined>();
  const [error, setError] = useState<string | undefined>();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const reload = useCallback(async () => {
    clearTimeout(timer.current);
    try {
      const fresh = await load(name);
      setLoaded(fresh);
      setError(undefined);
      timer.current = setTimeout(
        () => {
          if (document.visibilityState !== 'hidden') void reload();
        },
        nextLookIn(fresh.target, Date.now()),
      );
    } catch (failure) {
      // A blip of the network: the page keeps what it shows, says so, and tries again.
      timer.current = setTimeout(() => void reload(), 30_000);
      setError(
        failure instanceof ApiError && failure.status === 404
          ? `There is no target named ${name}.`
          : explain(failure),
      );
    }
  }, [name]);
  useEffect(() => {
    setLoaded(undefined);
    void reload();
    const onVisible = () => {
      if (document.visibilityState === 'visible') void reload();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearTimeout(timer.current);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [reload]);
  return { loaded, error, reload };
}
