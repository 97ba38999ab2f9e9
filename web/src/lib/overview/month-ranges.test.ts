import { describe, expect, it } from 'vitest';
import { overviewRanges } from './month-ranges.ts';

describe('overviewRanges', () => {
  it('compares this month so far with the whole of last month', () => {
    const r = overviewRanges('2026-03-15');
    expect(r.thisMonth).toEqual({ from: '2026-03-01', to: '2026-03-15' });
    // February 2026 has 28 days.
    expect(r.lastMonth).toEqual({ from: '2026-02-01', to: '2026-02-28' });
  });

  it('reaches back into the previous year in January', () => {
    const r = overviewRanges('2026-01-03');
    expect(r.lastMonth).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(r.trend.from).toBe('2025-08-01');
    expect(r.steps.from).toBe('2025-12-05');
  });
});
