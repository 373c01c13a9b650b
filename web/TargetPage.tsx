import { segment } from './api.js';
import type { AuditEntry, Target } from './apiTypes.js';
import { fromNow, localTimesIn, overrideSentence, plainReason, timeIn, viewerZone, when } from './format.js';
import { TargetActions } from './TargetActions.js';
import { TargetSavingsFacts } from './TargetSavingsFacts.js';
import { TargetMaintenance } from './TargetMaintenance.js';
import { Timeline } from './Timeline.js';
import { isChanging, useLiveTarget } from './useLiveTarget.js';

const OPERATIONS = new Set(['start', 'stop', 'refused']);

/** `running, wants stopped`; while Azure works on it, `stopping (since 21:10, 2 min), wants stopped`. */
function stateWords(target: Target, now: number): string {
  const operation = target.timeline?.operation;
  const wants = `wants ${target.desired ?? '(not decided yet)'}`;
  if (operation) {
    const since = Date.parse(operation.since);
    const doing = operation.action === 'stop' ? 'stopping' : 'starting';
    const waiting = operation.status === 'owed' ? ', waiting to be tried again' : '';
    return `${doing} (since ${timeIn(operation.since, target.zone)} ${target.zone ?? ''}, ${fromNow(new Date(since).toISOString(), now).replace(' ago', '')}${waiting}), ${wants}`;
  }
  if (isChanging(target)) return `${target.observed ?? 'unknown'}, ${wants}: the change is on its way`;
  return `${target.observed ?? 'unknown'}, ${wants}`;
}

/** The newest start, stop or refusal in the audit trail, and how it ended. */
function lastOutcome(audit: AuditEntry[], zone: string): string | undefined {
  const entry = audit.find((candidate) => OPERATIONS.has(candidate.action ?? ''));
  if (!entry) return undefined;
  return `${entry.action} at ${when(entry.at, zone)}: ${localTimesIn(entry.result ?? '', zone)}`;
}

export function TargetPage({ name, canChange }: { name: string; canChange: boolean }) {
  const { loaded, actOn, error, reload } = useLiveTarget(name);
  const zone = viewerZone();
  if (error && !loaded)
    return (
      <section>
        <h1>{name}</h1>
        <p class="error" role="alert">
          {error}
        </p>
        <a href="#/">Back to the fleet</a>
      </section>
    );
  if (!loaded) return <p aria-live="polite">Loading {name}…</p>;
  const { target, audit } = loaded;
  const now = Date.now();
  const scheduleZone = target.zone ?? 'UTC';
  const outcome = lastOutcome(audit, zone);
  const nextChange = target.timeline?.changes.find((change) => Date.parse(change.at) > now);
  return (
    <section aria-labelledby="target-heading">
      <p>
        <a href="#/">← Fleet</a>
      </p>
      <h1 id="target-heading">{target.name}</h1>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <dl class="facts" data-testid="target-facts">
        <dt>Kind</dt>
        <dd>{target.kind ?? 'unknown'}</dd>
        <dt>Resource</dt>
        <dd class="wrap">{target.resourceId}</dd>
        <dt>Schedule</dt>
        <dd>
          {target.schedule ? (
            <a href={`#/schedules/${segment(target.schedule)}`}>{target.schedule}</a>
          ) : (
            'none'
          )}{' '}
          {target.zone ? `(${target.zone})` : ''}
        </dd>
        <dt>State</dt>
        <dd data-testid="target-state" aria-live="polite">
          <span
            class={`state state-${target.timeline?.operation ? 'changing' : (target.observed ?? 'unknown')}`}
          >
            {stateWords(target, now)}
          </span>
        </dd>
        <dt>Why</dt>
        <dd>{plainReason(target)}</dd>
        <dt>Next change</dt>
        <dd data-testid="target-next">
          {nextChange
            ? `${nextChange.action} ${when(nextChange.at, scheduleZone)}; yours: ${timeIn(nextChange.at, zone)} (${fromNow(nextChange.at, now)})`
            : target.nextTransition
              ? `${when(target.nextTransition, scheduleZone)}; yours: ${timeIn(target.nextTransition, zone)} (${fromNow(target.nextTransition, now)})`
              : 'none known'}
        </dd>
        {target.plannedStart ? (
          <>
            <dt>Planned start</dt>
            <dd data-testid="target-planned-start">
              {localTimesIn(target.plannedStart.reason, zone)}
              {target.plannedStart.keptUp ? ' (kept up through the short down window before it)' : ''}
            </dd>
          </>
        ) : null}
        <dt>Override</dt>
        <dd data-testid="target-override">
          {target.override
            ? `${overrideSentence(target.override, scheduleZone, now)}${target.override.createdBy ? `, set by ${target.override.createdBy}` : ''}${target.override.reason ? `: “${localTimesIn(target.override.reason, scheduleZone)}”` : ''}`
            : 'none'}
        </dd>
        <dt>Last action</dt>
        <dd data-testid="target-last-action" aria-live="polite">
          {outcome ?? (target.lastAction ? localTimesIn(target.lastAction, zone) : 'none yet')}
        </dd>
        {target.problems.length > 0 ? (
          <>
            <dt>Problems</dt>
            <dd>
              <ul class="problems">
                {target.problems.map((problem) => (
                  <li>{localTimesIn(problem, scheduleZone)}</li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
      </dl>
      {canChange && actOn ? <TargetActions target={actOn} reload={reload} /> : null}
      {target.maintenance ? <TargetMaintenance maintenance={target.maintenance} zone={target.zone} /> : null}
      <h2>Savings</h2>
      <TargetSavingsFacts name={target.name} />
      <h2>The next 7 days</h2>
      {target.timeline ? (
        <Timeline timeline={target.timeline} audit={audit} now={now} />
      ) : (
        <p class="error">The next days cannot be drawn: the target has no usable schedule.</p>
      )}
      <h2 id="audit-heading">Audit trail</h2>
      {audit.length === 0 ? (
        <p>Nothing recorded yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="cards" aria-labelledby="audit-heading" data-testid="audit">
            <thead>
              <tr>
                <th scope="col">When (yours)</th>
                <th scope="col">What</th>
                <th scope="col">Who</th>
                <th scope="col">Why</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {audit.map((entry) => (
                <tr>
                  <td data-label="When (yours)">{timeIn(entry.at, zone)}</td>
                  <td data-label="What">{localTimesIn(entry.action ?? '', zone)}</td>
                  <td data-label="Who">{entry.actor}</td>
                  <td data-label="Why">{localTimesIn(entry.reason ?? '', zone)}</td>
                  <td data-label="Result">{localTimesIn(entry.result ?? '', zone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
