import { describe, expect, it } from 'vitest';
import { categoryTrend, monthsBetween } from './category-trend.ts';

describe('categoryTrend', () => {
  const range = { from: '2026-06-01', to: '2026-11-22' };

  it('gives every month in the window a row, quiet months at zero', () => {
    const trend = categoryTrend(
      [
        { start: '2026-07-01', totalKgCO2e: 12, byCategory: { car: 12 } },
        { start: '2026-11-01', totalKgCO2e: 5, byCategory: { electricity: 5 } },
      ],
      range,
    );
    expect(trend.rows.map((r) => r.label)).toEqual(['Jun', 'Jul', 'Aug', 'Sept', 'Oct', 'Nov']);
    expect(trend.rows.map((r) => r.car)).toEqual([0, 12, 0, 0, 0, 0]);
    expect(trend.rows.map((r) => r.electricity)).toEqual([0, 0, 0, 0, 0, 5]);
  });

  it('stacks the largest category first and leaves out categories with nothing', () => {
    const trend = categoryTrend(
      [
        { start: '2026-10-01', totalKgCO2e: 3, byCategory: { rail: 1, car: 2, bus: 0 } },
        { start: '2026-11-01', totalKgCO2e: 9, byCategory: { flight: 9 } },
      ],
      range,
    );
    expect(trend.categories).toEqual(['flight', 'car', 'rail']);
    expect(trend.rows.at(-1)).not.toHaveProperty('bus');
  });

  it('rounds to grams so tooltips do not show float noise', () => {
    const trend = categoryTrend(
      [{ start: '2026-11-01', totalKgCO2e: 0.3, byCategory: { car: 0.1 + 0.2 } }],
      range,
    );
    expect(trend.rows.at(-1)?.car).toBe(0.3);
  });

  it('has no categories and all-zero rows for a new member', () => {
    const trend = categoryTrend([], range);
    expect(trend.categories).toEqual([]);
    expect(trend.rows).toHaveLength(6);
  });
});

describe('monthsBetween', () => {
  it('crosses the new year', () => {
    expect(monthsBetween('2025-11-30', '2026-02-01')).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
  });
});
