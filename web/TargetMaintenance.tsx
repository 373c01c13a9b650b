import type { Target } from './apiTypes.js';
import { timeIn } from './format.js';

type Maintenance = NonNullable<Target['maintenance']>;

const PURPOSES: Record<string, string> = {
  kubernetes: 'Kubernetes upgrade',
  'node-os': 'Node OS upgrade',
  any: 'Maintenance',
};

const ATTENDANCE: Record<string, string> = {
  attended: 'up for it',
  partly: 'up for part of it',
  missed: 'down: missed',
};

/** A target's AKS maintenance windows ahead and what to fix (docs/maintenance.md); nothing for a scale set. */
export function TargetMaintenance({
  maintenance,
  zone,
}: {
  maintenance: Maintenance;
  zone: string | undefined;
}) {
  const windows = maintenance.windows;
  return (
    <section aria-labelledby="maintenance-heading" data-testid="target-maintenance">
      <h2 id="maintenance-heading">AKS maintenance</h2>
      <p>
        Policy <strong>{maintenance.policy}</strong>
        {maintenance.policy === 'wake'
          ? ': kept up for each window.'
          : maintenance.policy === 'warn'
            ? ': windows the schedule keeps it down for are reported.'
            : ': windows are not reported.'}{' '}
        {windows
          ? `Up for ${maintenance.attended ?? 0} of ${maintenance.total ?? 0} windows in the next 4 weeks.`
          : 'Its cluster’s windows have not been read yet.'}
        {maintenance.kubernetes ? ` ${versionSupport(maintenance.kubernetes)}.` : ''}
        {maintenance.stoppedSince ? ` Stopped since ${timeIn(maintenance.stoppedSince, zone)}.` : ''}
      </p>
      {maintenance.warnings.length > 0 ? (
        <ul class="problems" data-testid="maintenance-warnings">
          {maintenance.warnings.map((warning) => (
            <li>{warning}</li>
          ))}
        </ul>
      ) : null}
      {windows && windows.length > 0 ? (
        <div class="table-wrap">
          <table class="cards" aria-labelledby="maintenance-heading" data-testid="maintenance-windows">
            <thead>
              <tr>
                <th scope="col">Window ({zone ?? 'UTC'})</th>
                <th scope="col">For</th>
                <th scope="col">This target</th>
              </tr>
            </thead>
            <tbody>
              {windows.map((window) => (
                <tr>
                  <td data-label={`Window (${zone ?? 'UTC'})`}>
                    {timeIn(window.opens, zone)} – {timeIn(window.closes, zone)}
                  </td>
                  <td data-label="For">
                    {PURPOSES[window.purpose] ?? window.purpose}
                    <span class="sub">{window.configuration}</span>
                  </td>
                  <td data-label="This target" class={`attendance attendance-${window.attendance}`}>
                    {ATTENDANCE[window.attendance] ?? window.attendance}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

/** `Kubernetes 1.33.2: unsupported (end of life 31 Jul 2026)`: the calendar's last day, not the instant after it. */
function versionSupport(kubernetes: NonNullable<Maintenance['kubernetes']>): string {
  const lastDay = kubernetes.endOfSupport ? new Date(Date.parse(kubernetes.endOfSupport) - 1) : undefined;
  const date = lastDay
    ? lastDay.toLocaleDateString('en-GB', {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        timeZone: 'UTC',
      })
    : undefined;
  return `Kubernetes ${kubernetes.version}: ${kubernetes.status}${date ? ` (end of life ${date})` : ''}`;
}
