/**
 * The usage chart of an account card (PRODUCT.md §11) and of the account-overview step:
 * active users a day over the last 60 days, one bar a day, drawn like the forecast chart
 * (forecast-chart.ts: a hand-built SVG, then PNG through resvg with DejaVu Sans). The SVG is
 * pure; a day without a usage row has no bar (a gap, not a zero).
 */
import { truncate } from '../../blocks/format.ts';
import { addDays } from '../domain/dates.ts';
import { CHART, niceStep, svgToPng } from './forecast-chart.ts';

/** The days a chart covers, ending the day before the as-of day (as the daily run reads usage). */
export const USAGE_CHART_DAYS = 60;

export interface UsageChart {
  /** Who it is about: shown in the title, escaped here. */
  customerName: string;
  /** One entry a day, oldest first; null when the day has no usage row. */
  days: { day: string; activeUsers: number | null }[];
}

/**
 * The `USAGE_CHART_DAYS` days before `asOf` (YYYY-MM-DD), each with its row's active users
 * or null: the chart's data from what usage_daily holds.
 */
export function usageChartDays(
  rows: { day: string; activeUsers: number }[],
  asOf: string,
): UsageChart['days'] {
  const byDay = new Map(rows.map((row) => [row.day, row.activeUsers]));
  return Array.from({ length: USAGE_CHART_DAYS }, (_, i) => {
    const day = addDays(asOf, i - USAGE_CHART_DAYS);
    return { day, activeUsers: byDay.get(day) ?? null };
  });
}

const XML: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
/** Text for SVG: markup characters as entities (a customer's name is anyone's text). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML[c] ?? c);
}

const text = (x: number, y: number, body: string, anchor = 'start', size = 12) =>
  `<text x="${x}" y="${y}" font-size="${size}" text-anchor="${anchor}" fill="#333">${body}</text>`;

/** `2026-11-25` → `25 Nov`. */
function shortDay(day: string): string {
  const months = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
  return `${Number(day.slice(8, 10))} ${months[Number(day.slice(5, 7)) - 1] ?? ''}`;
}

/** The chart as SVG text: one `<rect class="day">` per day with usage, a label every 2 weeks. */
export function usageChartSvg(chart: UsageChart): string {
  const width = CHART.width;
  const { height, left, top, bottom } = CHART;
  const right = 24;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const values = chart.days.map((d) => d.activeUsers ?? 0);
  const step = niceStep(Math.max(0, ...values));
  const ticks = Math.max(1, Math.ceil(Math.max(0, ...values) / step));
  const yMax = ticks * step;
  const y = (n: number) => top + plotH - (n / yMax) * plotH;
  const title = `Active users a day, last ${chart.days.length} days · ${chart.customerName}`;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, Helvetica, sans-serif">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    text(left, 16, escapeXml(truncate(title, 90)), 'start', 13),
  ];
  for (let i = 0; i <= ticks; i++) {
    const at = y(i * step);
    parts.push(
      `<line x1="${left}" y1="${at}" x2="${left + plotW}" y2="${at}" stroke="#e5e7eb"/>`,
      text(left - 6, at + 4, String(i * step), 'end', 11),
    );
  }
  const slot = plotW / Math.max(1, chart.days.length);
  const barW = Math.max(1, slot * 0.7);
  chart.days.forEach((d, i) => {
    const x = left + i * slot + (slot - barW) / 2;
    if (d.activeUsers !== null) {
      const y0 = y(d.activeUsers);
      parts.push(
        `<rect class="day" data-day="${d.day}" x="${x.toFixed(1)}" y="${y0.toFixed(1)}" width="${barW.toFixed(1)}" height="${(top + plotH - y0).toFixed(1)}" fill="#0ea5e9"/>`,
      );
    }
    if (i % 14 === 0 || i === chart.days.length - 1) {
      parts.push(text(left + i * slot + slot / 2, top + plotH + 18, shortDay(d.day), 'middle', 11));
    }
  });
  parts.push(
    `<line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="#333"/>`,
    '</svg>',
  );
  return parts.join('\n');
}

/** The chart as PNG bytes. */
export function usageChartPng(chart: UsageChart): Buffer {
  return svgToPng(usageChartSvg(chart));
}
