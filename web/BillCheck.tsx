import { useState } from 'preact/hooks';
import { call, explain } from './api.js';
import type { BillCheck, CostComparison, SavingsReport } from './apiTypes.js';

/**
 * Estimated against billed compute cost for whole days (docs/savings.md, "Checked against the bill"):
 * per target and in total, a difference over the threshold flagged; or why the bill cannot be read.
 */
export function BillCheckTable({ check }: { check: BillCheck | undefined }) {
  if (!check) return null;
  if (!check.available)
    return (
      <p class="sub" data-testid="bill-check">
        Checked against the bill: actual cost unavailable: {check.reason}
      </p>
    );
  const money = (amount: number) => `${check.currency} ${amount.toFixed(2)}`;
  const row = (name: string, comparison: CostComparison, header = false) => (
    <tr data-flagged={comparison.flagged ? 'true' : 'false'}>
      {header ? <th scope="row">{name}</th> : <td>{name}</td>}
      <td data-label="Estimated">{money(comparison.estimated)}</td>
      <td data-label="Billed">{money(comparison.actual)}</td>
      <td data-label="Difference">
        {comparison.differencePercent === null
          ? 'nothing billed'
          : `${comparison.differencePercent > 0 ? '+' : ''}${comparison.differencePercent.toFixed(1)} %`}
        {comparison.flagged ? <strong class="problems"> over {check.thresholdPercent} %</strong> : null}
      </td>
    </tr>
  );
  return (
    <div class="table-wrap" data-testid="bill-check">
      <table class="cards">
        <caption>
          Checked against the bill: compute, whole days {check.from.slice(0, 10)} to {check.to.slice(0, 10)}{' '}
          (exclusive)
        </caption>
        <thead>
          <tr>
            <th scope="col">Target</th>
            <th scope="col">Estimated</th>
            <th scope="col">Billed</th>
            <th scope="col">Difference</th>
          </tr>
        </thead>
        <tbody>
          {check.targets.map((target) => row(target.target, target))}
          {check.targets.length > 1 ? row('Total', check.total, true) : null}
        </tbody>
      </table>
      {check.unavailable.map((problem) => (
        <p class="sub">
          Subscription {problem.subscriptionId}: actual cost unavailable: {problem.reason}
        </p>
      ))}
    </div>
  );
}

/** The fleet's check, loaded only when opened: it reads every target's history and the bill. */
export function FleetBillCheck() {
  const [report, setReport] = useState<SavingsReport | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const load = (open: boolean) => {
    if (!open || report || problem) return;
    call<SavingsReport>('GET', 'savings').then(
      ({ body }) => setReport(body),
      (error: unknown) => setProblem(explain(error)),
    );
  };
  return (
    <details onToggle={(event) => load(event.currentTarget.open)}>
      <summary>Savings checked against the bill</summary>
      {problem ? <p class="sub">The check cannot be shown: {problem}</p> : null}
      {!problem && !report ? <p aria-live="polite">Loading…</p> : null}
      {report ? <BillCheckTable check={report.billCheck} /> : null}
    </details>
  );
}
