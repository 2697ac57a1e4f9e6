import { describe, expect, it } from 'vitest';
import { computeForecast, type ForecastContract } from '../../src/feedback/forecast.ts';
import {
  forecastChartPng,
  forecastChartSvg,
  niceStep,
  STAGE_COLOURS,
} from '../../src/feedback/forecast-chart.ts';

const row = (id: string, arr: number, renewalDate: string, stage: ForecastContract['stage']) => ({
  customerId: id,
  customerName: id,
  csm: 'dana',
  arr,
  renewalDate,
  stage,
  riskScore: 2,
  status: 'active' as const,
  recommendedPct: 2,
  proposedArr: null,
});

const forecast = computeForecast(
  [
    row('A', 400_000, '2026-12-01', 'critical'),
    row('B', 900_000, '2026-12-20', 'emergency'),
    row('C', 1_500_000, '2027-03-01', 'active'),
  ],
  '2026-11-25',
);

describe('forecast chart', () => {
  it.each([
    [0, 1],
    [7, 2],
    [1_300_000, 500_000],
    [2_000_000, 500_000],
    [45_000, 20_000],
  ])('niceStep(%d) = %d', (max, step) => {
    expect(niceStep(max)).toBe(step);
  });

  it('stacks stages in the fixed order and labels the axis with formatMoney', () => {
    const svg = forecastChartSvg(forecast);
    expect(svg).toContain('>$1.5M</text>');
    expect(svg).toContain('>Dec 2026</text>');
    // December's bar: emergency at the bottom (drawn first), critical above it
    const emergency = svg.indexOf(`fill="${STAGE_COLOURS.emergency}"/>`);
    const critical = svg.indexOf(`fill="${STAGE_COLOURS.critical}"/>`);
    expect(emergency).toBeGreaterThan(-1);
    expect(critical).toBeGreaterThan(emergency);
    // legend: only the stages in use, in the fixed order
    const legend = [
      ...svg.matchAll(
        />(emergency|critical|urgent|finalize|negotiate|active|prepare|strategic)<\/text>/g,
      ),
    ];
    expect(legend.map((m) => m[1])).toEqual(['emergency', 'critical', 'active']);
  });

  it('renders a PNG of the SVG size', () => {
    const png = forecastChartPng(forecast);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(720);
    expect(png.readUInt32BE(20)).toBe(360);
  });
});
