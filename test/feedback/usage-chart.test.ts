import { describe, expect, it } from 'vitest';
import {
  USAGE_CHART_DAYS,
  usageChartDays,
  usageChartPng,
  usageChartSvg,
} from '../../src/feedback/usage-chart.ts';

const AS_OF = '2026-03-01'; // the 60 days before cross the end of February
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A usage row for each of the 70 days before AS_OF but one (2026-02-10). */
function rows() {
  const out: { day: string; activeUsers: number }[] = [];
  for (let n = 70; n >= 1; n--) {
    const day = new Date(Date.UTC(2026, 2, 1 - n)).toISOString().slice(0, 10);
    if (day !== '2026-02-10') out.push({ day, activeUsers: 100 + n });
  }
  return out;
}

describe('usage chart', () => {
  it('covers exactly the 60 days before the as-of day, a gap where a day has no row', () => {
    const days = usageChartDays(rows(), AS_OF);
    expect(days).toHaveLength(USAGE_CHART_DAYS);
    expect(days[0]!.day).toBe('2025-12-31');
    expect(days.at(-1)!.day).toBe('2026-02-28');
    expect(days.find((d) => d.day === '2026-02-10')!.activeUsers).toBeNull();
    const svg = usageChartSvg({ customerName: 'Obsidian Black', days });
    const bars = [...svg.matchAll(/<rect class="day" data-day="(\d{4}-\d{2}-\d{2})"/g)];
    expect(bars).toHaveLength(USAGE_CHART_DAYS - 1);
    expect(bars[0]![1]).toBe('2025-12-31');
    expect(svg).not.toContain('data-day="2026-02-10"');
  });

  it('draws all 60 days when each has usage, and escapes the name', () => {
    const days = usageChartDays(
      Array.from({ length: 60 }, (_, i) => ({
        day: new Date(Date.UTC(2026, 1, 29 - 60 + i)).toISOString().slice(0, 10),
        activeUsers: i,
      })),
      AS_OF,
    );
    const svg = usageChartSvg({ customerName: 'Tom & <Jerry>', days });
    expect(svg.match(/<rect class="day"/g)).toHaveLength(60);
    expect(svg).toContain('Tom &amp; &lt;Jerry&gt;');
    expect(svg).not.toContain('<Jerry>');
  });

  it('renders to PNG bytes through resvg', () => {
    const png = usageChartPng({
      customerName: 'Obsidian Black',
      days: usageChartDays(rows(), AS_OF),
    });
    expect(png.length).toBeGreaterThan(1000);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  });
});
