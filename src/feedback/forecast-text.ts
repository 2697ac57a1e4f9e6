/**
 * The forecast as plain text: a table of stages × months (renewals and ARR in each cell),
 * the totals, ARR at risk, expected uplift, the top at-risk renewals and the overdue count.
 * Pure; used by `renubu report forecast` and the plain-text part of the forecast email.
 */
import { formatMoney } from '../domain/index.ts';
import { FORECAST_STAGES, type Forecast, type StageCell } from './forecast.ts';

/** How many at-risk renewals the readable report and the email list. */
export const TOP_AT_RISK = 5;

const cell = (c: StageCell) => (c.renewals === 0 ? '-' : `${c.renewals} ${formatMoney(c.arr)}`);

/** The month key as "Nov 2026". */
export function monthInWords(month: string): string {
  const date = new Date(`${month}-01T00:00:00Z`);
  return date.toLocaleString('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** Signed money: "+$3K", "-$500", "$0". */
export function signedMoney(amount: number): string {
  return amount > 0 ? `+${formatMoney(amount)}` : formatMoney(amount);
}

/** Stages with any renewal in the window, in the fixed order (all of them when none has). */
export function stagesInUse(forecast: Forecast) {
  const used = FORECAST_STAGES.filter((s) => forecast.totals.byStage[s].renewals > 0);
  return used.length > 0 ? used : [...FORECAST_STAGES];
}

/** The table and lists, one string per line. */
export function forecastLines(forecast: Forecast): string[] {
  const header = ['', ...forecast.months.map((m) => monthInWords(m.month)), 'Total'];
  const rows: string[][] = [header];
  for (const stage of stagesInUse(forecast)) {
    rows.push([
      stage,
      ...forecast.months.map((m) => cell(m.byStage[stage])),
      cell(forecast.totals.byStage[stage]),
    ]);
  }
  const all = [...forecast.months, forecast.totals];
  rows.push(['renewals', ...all.map((m) => cell(m))]);
  rows.push(['ARR at risk', ...all.map((m) => formatMoney(m.arrAtRisk))]);
  rows.push(['exp. uplift', ...all.map((m) => signedMoney(m.expectedUplift))]);
  const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) =>
    r
      .map((text, i) => (i === 0 ? text.padEnd(widths[i]!) : text.padStart(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
  lines.push('');
  const top = forecast.atRisk.slice(0, TOP_AT_RISK);
  lines.push(top.length === 0 ? 'No renewal at risk.' : `Top ${top.length} at risk:`);
  top.forEach((item, i) => {
    lines.push(
      `  ${i + 1}. ${item.customerName} (${item.csm}): renews ${item.renewalDate}, ` +
        `${formatMoney(item.arr)} ARR, risk ${item.riskScore?.toFixed(1)}`,
    );
  });
  if (forecast.overdue.length > 0) {
    const arr = forecast.overdue.reduce((sum, item) => sum + item.arr, 0);
    lines.push(
      `Overdue: ${forecast.overdue.length} active contract(s) past their renewal date, ${formatMoney(arr)} ARR.`,
    );
  }
  return lines;
}
