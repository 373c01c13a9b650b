import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, call, explain, segment } from './api.js';
import type { AuditEntry, AuditResponse, Preview, Target } from './apiTypes.js';
import { fromNow, localTimesIn, overrideLabel, plainReason, timeIn, viewerZone } from './format.js';
import { TargetActions } from './TargetActions.js';
import { TargetSavingsFacts } from './TargetSavingsFacts.js';
import { TargetMaintenance } from './TargetMaintenance.js';
import { Timeline } from './Timeline.js';

interface Loaded {
  target: Target;
  etag: string | undefined;
  preview: Preview | undefined;
  previewProblem: string | undefined;
  audit: AuditEntry[];
}

async function load(name: string): Promise<Loaded> {
  const { body: target, etag } = await call<Target>('GET', `targets/${segment(name)}`);
  const [preview, audit] = await Promise.all([
    target.schedule
      ? call<Preview>('GET', `schedules/${segment(target.schedule)}/preview`).then(
          ({ body }) => ({ preview: body, previewProblem: undefined }),
          (error: unknown) => ({ preview: undefined, previewProblem: explain(error) }),
        )
      : { preview: undefined, previewProblem: 'the target has no schedule' },
    call<AuditResponse>('GET', 'audit', { query: { target: name, limit: '50' } }).then(
      ({ body }) => body.entries ?? [],
    ),
  ]);
  return { target, etag, ...preview, audit };
}

export function TargetPage({ name, canChange }: { name: string; canChange: boolean }) {
  const [loaded, setLoaded] = useState<Loaded | undefined>();
  const [error, setError] = useState<string | undefined>();
  const reload = useCallback(async () => {
    try {
      setLoaded(await load(name));
      setError(undefined);
    } catch (failure) {
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
  }, [reload]);
  const zone = viewerZone();
  if (error)
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
  const { target, preview, audit } = loaded;
  const now = Date.now();
  return (
    <section aria-labelledby="target-heading">
      <p>
        <a href="#/">← Fleet</a>
      </p>
      <h1 id="target-heading">{target.name}</h1>
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
        <dd data-testid="target-state">
          <span class={`state state-${target.observed ?? 'unknown'}`}>{target.observed ?? 'unknown'}</span>,
          wants {target.desired ?? '(not decided yet)'}
        </dd>
        <dt>Why</dt>
        <dd>{plainReason(target)}</dd>
        <dt>Next change</dt>
        <dd>
          {target.nextTransition
            ? `${timeIn(target.nextTransition, target.zone)} ${target.zone ?? ''}; yours: ${timeIn(target.nextTransition, zone)} (${fromNow(target.nextTransition, now)})`
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
            ? `${overrideLabel(target.override.kind)} until ${timeIn(target.override.until, target.zone)} ${target.zone ?? ''}${target.override.createdBy ? `, set by ${target.override.createdBy}` : ''}${target.override.reason ? `: “${target.override.reason}”` : ''}`
            : 'none'}
        </dd>
        <dt>Last action</dt>
        <dd>{target.lastAction ? `${localTimesIn(target.lastAction, zone)} (your time)` : 'none yet'}</dd>
        {target.problems.length > 0 ? (
          <>
            <dt>Problems</dt>
            <dd>
              <ul class="problems">
                {target.problems.map((problem) => (
                  <li>{problem}</li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
      </dl>
      {canChange ? <TargetActions target={target} reload={reload} /> : null}
      {target.maintenance ? <TargetMaintenance maintenance={target.maintenance} zone={target.zone} /> : null}
      <h2>Savings</h2>
      <TargetSavingsFacts name={target.name} />
      <h2>The next 7 days</h2>
      {preview ? (
        <Timeline preview={preview} target={target} audit={audit} now={now} />
      ) : (
        <p class="error">The schedule cannot be drawn: {loaded.previewProblem}</p>
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
                  <td data-label="What">{entry.action}</td>
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
