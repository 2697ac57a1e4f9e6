/**
 * The weekly forecast email and DM of one CSM (PRODUCT.md §6): an HTML part from the
 * handlebars template in ./templates (a months × stages table, totals, ARR at risk, expected
 * uplift, the top at-risk renewals), a plain-text part (src/feedback/forecast-text.ts) and
 * the chart as a PNG attachment that the HTML references by content id. Pure: the forecast
 * and names come in; the PNG is rendered here from the same forecast.
 */
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { formatMoney, plural } from '../domain/index.ts';
import type { Forecast } from './forecast.ts';
import { forecastChartPng, STAGE_COLOURS } from './forecast-chart.ts';
import {
  forecastLines,
  monthInWords,
  signedMoney,
  stagesInUse,
  TOP_AT_RISK,
} from './forecast-text.ts';

export const FORECAST_CHART_FILE = 'forecast.png';
/** The chart's content id; the HTML shows it with `cid:` (src/email must carry `cid`). */
export const FORECAST_CHART_CID = 'forecast-chart@renubu';

export interface ForecastEmail {
  subject: string;
  text: string;
  html: string;
  /** A short Slack DM with the headline figures. */
  dm: string;
  attachments: { filename: string; contentType: string; base64: string; cid: string }[];
}

const hbs = Handlebars.create();
const renderHtml = hbs.compile(
  readFileSync(new URL('./templates/forecast.html.hbs', import.meta.url), 'utf8'),
  { strict: true },
);

const cell = (renewals: number, arr: number) =>
  renewals === 0 ? '-' : `${renewals} · ${formatMoney(arr)}`;

/** "12 renewals, $1.2M ARR in the next six months; $300K at risk; expected uplift +$40K". */
export function forecastHeadline(forecast: Forecast): string {
  const t = forecast.totals;
  return (
    `${plural(t.renewals, 'renewal')}, ${formatMoney(t.arr)} ARR in the ` +
    `next six months; ${formatMoney(t.arrAtRisk)} at risk; expected uplift ${signedMoney(t.expectedUplift)}`
  );
}

function tableRows(forecast: Forecast) {
  const all = [...forecast.months, forecast.totals];
  const rows: { label: string; colour: string | null; strong: boolean; cells: string[] }[] =
    stagesInUse(forecast).map((stage) => ({
      label: stage,
      colour: STAGE_COLOURS[stage],
      strong: false,
      cells: all.map((m) => cell(m.byStage[stage].renewals, m.byStage[stage].arr)),
    }));
  rows.push(
    { label: 'Total', colour: null, strong: true, cells: all.map((m) => cell(m.renewals, m.arr)) },
    {
      label: 'ARR at risk',
      colour: null,
      strong: false,
      cells: all.map((m) => formatMoney(m.arrAtRisk)),
    },
    {
      label: 'Expected uplift',
      colour: null,
      strong: false,
      cells: all.map((m) => signedMoney(m.expectedUplift)),
    },
  );
  return rows;
}

/** The email and DM of one CSM's forecast; `week` is the ISO week (YYYY-Www). */
export function renderForecastEmail(
  forecast: Forecast,
  who: { name: string; week: string },
): ForecastEmail {
  const headline = forecastHeadline(forecast);
  const subject = `Renubu: your renewal forecast for ${who.week}`;
  const greeting = `Hello ${who.name.split(/\s+/)[0]},`;
  const intro = `Your renewals from ${monthInWords(forecast.months[0]!.month)} to ${monthInWords(forecast.months.at(-1)!.month)}, as of ${forecast.asOf}, by month and stage.`;
  const overdueArr = forecast.overdue.reduce((sum, item) => sum + item.arr, 0);
  const overdue =
    forecast.overdue.length > 0
      ? `${forecast.overdue.length} active contract(s) are past their renewal date (${formatMoney(overdueArr)} ARR): renew or close them.`
      : '';
  const footer =
    'Renubu sends this forecast on Sundays. Stages follow days to renewal; at risk means a risk score at or above your risk trigger; the uplift is the proposed price, else the recommended one.';
  const html = renderHtml({
    subject,
    greeting,
    intro,
    headline,
    chartCid: FORECAST_CHART_CID,
    chartFile: FORECAST_CHART_FILE,
    months: forecast.months.map((m) => monthInWords(m.month)),
    rows: tableRows(forecast),
    atRisk: forecast.atRisk.slice(0, TOP_AT_RISK).map((item) => ({
      ...item,
      arr: formatMoney(item.arr),
      risk: item.riskScore?.toFixed(1) ?? '-',
    })),
    overdue,
    footer,
  });
  const text = [
    greeting,
    '',
    intro,
    '',
    `${headline}.`,
    '',
    ...forecastLines(forecast),
    '',
    '--',
    footer,
  ].join('\n');
  const png = forecastChartPng(forecast);
  return {
    subject,
    text,
    html,
    dm: `Your renewal forecast for ${who.week}: ${headline}. The full table and chart are in your email.`,
    attachments: [
      {
        filename: FORECAST_CHART_FILE,
        contentType: 'image/png',
        base64: png.toString('base64'),
        cid: FORECAST_CHART_CID,
      },
    ],
  };
}

/** The ISO 8601 week of a day, `YYYY-Www` (weeks start on Monday; week 1 holds a Thursday). */
export function isoWeek(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = (date.getUTCDay() + 6) % 7;
  date.setUTCDate(date.getUTCDate() - weekday + 3);
  const year = date.getUTCFullYear();
  const week = Math.floor((date.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
