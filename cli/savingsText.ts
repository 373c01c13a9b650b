import { meterNameOf } from '../shared/domain/moneySaved.js';
import {
  SIZE_NOT_OBSERVED,
  type GroupSavings,
  type SavingFigures,
  type SavingsReport,
  type TargetSavings,
} from '../shared/app/savings/SavingsReport.js';
import { billCheckLines } from './billCheckText.js';
import { whenIn } from '../shared/domain/whenIn.js';

const KIND_NAMES = { nodepool: 'node pool', cluster: 'cluster', vmss: 'scale set' } as const;

/** `USD 31.20 (20% off list)`, or `(list price)` without a discount: the discount beside every amount. */
export function money(figures: Pick<SavingFigures, 'amount' | 'currency' | 'discountPercent'>): string {
  const discount = figures.discountPercent > 0 ? `${figures.discountPercent}% off list` : 'list price';
  return `${figures.currency} ${figures.amount.toFixed(2)} (${discount})`;
}

/**
 * An amount as far as it is known: `unknown` when hours could not be priced at all (the price list
 * could not be read, the size was not observed), `at least` when only some could; never a 0.00 that
 * is not one.
 */
export function amountText(figures: SavingFigures): string {
  return `${knownAmountText(figures)}${commitmentNote(figures)}`;
}

/** What commitments would have paid and whether a price varies, said beside the amount. */
function commitmentNote(figures: SavingFigures): string {
  const notes = [
    ...(figures.coveredNodeHours > 0
      ? [`${figures.coveredNodeHours.toFixed(1)} node-h covered by a reservation or savings plan, saved 0`]
      : []),
    ...(figures.variable ? ['Spot: price varies'] : []),
  ];
  return notes.length > 0 ? ` [${notes.join('; ')}]` : '';
}

function knownAmountText(figures: SavingFigures): string {
  if (figures.unpriced.length === 0 || figures.hours === 0) return money(figures);
  const reasons = figures.unpriced
    .map((item) => (item === SIZE_NOT_OBSERVED ? item : `no price for ${item}`))
    .join('; ');
  return isUnknown(figures) ? `unknown (${reasons})` : `at least ${money(figures)} (${reasons})`;
}

/** Hours with nothing priced: the amount is not known (0.00 would be a claim). */
export function isUnknown(figures: SavingFigures): boolean {
  return figures.unpriced.length > 0 && figures.hours > 0 && figures.listAmount === 0;
}

function hours(value: number): string {
  return `${value.toFixed(1)} h`;
}

/** `Thu 26 Nov 2026 20:00 UTC`: whenIn, the one formatter; the report's period is in UTC. */
function when(iso: string): string {
  return whenIn(Date.parse(iso), 'UTC', { year: true });
}

function table(rows: string[][]): string[] {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}

/** The report as a person reads it: one row per target, totals, groups, what keeps billing, prices. */
export function savingsAsTable(report: SavingsReport): string {
  // A period that is over (last month) has no rest of the month to foresee: no such column or figure.
  const forecast = report.forecastPeriod;
  const restOfMonth = (group: GroupSavings) =>
    forecast ? `, rest of month ${amountText(group.forecast)}` : '';
  const lines = [
    `Savings from ${when(report.from)} to ${when(report.countedTo)} (period ends ${when(report.to)}), pay-as-you-go prices of each node's meter in ${report.currency}, ${report.discountPercent > 0 ? `less a ${report.discountPercent}% discount` : 'no discount'}`,
    '',
    ...table([
      [
        'target',
        'kind',
        'schedule',
        'nodes (before stop)',
        'stopped',
        'saved',
        ...(forecast ? ['rest of month'] : []),
      ],
      ...report.targets.map((target) => [
        target.target,
        KIND_NAMES[target.kind],
        target.schedule ?? '-',
        target.footprint?.description ?? 'not observed yet',
        hours(target.saved.hours),
        amountText(target.saved),
        ...(forecast ? [target.forecast ? amountText(target.forecast) : '-'] : []),
      ]),
    ]),
    '',
    `Total: ${hours(report.total.saved.hours)} stopped (${hours(report.total.saved.nodeHours)} of nodes), saved ${amountText(report.total.saved)}, still billed while stopped ${stillBilledAmountText(report.total.stillBilledWhileStopped)}${forecast ? `; rest of the month (to ${when(forecast.to)}): ${amountText(report.total.forecast)}${isUnknown(report.total.forecast) ? '' : ' more'} if the schedules hold` : ''}`,
    '',
    'Per schedule:',
    ...report.schedules.map(
      (group) =>
        `  ${group.schedule}: ${group.targets} target(s), saved ${amountText(group.saved)}${restOfMonth(group)}`,
    ),
    'Per subscription:',
    ...report.subscriptions.map(
      (group) =>
        `  ${group.subscriptionId}: ${group.targets} target(s), saved ${amountText(group.saved)}${restOfMonth(group)}`,
    ),
    '',
    'Still billed while stopped (as Microsoft documents it):',
    ...report.targets.map((target) => `  ${target.target}: ${stillBilledText(target)}`),
    '',
    'Prices (Azure Retail Prices API):',
    ...report.prices.map(
      (price) =>
        `  ${price.priced} in ${price.location}: ${price.currency} ${price.hourly.toFixed(4)} an hour (${price.productName}, ${price.meterName}${price.effectiveStartDate ? `, since ${price.effectiveStartDate.slice(0, 10)}` : ''}${price.variable ? ', varies' : ''})`,
    ),
    ...report.priceProblems.map((problem) => `  no price: ${problem}`),
    ...billCheckLines(report.billCheck),
  ];
  return `${lines.join('\n')}\n`;
}

function stillBilledText(target: TargetSavings): string {
  const priced = target.stillBilled.whileStopped;
  const billed = priced
    ? `; billed while stopped: ${stillBilledAmountText(priced)} (${priced.items.join(', ')})`
    : '';
  return `${target.stillBilled.items.join('; ')}${billed} — ${target.stillBilled.source}`;
}

/**
 * What kept billing while stopped, at list price: `unknown (…)` when nothing of it could be priced or
 * observed, `at least` when only some could; never a 0.00 that is not one.
 */
export function stillBilledAmountText(billed: {
  amount: number;
  currency: string;
  unpriced: string[];
}): string {
  const amount = `${billed.currency} ${billed.amount.toFixed(2)} (list price)`;
  if (billed.unpriced.length === 0) return amount;
  const reasons = billed.unpriced.join('; ');
  return billed.amount === 0 ? `unknown (${reasons})` : `at least ${amount} (${reasons})`;
}

const CSV_COLUMNS = [
  'target',
  'kind',
  'schedule',
  'subscriptionId',
  'location',
  'nodes',
  'hoursStopped',
  'nodeHours',
  'listAmount',
  'discountPercent',
  'amount',
  'currency',
  'forecastHours',
  'forecastAmount',
  'unpriced',
  'stillBilled',
];

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** An amount, or an empty cell when it is not known (the `unpriced` column says why). */
function csvAmount(figures: SavingFigures, amount: number): string {
  return isUnknown(figures) ? '' : amount.toFixed(2);
}

/** One line per target, for a spreadsheet (RFC 4180 quoting). */
export function savingsAsCsv(report: SavingsReport): string {
  const rows = report.targets.map((target) => [
    target.target,
    target.kind,
    target.schedule ?? '',
    target.subscriptionId,
    target.footprint?.location ?? '',
    target.footprint?.nodes.map((group) => `${group.count} x ${meterNameOf(group)}`).join('; ') ?? '',
    target.saved.hours,
    target.saved.nodeHours,
    csvAmount(target.saved, target.saved.listAmount),
    target.saved.discountPercent,
    csvAmount(target.saved, target.saved.amount),
    target.saved.currency,
    target.forecast?.hours ?? '',
    target.forecast ? csvAmount(target.forecast, target.forecast.amount) : '',
    target.saved.unpriced.join('; '),
    target.stillBilled.items.join('; '),
  ]);
  return `${[CSV_COLUMNS, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
