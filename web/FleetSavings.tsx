import { useEffect, useState } from 'preact/hooks';
import { amountText, stillBilledAmountText } from '../cli/savingsText.js';
import { call, explain } from './api.js';
import type { SavingsReport } from './apiTypes.js';

/**
 * This month's saving and the forecast for the rest of it, for the whole fleet, at the top of the
 * fleet (issue 24, item 8), loaded on its own so the table never waits for the price list. Amounts
 * read as the CLI's do (amountText): "unknown" when nothing could be priced, never a USD 0.00 that is not one.
 */
export function FleetSavings() {
  const [report, setReport] = useState<SavingsReport | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  useEffect(() => {
    call<SavingsReport>('GET', 'savings').then(
      ({ body }) => setReport(body),
      (error: unknown) => setProblem(explain(error)),
    );
  }, []);
  if (problem) return <p class="summary">Savings cannot be shown: {problem}</p>;
  if (!report) return <p class="summary">Loading this month’s savings…</p>;
  const { saved, forecast } = report.total;
  return (
    <p class="summary savings" data-testid="fleet-savings">
      <strong>Saved this month: {amountText(saved)}</strong>, {saved.hours.toFixed(0)} h stopped; still billed
      while stopped: {stillBilledAmountText(report.total.stillBilledWhileStopped)}.{' '}
      {report.forecastPeriod ? (
        <>
          Forecast for the rest of the month: {amountText(forecast)}, {forecast.hours.toFixed(0)} h down by
          schedule.
        </>
      ) : null}
    </p>
  );
}
