/**
 * The forecast chart: ARR up for renewal by month, stacked by stage, as a hand-built SVG (no
 * chart library) and as PNG through @resvg/resvg-js. The SVG is pure; text uses the system's
 * sans-serif fonts (DejaVu Sans on our Linux images), so a machine without fonts gets the
 * bars, axis lines and legend swatches with empty labels.
 */
import { Resvg } from '@resvg/resvg-js';
import { formatMoney } from '../domain/index.ts';
import { FORECAST_STAGES, type Forecast, type ForecastStage } from './forecast.ts';
import { monthInWords, stagesInUse } from './forecast-text.ts';

/** Fixed stage colours, soonest (hot) to furthest (cool); the legend keeps this order. */
export const STAGE_COLOURS: Record<ForecastStage, string> = {
  emergency: '#991b1b',
  critical: '#dc2626',
  urgent: '#f97316',
  finalize: '#facc15',
  negotiate: '#84cc16',
  active: '#16a34a',
  prepare: '#0ea5e9',
  strategic: '#6366f1',
};

export const CHART = { width: 720, height: 360, left: 72, right: 150, top: 24, bottom: 40 };
/** Gridlines above zero, about (the step is rounded to 1, 2 or 5 × a power of ten). */
const TICKS = 4;

/** A tick step of 1, 2 or 5 × 10^n that covers `max` in about TICKS steps. */
export function niceStep(max: number): number {
  if (!(max > 0)) return 1;
  const raw = max / TICKS;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].find((f) => f * power >= raw)!;
  return step * power;
}

const text = (x: number, y: number, body: string, anchor = 'start', size = 12) =>
  `<text x="${x}" y="${y}" font-size="${size}" text-anchor="${anchor}" fill="#333">${body}</text>`;

/** The chart as SVG text; bars stack stages in FORECAST_STAGES order from the axis up. */
export function forecastChartSvg(
  forecast: Forecast,
  title = 'ARR up for renewal by month',
): string {
  const { width, height, left, right, top, bottom } = CHART;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const step = niceStep(Math.max(0, ...forecast.months.map((m) => m.arr)));
  const ticks = Math.max(1, Math.ceil(Math.max(0, ...forecast.months.map((m) => m.arr)) / step));
  const yMax = ticks * step;
  const y = (amount: number) => top + plotH - (amount / yMax) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, Helvetica, sans-serif">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    text(left, 16, title, 'start', 13),
  ];
  for (let i = 0; i <= ticks; i++) {
    const at = y(i * step);
    parts.push(
      `<line x1="${left}" y1="${at}" x2="${left + plotW}" y2="${at}" stroke="#e5e7eb"/>`,
      text(left - 6, at + 4, formatMoney(i * step), 'end', 11),
    );
  }
  const slot = plotW / forecast.months.length;
  const barW = slot * 0.6;
  forecast.months.forEach((month, i) => {
    const x = left + i * slot + (slot - barW) / 2;
    let base = 0;
    for (const stage of FORECAST_STAGES) {
      const arr = month.byStage[stage].arr;
      if (arr <= 0) continue;
      const y0 = y(base + arr);
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y0.toFixed(1)}" width="${barW.toFixed(1)}" height="${(y(base) - y0).toFixed(1)}" fill="${STAGE_COLOURS[stage]}"/>`,
      );
      base += arr;
    }
    parts.push(
      text(left + i * slot + slot / 2, top + plotH + 18, monthInWords(month.month), 'middle', 11),
    );
  });
  parts.push(
    `<line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="#333"/>`,
  );
  stagesInUse(forecast).forEach((stage, i) => {
    const ly = top + 8 + i * 20;
    parts.push(
      `<rect x="${width - right + 16}" y="${ly}" width="12" height="12" fill="${STAGE_COLOURS[stage]}"/>`,
      text(width - right + 34, ly + 11, stage),
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** Any of our chart SVGs as PNG bytes, through resvg with the system fonts (DejaVu Sans). */
export function svgToPng(svg: string): Buffer {
  const png = new Resvg(svg, {
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  }).render();
  return png.asPng();
}

/** The chart as PNG bytes (system fonts). */
export function forecastChartPng(forecast: Forecast): Buffer {
  return svgToPng(forecastChartSvg(forecast));
}
