import { describe, expect, it } from 'vitest';
import {
  bucketLabel,
  pooledReportCsv,
  pooledTrend,
  reportPeriod,
  withheldReason,
  type PooledReport,
} from './pooled-report.ts';

const report: PooledReport = {
  minGroupSize: 3,
  buckets: [
    { bucket: '2026-08-01', members: 2, totalKg: null, byCategory: null, withheld: true },
    { bucket: '2026-10-01', members: 4, totalKg: 210.456, byCategory: null, withheld: true },
    {
      bucket: '2026-11-01',
      members: 5,
      totalKg: 300,
      byCategory: [
        { category: 'car', kg: 200 },
        { category: 'electricity', kg: 100 },
      ],
      withheld: false,
    },
  ],
};

describe('the pooled report', () => {
  it('defaults to the last six months by month, and keeps what the address asks for', () => {
    const today = new Date('2026-11-22T10:00:00Z');
    expect(reportPeriod(new URLSearchParams(), today)).toEqual({
      from: '2026-06-01',
      to: '2026-11-22',
      bucket: 'month',
    });
    expect(
      reportPeriod(new URLSearchParams({ from: '2026-01-01', bucket: 'quarter' }), today),
    ).toMatchObject({ from: '2026-01-01', bucket: 'quarter' });
    expect(reportPeriod(new URLSearchParams({ bucket: 'fortnight' }), today).bucket).toBe('month');
  });

  it('names periods as people say them', () => {
    expect(bucketLabel('2026-11-01', 'month')).toBe('Nov 2026');
    expect(bucketLabel('2026-07-01', 'quarter')).toBe('Q3 2026');
    expect(bucketLabel('2026-01-01', 'year')).toBe('2026');
    expect(bucketLabel('2026-11-16', 'week')).toBe('week of 16 Nov 2026');
  });

  it('writes CSV with empty cells and a reason where figures rest on too few people', () => {
    const lines = pooledReportCsv(report, 'month').trim().split('\r\n');
    expect(lines[0]).toBe(
      'period,period_start,members,total_kg_co2e,car_kg_co2e,electricity_kg_co2e,withheld',
    );
    expect(lines[1]).toBe(
      'Aug 2026,2026-08-01,2,,,,only 2 members logged anything; figures need at least 3',
    );
    expect(lines[2]).toMatch(/^Oct 2026,2026-10-01,4,210\.46,,,"a category rests on fewer than 3/);
    expect(lines[3]).toBe('Nov 2026,2026-11-01,5,300,200,100,');
  });

  it('explains a withheld total and a withheld breakdown differently', () => {
    expect(withheldReason({ members: 1, totalKg: null }, 3)).toBe(
      'only 1 member logged anything; figures need at least 3',
    );
    expect(withheldReason({ members: 6, totalKg: 12 }, 3)).toMatch(/only the total is shown/);
  });
});

describe('the pooled chart', () => {
  it('stacks categories, shows a safe total unsplit and draws nothing for a withheld total', () => {
    const trend = pooledTrend(report, 'month');
    expect(trend.categories).toEqual(['car', 'electricity', 'not_broken_down']);
    expect(trend.rows[0]).toMatchObject({ car: 0, electricity: 0, not_broken_down: 0 });
    expect(trend.rows[1]).toMatchObject({ not_broken_down: 210.456, car: 0 });
    expect(trend.rows[2]).toMatchObject({ car: 200, electricity: 100, not_broken_down: 0 });
  });
});
