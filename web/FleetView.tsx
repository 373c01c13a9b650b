import { Fragment } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { call, explain, segment } from './api.js';
import type { AuditResponse, ListTargetsResponse, Target, TargetRow } from './apiTypes.js';
import { FleetBillCheck } from './BillCheck.js';
import { clusterOf } from './clusterOf.js';
import { FleetSavings } from './FleetSavings.js';
import { fromNow, localTimesIn, overrideSentence, plainReason, timeIn, viewerZone } from './format.js';

/** The next change is a stop when the target is wanted up now, else a start. */
const nextAction = (target: Target) => (target.desired === 'running' ? 'stop' : 'start');

/** A small first page is on screen soonest; the rest comes in large pages (each reads the catalog once). */
const FIRST_PAGE = 50;
const NEXT_PAGES = 1000;
/** More than this many matching rows are shown on request: the page stays quick with 1,000 targets. */
const SHOWN_AT_ONCE = 250;

type Filter = 'all' | 'up' | 'down' | 'override' | 'problems' | 'mismatch';
const FILTERS: { value: Filter; label: string }[] = [
  { value: 'all', label: 'All targets' },
  { value: 'up', label: 'Running' },
  { value: 'down', label: 'Stopped' },
  { value: 'override', label: 'With an override' },
  { value: 'problems', label: 'With problems' },
  { value: 'mismatch', label: 'Observed differs from desired' },
];

function matches(target: Target, filter: Filter, search: string): boolean {
  if (filter === 'up' && target.observed !== 'running') return false;
  if (filter === 'down' && target.observed !== 'stopped') return false;
  if (filter === 'override' && !target.override) return false;
  if (filter === 'problems' && target.problems.length === 0) return false;
  if (filter === 'mismatch' && (!target.desired || target.desired === target.observed)) return false;
  if (search === '') return true;
  const haystack = [target.name, target.schedule, target.kind, target.resourceId, target.override?.createdBy]
    .join(' ')
    .toLowerCase();
  return search
    .toLowerCase()
    .split(/\s+/)
    .every((word) => haystack.includes(word));
}

/** Operations the audit trail records for a target: the newest is the last action's outcome. */
const OPERATIONS = new Set(['start', 'stop', 'refused']);
const RECENT_AUDIT = 500;

/**
 * The outcome of each target's last operation, from the newest entries of the audit trail (one
 * request, after the fleet is on screen); older ones show the action without its outcome.
 */
function useLastOutcomes(ready: boolean): Map<string, string> {
  const [outcomes, setOutcomes] = useState(new Map<string, string>());
  useEffect(() => {
    if (!ready) return;
    call<AuditResponse>('GET', 'audit', { query: { limit: String(RECENT_AUDIT) } }).then(
      ({ body }) => {
        const found = new Map<string, string>();
        for (const entry of body.entries ?? [])
          if (entry.targetName && OPERATIONS.has(entry.action ?? '') && !found.has(entry.targetName))
            found.set(entry.targetName, entry.result ?? '');
        setOutcomes(found);
      },
      () => undefined,
    );
  }, [ready]);
  return outcomes;
}

/** Loads the fleet a page at a time: the first page is on screen while the rest arrive. */
function useFleet() {
  const [targets, setTargets] = useState<Target[]>([]);
  const [unusable, setUnusable] = useState<TargetRow[]>([]);
  /** Rows not acted on that the fleet summary had no room to list. */
  const [unlisted, setUnlisted] = useState(0);
  const [total, setTotal] = useState<number | undefined>();
  /** When the last tick counted `total` and the rows' report (null: not counted yet). */
  const [countedAt, setCountedAt] = useState<string | null | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    let cancelled = false;
    (async () => {
      let token: string | undefined;
      const loaded: Target[] = [];
      do {
        const { body } = await call<ListTargetsResponse>('GET', 'targets', {
          query: { limit: String(token ? NEXT_PAGES : FIRST_PAGE), continuationToken: token },
        });
        if (cancelled) return;
        loaded.push(...body.targets);
        if (body.unusableRows) setUnusable(body.unusableRows);
        if (!token) setCountedAt(body.summaryAsOf ?? null);
        if (!token) setUnlisted(body.unlistedRows ?? 0);
        setTotal(body.total ?? loaded.length);
        setTargets([...loaded]);
        token = body.continuationToken;
      } while (token);
      setLoading(false);
    })().catch((failure: unknown) => {
      if (!cancelled) {
        setError(explain(failure));
        setLoading(false);
      }
    });
    return () => {
      cancelled = true;
    };
  }, []);
  return { targets, unusable, unlisted, total, countedAt, loading, error };
}

/** The age of the fleet's figures the API took from the last tick's count (docs/status-page.md). */
function CountedAt({ countedAt, zone }: { countedAt: string | null | undefined; zone: string }) {
  if (countedAt === undefined) return null;
  return (
    <p class="summary" data-testid="fleet-counted">
      {countedAt === null
        ? 'The fleet is not counted yet: its total and the rows not acted on come with the first reconcile tick.'
        : `The total and the rows not acted on as counted at ${timeIn(countedAt, zone)} (${zone}) by the reconcile tick; each target as it is now.`}
    </p>
  );
}

/**
 * The rows in their clusters (issue 24, item 8): each cluster's targets together, in the order its
 * first one comes, with a heading row before the first; scale sets and others keep their place.
 */
function groupedByCluster(targets: Target[]): { cluster?: ReturnType<typeof clusterOf>; target: Target }[] {
  const groups = new Map<string, Target[]>();
  for (const target of targets) {
    const key = clusterOf(target.resourceId)?.key ?? `target ${target.name}`;
    groups.set(key, [...(groups.get(key) ?? []), target]);
  }
  return [...groups.values()].flatMap((members) => {
    const cluster = clusterOf(members[0]?.resourceId ?? '');
    return members.map((target, index) => (index === 0 && cluster ? { cluster, target } : { target }));
  });
}

export function FleetView() {
  const { targets, unusable, unlisted, total, countedAt, loading, error } = useFleet();
  const outcomes = useLastOutcomes(!loading);
  const [filter, setFilter] = useState<Filter>('all');
  const [search, setSearch] = useState('');
  const [shown, setShown] = useState(SHOWN_AT_ONCE);
  const now = Date.now();
  const zone = viewerZone();
  const matching = useMemo(
    () => targets.filter((target) => matches(target, filter, search.trim())),
    [targets, filter, search],
  );
  const counts = useMemo(
    () => ({
      running: targets.filter((target) => target.observed === 'running').length,
      stopped: targets.filter((target) => target.observed === 'stopped').length,
      problems: targets.filter((target) => target.problems.length > 0).length,
      windows: targets.reduce((sum, target) => sum + (target.maintenance?.total ?? 0), 0),
      attended: targets.reduce((sum, target) => sum + (target.maintenance?.attended ?? 0), 0),
      maintenanceWarnings: targets.filter((target) => (target.maintenance?.warnings.length ?? 0) > 0).length,
    }),
    [targets],
  );
  return (
    <section aria-labelledby="fleet-heading">
      <h1 id="fleet-heading">Fleet</h1>
      <FleetSavings />
      <p class="summary" aria-live="polite" data-testid="fleet-summary">
        {loading
          ? `Loading… ${targets.length}${total !== undefined ? ` of ${total}` : ''} targets`
          : `${targets.length} targets: ${counts.running} running, ${counts.stopped} stopped, ${counts.problems} with problems.`}{' '}
        Times are shown in the schedule’s zone and in yours ({zone}).
      </p>
      <CountedAt countedAt={countedAt} zone={zone} />
      {counts.windows > 0 || counts.maintenanceWarnings > 0 ? (
        <p class="summary" data-testid="fleet-maintenance">
          AKS maintenance windows attended in the next 4 weeks: {counts.attended} of {counts.windows}
          {counts.maintenanceWarnings > 0
            ? `; ${counts.maintenanceWarnings} target${counts.maintenanceWarnings === 1 ? '' : 's'} with maintenance warnings (see each target)`
            : ''}
          .
        </p>
      ) : null}
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <div class="filters" role="search">
        <label>
          Search
          <input
            type="search"
            value={search}
            placeholder="name, schedule, kind, person"
            onInput={(event) => setSearch(event.currentTarget.value)}
          />
        </label>
        <label>
          Show
          <select value={filter} onChange={(event) => setFilter(event.currentTarget.value as Filter)}>
            {FILTERS.map((option) => (
              <option value={option.value}>{option.label}</option>
            ))}
          </select>
        </label>
        <span class="count">{matching.length} shown</span>
      </div>
      <div class="table-wrap">
        <table class="fleet cards" data-testid="fleet">
          <caption class="visually-hidden">Targets, their state and why</caption>
          <thead>
            <tr>
              <th scope="col">Target</th>
              <th scope="col">State (observed / desired)</th>
              <th scope="col">Why</th>
              <th scope="col">Next change</th>
              <th scope="col">Override</th>
              <th scope="col">Last action</th>
            </tr>
          </thead>
          <tbody>
            {groupedByCluster(matching.slice(0, shown)).map(({ cluster, target }) => (
              <Fragment key={target.name}>
                {cluster ? (
                  <tr class="group" key={`cluster ${cluster.key}`} data-cluster={cluster.name}>
                    <th scope="rowgroup" colSpan={6}>
                      Cluster {cluster.name} <span class="sub">resource group {cluster.resourceGroup}</span>
                    </th>
                  </tr>
                ) : null}
                <tr key={target.name} data-target={target.name}>
                  <th scope="row">
                    <a href={`#/targets/${segment(target.name)}`}>{target.name}</a>
                    <span class="sub">
                      {target.kind ?? 'unknown kind'} · {target.schedule ?? 'no schedule'}
                    </span>
                  </th>
                  <td data-label="State">
                    <span class={`state state-${target.observed ?? 'unknown'}`}>
                      {target.observed ?? 'unknown'}
                    </span>
                    <span class="sub">wants {target.desired ?? '(not decided)'}</span>
                  </td>
                  <td data-label="Why">
                    {plainReason(target)}
                    {target.problems.length > 0 ? (
                      <ul class="problems">
                        {target.problems.map((problem) => (
                          <li>{problem}</li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                  <td data-label="Next change">
                    {target.nextTransition ? (
                      <>
                        {nextAction(target)} {timeIn(target.nextTransition, target.zone)}{' '}
                        <span class="sub">{target.zone}</span>
                        <span class="sub">
                          yours: {timeIn(target.nextTransition, zone)} ({fromNow(target.nextTransition, now)})
                        </span>
                      </>
                    ) : (
                      <span class="sub">none known</span>
                    )}
                  </td>
                  <td data-label="Override">
                    {target.override ? (
                      <>
                        {overrideSentence(target.override, target.zone ?? 'UTC', now)}
                        <span class="sub">
                          {target.override.createdBy ? `by ${target.override.createdBy}` : ''}
                          {target.override.reason
                            ? `: ${localTimesIn(target.override.reason, target.zone ?? 'UTC')}`
                            : ''}
                        </span>
                      </>
                    ) : (
                      <span class="sub">none</span>
                    )}
                  </td>
                  <td data-label="Last action">
                    {target.lastAction ? (
                      localTimesIn(target.lastAction, zone)
                    ) : (
                      <span class="sub">none yet</span>
                    )}
                    {outcomes.has(target.name) ? (
                      <span class="sub">{localTimesIn(outcomes.get(target.name) ?? '', zone)}</span>
                    ) : null}
                  </td>
                </tr>
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
      {matching.length > shown ? (
        <button type="button" onClick={() => setShown(shown + SHOWN_AT_ONCE)}>
          Show {Math.min(SHOWN_AT_ONCE, matching.length - shown)} more of {matching.length - shown}
        </button>
      ) : null}
      {unusable.length > 0 || unlisted > 0 ? (
        <section aria-labelledby="unusable-heading">
          <h2 id="unusable-heading">Targets rows not acted on</h2>
          <ul class="problems">
            {unusable.map((row) => (
              <li>
                <strong>{row.name}</strong>: {row.problems.join('; ')}
              </li>
            ))}
            {unlisted > 0 ? (
              <li>
                and {unlisted} more row{unlisted === 1 ? '' : 's'} with problems or warnings, too many to list
                here (<code>GET /api/targets</code> lists them all)
              </li>
            ) : null}
          </ul>
        </section>
      ) : null}
      <FleetBillCheck />
    </section>
  );
}
