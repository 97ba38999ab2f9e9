import { describe, expect, it } from 'vitest';
import {
  categoryCell,
  periodLabel,
  pooledReportCsv,
  pooledTrend,
  reportPeriod,
  withheldText,
  type PooledReport,
} from './pooled-report.ts';

const shown = (kg: number) => ({ kg, withheld: null, withheldMonths: 0 });
const few = { kg: null, withheld: 'fewer than 3 members', withheldMonths: 1 };

const report: PooledReport = {
  minGroupSize: 3,
  granularity: 'month',
  periods: [
    {
      period: '2026-08',
      start: '2026-08-01',
      end: '2026-08-31',
      members: null,
      total: few,
      categories: [{ category: 'car', ...few }],
    },
    {
      period: '2026-10',
      start: '2026-10-01',
      end: '2026-10-31',
      members: 4,
      total: shown(210.456),
      categories: [
        { category: 'car', ...shown(200) },
        {
          category: 'electricity',
          kg: null,
          withheld: 'withheld with a smaller category, which the total would otherwise reveal',
          withheldMonths: 1,
        },
        { category: 'flight', ...few },
      ],
    },
    {
      period: '2026-11',
      start: '2026-11-01',
      end: '2026-11-30',
      members: 5,
      total: shown(300),
      categories: [
        { category: 'car', ...shown(200) },
        { category: 'electricity', ...shown(100) },
      ],
    },
  ],
  total: {
    kg: 510.456,
    withheldCells: 1,
    byCategory: [
      { category: 'car', kg: 400, withheldCells: 1 },
      { category: 'electricity', kg: 100, withheldCells: 1 },
      { category: 'flight', kg: null, withheldCells: 1 },
    ],
  },
};

describe('the pooled report', () => {
  it('defaults to the six whole months before this one, and keeps what the address asks for', () => {
    const today = new Date('2026-11-22T10:00:00Z');
    expect(reportPeriod(new URLSearchParams(), today)).toEqual({
      granularity: 'month',
      from: '2026-05',
      to: '2026-10',
    });
    expect(
      reportPeriod(new URLSearchParams({ granularity: 'quarter', from: '2025-Q3' }), today),
    ).toMatchObject({ granularity: 'quarter', from: '2025-Q3', to: '2026-Q4' });
    // A month carried over when switching to quarters becomes its quarter.
    expect(
      reportPeriod(new URLSearchParams({ granularity: 'quarter', from: '2026-05' }), today).from,
    ).toBe('2026-Q2');
    expect(reportPeriod(new URLSearchParams({ granularity: 'week' }), today).granularity).toBe(
      'month',
    );
    // A day (an old link) goes to the API as typed, to be refused beside its field.
    expect(reportPeriod(new URLSearchParams({ from: '2026-05-22' }), today).from).toBe(
      '2026-05-22',
    );
  });

  it('names periods as people say them', () => {
    expect(periodLabel('2026-11', 'month')).toBe('Nov 2026');
    expect(periodLabel('2026-Q3', 'quarter')).toBe('Q3 2026');
    expect(periodLabel('2026', 'year')).toBe('2026');
  });

  it('shows a withheld cell as withheld with its reason, never as 0', () => {
    const october = report.periods[1]!;
    expect(withheldText(categoryCell(october, 'flight'))).toBe('withheld (fewer than 3 members)');
    // A category nobody logged in a published month is a real zero.
    expect(categoryCell(report.periods[2]!, 'flight')).toMatchObject({ kg: 0, withheld: null });
    // In a withheld month every category is withheld too.
    expect(categoryCell(report.periods[0]!, 'electricity').kg).toBeNull();
  });

  it('writes CSV with empty cells and the reasons, and a total of published months', () => {
    const lines = pooledReportCsv(report).trim().split('\r\n');
    expect(lines[0]).toBe(
      'period,start,end,members,total_kg_co2e,car_kg_co2e,electricity_kg_co2e,flight_kg_co2e,withheld',
    );
    expect(lines[1]).toMatch(/^Aug 2026,2026-08-01,2026-08-31,,,,,,total: withheld \(fewer/);
    expect(lines[2]).toMatch(
      /^Oct 2026,2026-10-01,2026-10-31,4,210\.46,200,,,"electricity: withheld/,
    );
    expect(lines[3]).toBe('Nov 2026,2026-11-01,2026-11-30,5,300,200,100,0,');
    expect(lines[4]).toBe(
      'all periods,2026-08-01,2026-11-30,,510.46,400,100,,sums of published months only; 1 month total withheld',
    );
  });
});

describe('the pooled chart', () => {
  it('stacks published categories, shows withheld ones together under a safe total, and draws nothing for a withheld total', () => {
    const trend = pooledTrend(report);
    expect(trend.categories).toEqual(['car', 'electricity', 'flight', 'not_broken_down']);
    expect(trend.rows[0]).toMatchObject({
      label: 'Aug 2026 (withheld)',
      car: 0,
      not_broken_down: 0,
    });
    expect(trend.rows[1]!.car).toBe(200);
    expect(trend.rows[1]!.not_broken_down).toBeCloseTo(10.456, 9);
    expect(trend.rows[2]).toMatchObject({ car: 200, electricity: 100, not_broken_down: 0 });
  });
});
