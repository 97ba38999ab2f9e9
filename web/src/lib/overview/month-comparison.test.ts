import { describe, expect, it } from 'vitest';
import { compareMonths } from './month-comparison.ts';

describe('compareMonths', () => {
  it('says how much lower this month is', () => {
    expect(compareMonths(75, 100)).toMatchObject({ changePct: -25, direction: 'down' });
  });
  it('says how much higher', () => {
    expect(compareMonths(150, 100)).toMatchObject({ changePct: 50, direction: 'up' });
  });
  it('does not divide by an empty last month', () => {
    expect(compareMonths(10, 0)).toMatchObject({ changePct: null, direction: 'new' });
    expect(compareMonths(0, 0)).toMatchObject({ changePct: null, direction: 'same' });
  });
});
