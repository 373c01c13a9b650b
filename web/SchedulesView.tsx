import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, call, explain, segment } from './api.js';
import type { ListSchedulesResponse, Preview, Schedule } from './apiTypes.js';
import { dayIn, localDateAfter } from '../shared/domain/whenIn.js';
import { validateSchedule } from './validateSchedule.js';

export function SchedulesView({ name, canChange }: { name: string | undefined; canChange: boolean }) {
  const [schedules, setSchedules] = useState<Schedule[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const reload = async () => {
    try {
      setSchedules((await call<ListSchedulesResponse>('GET', 'schedules')).body.schedules ?? []);
    } catch (failure) {
      setError(explain(failure));
    }
  };
  useEffect(() => {
    void reload();
  }, []);
  const selected = schedules?.find((schedule) => schedule.name === name);
  return (
    <section aria-labelledby="schedules-heading">
      <h1 id="schedules-heading">Schedules</h1>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      {!schedules ? <p>Loading…</p> : null}
      {schedules ? (
        <div class="table-wrap">
          <table class="cards" data-testid="schedules">
            <thead>
              <tr>
                <th scope="col">Schedule</th>
                <th scope="col">When up (or down)</th>
                <th scope="col">Zone</th>
                <th scope="col">Holidays</th>
                <th scope="col">Problems</th>
              </tr>
            </thead>
            <tbody>
              {schedules.map((schedule) => (
                <tr aria-current={schedule.name === name ? 'true' : undefined}>
                  <th scope="row">
                    <a href={`#/schedules/${segment(schedule.name)}`}>{schedule.name}</a>
                  </th>
                  <td data-label="When up (or down)">
                    {schedule.uptime ? `Up: ${schedule.uptime}` : `Down: ${schedule.downtime ?? ''}`}
                  </td>
                  <td data-label="Zone">{schedule.timeZone ?? ''}</td>
                  <td data-label="Holidays">{schedule.holidays ?? ''}</td>
                  <td data-label="Problems">
                    {[...schedule.problems, ...(schedule.warnings ?? [])].join('; ') || 'none'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {selected ? (
        <ScheduleDetail key={selected.name} schedule={selected} canChange={canChange} onSaved={reload} />
      ) : null}
      {name && schedules && !selected ? <p class="error">There is no schedule named {name}.</p> : null}
    </section>
  );
}

const WEEKS = 4;

/**
 * The next weeks from today in the schedule's zone: the first preview with the API's default range
 * (today's midnight there), then each later week by its local date (YYYY-MM-DD, midnight there).
 * Dates are never the UTC date, which is a day early in zones east of UTC (issue 24, item 6).
 */
async function loadWeeks(name: string): Promise<Preview[]> {
  const path = `schedules/${segment(name)}/preview`;
  const first = (await call<Preview>('GET', path)).body;
  const zone = first.zone ?? 'UTC';
  const start = Date.parse(first.from ?? '');
  const later = await Promise.all(
    Array.from({ length: WEEKS - 1 }, (_, index) =>
      call<Preview>('GET', path, {
        query: {
          from: localDateAfter(start, zone, (index + 1) * 7),
          to: localDateAfter(start, zone, (index + 2) * 7),
        },
      }).then(({ body }) => body),
    ),
  );
  return [first, ...later];
}

function WeeksPreview({ schedule }: { schedule: Schedule }) {
  const [weeks, setWeeks] = useState<Preview[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    loadWeeks(schedule.name).then(setWeeks, (failure: unknown) => setError(explain(failure)));
  }, [schedule.name, schedule.etag]);
  if (error) return <p class="error">No preview: {error}</p>;
  if (!weeks) return <p>Loading the preview…</p>;
  return (
    <table data-testid="weeks">
      <caption>
        Hours up and saved over the next {WEEKS} weeks (per target), weeks from midnight in{' '}
        {weeks[0]?.zone ?? 'UTC'}
      </caption>
      <thead>
        <tr>
          <th scope="col">Week from</th>
          <th scope="col">Hours up</th>
          <th scope="col">Hours saved</th>
          <th scope="col">Saved</th>
          <th scope="col">Holidays</th>
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr>
            <td>{dayIn(Date.parse(week.from ?? ''), week.zone ?? 'UTC')}</td>
            <td>{week.hoursUp?.toFixed(1)}</td>
            <td>{week.hoursSaved?.toFixed(1)}</td>
            <td>
              {week.hoursTotal ? `${Math.round(((week.hoursSaved ?? 0) / week.hoursTotal) * 100)} %` : ''}
            </td>
            <td>
              {((week.holidays ?? []) as { name?: string }[]).map((holiday) => holiday.name).join(', ')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ScheduleDetail({
  schedule,
  canChange,
  onSaved,
}: {
  schedule: Schedule;
  canChange: boolean;
  onSaved: () => Promise<void>;
}) {
  const [form, setForm] = useState<'uptime' | 'downtime'>(
    schedule.downtime && !schedule.uptime ? 'downtime' : 'uptime',
  );
  const [spec, setSpec] = useState(schedule.uptime ?? schedule.downtime ?? '');
  const [timeZone, setTimeZone] = useState(schedule.timeZone ?? '');
  const [holidays, setHolidays] = useState(schedule.holidays ?? '');
  const [enforce, setEnforce] = useState(schedule.enforce);
  const [maintenance, setMaintenance] = useState(schedule.maintenance ?? 'warn');
  const [description, setDescription] = useState(schedule.description ?? '');
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | undefined>();
  const checked = useMemo(() => validateSchedule({ [form]: spec, timeZone }), [form, spec, timeZone]);
  const save = async (event: Event) => {
    event.preventDefault();
    if (checked.problems.length > 0) return;
    setSaving(true);
    try {
      await call('PUT', `schedules/${segment(schedule.name)}`, {
        body: {
          [form]: spec,
          ...(timeZone.trim() !== '' ? { timeZone } : {}),
          ...(holidays.trim() !== '' ? { holidays } : {}),
          enforce,
          // A PUT replaces the row: the columns this form does not edit are sent as they were.
          ...(schedule.startLead !== undefined ? { startLead: schedule.startLead } : {}),
          maintenance,
          ...(description.trim() !== '' ? { description } : {}),
        },
        ifMatch: schedule.etag,
      });
      setResult({ ok: true, text: `Saved schedule ${schedule.name}.` });
      await onSaved();
    } catch (error) {
      setResult({ ok: false, text: explain(error) });
      if (error instanceof ApiError && error.status === 412) await onSaved();
    } finally {
      setSaving(false);
    }
  };
  const specId = 'schedule-spec';
  return (
    <section aria-labelledby="schedule-heading" class="schedule-detail">
      <h2 id="schedule-heading">{schedule.name}</h2>
      <WeeksPreview schedule={schedule} />
      {canChange ? (
        <form onSubmit={(event) => void save(event)} data-testid="schedule-form" novalidate>
          <h3>Edit</h3>
          <fieldset>
            <legend>The times are when targets are</legend>
            <label>
              <input
                type="radio"
                name="form"
                checked={form === 'uptime'}
                onChange={() => setForm('uptime')}
              />{' '}
              up (Uptime)
            </label>
            <label>
              <input
                type="radio"
                name="form"
                checked={form === 'downtime'}
                onChange={() => setForm('downtime')}
              />{' '}
              down (Downtime)
            </label>
          </fieldset>
          <label for={specId}>{form === 'uptime' ? 'Uptime' : 'Downtime'}</label>
          <input
            id={specId}
            type="text"
            value={spec}
            spellcheck={false}
            aria-invalid={checked.problems.length > 0}
            aria-describedby="spec-problems"
            onInput={(event) => setSpec(event.currentTarget.value)}
          />
          <label>
            Time zone (for items that name none)
            <input
              type="text"
              value={timeZone}
              spellcheck={false}
              onInput={(event) => setTimeZone(event.currentTarget.value)}
            />
          </label>
          <label>
            Holidays (checked when saved)
            <input type="text" value={holidays} onInput={(event) => setHolidays(event.currentTarget.value)} />
          </label>
          <label class="inline">
            <input
              type="checkbox"
              checked={enforce}
              onChange={(event) => setEnforce(event.currentTarget.checked)}
            />{' '}
            Enforce (stop what someone started by hand)
          </label>
          <label>
            AKS maintenance windows
            <select
              value={maintenance}
              data-testid="schedule-maintenance"
              onChange={(event) => setMaintenance(event.currentTarget.value)}
            >
              <option value="warn">warn: report windows the schedule keeps targets down for</option>
              <option value="wake">wake: keep targets up for each window</option>
              <option value="ignore">ignore</option>
            </select>
          </label>
          <label>
            Description
            <input
              type="text"
              value={description}
              onInput={(event) => setDescription(event.currentTarget.value)}
            />
          </label>
          <div id="spec-problems" aria-live="polite" data-testid="spec-problems">
            {checked.problems.length > 0 ? (
              <ul class="error">
                {checked.problems.map((problem) => (
                  <li>{problem}</li>
                ))}
              </ul>
            ) : (
              <p class="ok">The times are valid.</p>
            )}
            {checked.warnings.length > 0 ? (
              <ul class="warning">
                {checked.warnings.map((warning) => (
                  <li>warning: {warning}</li>
                ))}
              </ul>
            ) : null}
          </div>
          <button type="submit" class="primary" disabled={saving || checked.problems.length > 0}>
            Save
          </button>
          <div role="status" aria-live="polite">
            {result ? <p class={result.ok ? 'ok' : 'error'}>{result.text}</p> : null}
          </div>
        </form>
      ) : null}
    </section>
  );
}
