import { useEffect, useState } from 'preact/hooks';
import { call, explain } from './api.js';
import { BillCheckTable } from './BillCheck.js';
import type { BillCheck, SavingsReport, TargetSavings } from './apiTypes.js';
import { stillBilledAmountText } from '../cli/savingsText.js';
import { money } from './money.js';
import { savingNotes } from './savingNotes.js';

/**
 * This month's savings of one target, loaded on their own (`GET /api/savings?target=`): the rest of
 * the page does not wait for the price list.
 */
export function TargetSavingsFacts({ name }: { name: string }) {
  const [savings, setSavings] = useState<TargetSavings | undefined>();
  const [billCheck, setBillCheck] = useState<BillCheck | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  useEffect(() => {
    call<SavingsReport>('GET', 'savings', { query: { target: name } }).then(
      ({ body }) => {
        setSavings(body.targets[0]);
        setBillCheck(body.billCheck);
      },
      (error: unknown) => setProblem(explain(error)),
    );
  }, [name]);
  if (problem) return <p class="sub">Savings cannot be shown: {problem}</p>;
  if (!savings) return <p aria-live="polite">Loading savings…</p>;
  return (
    <dl class="facts" data-testid="target-savings">
      <dt>Saved this month</dt>
      <dd>
        {money(savings.saved)}: {savings.saved.hours.toFixed(1)} h stopped
        {savings.saved.unpriced.length > 0 ? `; not priced: ${savings.saved.unpriced.join(', ')}` : ''}
        {savingNotes(savings.saved)}
      </dd>
      {savings.forecast ? (
        <>
          <dt>Forecast, rest of the month</dt>
          <dd>
            {money(savings.forecast)}: {savings.forecast.hours.toFixed(1)} h down by schedule
            {savingNotes(savings.forecast)}
          </dd>
        </>
      ) : null}
      <dt>Still billed while stopped</dt>
      <dd>
        {savings.stillBilled.items.join('; ')} (<a href={savings.stillBilled.source}>Microsoft’s page</a>)
      </dd>
      {savings.stillBilled.whileStopped ? (
        <>
          <dt>Billed while stopped</dt>
          <dd data-testid="billed-while-stopped">
            {stillBilledAmountText(savings.stillBilled.whileStopped)}:{' '}
            {savings.stillBilled.whileStopped.items.join(', ')}
          </dd>
        </>
      ) : null}
      {savings.footprint?.description ? (
        <>
          <dt>Priced on</dt>
          <dd>{savings.footprint.description}</dd>
        </>
      ) : null}
      {billCheck ? (
        <>
          <dt>Checked against the bill</dt>
          <dd>
            <BillCheckTable check={billCheck} />
          </dd>
        </>
      ) : null}
    </dl>
  );
}
