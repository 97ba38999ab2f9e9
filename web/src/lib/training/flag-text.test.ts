import { describe, expect, it } from 'vitest';
import { explainFlags } from './flag-text.ts';

describe('explainFlags', () => {
  it('says what a spike means, from its latest day, with how often it happened', () => {
    const explained = explainFlags([
      { date: '2026-11-18', kind: 'acwr_spike', value: 1.52, threshold: 1.5 },
      { date: '2026-11-20', kind: 'acwr_spike', value: 1.71, threshold: 1.5 },
      { date: '2026-11-19', kind: 'high_fatigue', value: -34.4, threshold: -30 },
    ]);
    expect(explained).toHaveLength(2);
    expect(explained[0]).toMatchObject({ kind: 'acwr_spike', days: 2, lastDate: '2026-11-20' });
    expect(explained[0]!.text).toContain('1.71 times your four-week average');
    expect(explained[1]!.text).toMatch(/Form \(TSB\) is -34, below -30/);
  });

  it('has nothing to say about a calm month', () => {
    expect(explainFlags([])).toEqual([]);
  });
});
