import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromEpochDay, isoWeekday, toEpochDay, ZIsoDate } from '../src/index.ts';

describe('calendar dates', () => {
  it('agree with the built-in Date for every day from year 1 to 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: -719162, max: 2932896 }), (day) => {
        const viaDate = new Date(day * 86_400_000).toISOString().slice(0, 10);
        expect(fromEpochDay(day)).toBe(viaDate);
        expect(toEpochDay(viaDate)).toBe(day);
      }),
    );
  });

  it('reject dates that do not exist', () => {
    expect(ZIsoDate.safeParse('2025-02-29').success).toBe(false);
    expect(ZIsoDate.safeParse('2024-02-29').success).toBe(true);
    expect(ZIsoDate.safeParse('2025-13-01').success).toBe(false);
    expect(() => toEpochDay('2025-04-31')).toThrow(RangeError);
  });

  it('know the ISO weekday', () => {
    expect(isoWeekday('2025-03-03')).toBe(1); // a Monday
    expect(isoWeekday('1970-01-01')).toBe(4); // a Thursday
    expect(isoWeekday('1969-12-28')).toBe(7); // a Sunday, before the epoch
  });
});
