import { describe, expect, it } from 'vitest';
import { localInstant, localTime } from './local-instant.ts';

describe('localInstant', () => {
  it('reads the time on the member’s own clock', () => {
    expect(localInstant('2026-07-01', '07:30', 'Europe/Berlin').toISOString()).toBe(
      '2026-07-01T05:30:00.000Z',
    );
    expect(localInstant('2026-01-15', '07:30', 'Europe/Berlin').toISOString()).toBe(
      '2026-01-15T06:30:00.000Z',
    );
    expect(localInstant('2026-01-15', '23:15', 'America/New_York').toISOString()).toBe(
      '2026-01-16T04:15:00.000Z',
    );
    expect(localInstant('2026-01-15', '00:00', 'UTC').toISOString()).toBe(
      '2026-01-15T00:00:00.000Z',
    );
  });

  it('keeps the wall-clock time on the day the clocks go back', () => {
    // 2026-10-25: Berlin leaves summer time at 03:00; noon is already UTC+1.
    expect(localInstant('2026-10-25', '12:00', 'Europe/Berlin').toISOString()).toBe(
      '2026-10-25T11:00:00.000Z',
    );
  });

  it('gives an invalid date for a missing date or time, for the API to name the field', () => {
    expect(Number.isNaN(localInstant('', '07:30', 'UTC').getTime())).toBe(true);
    expect(Number.isNaN(localInstant('2026-01-15', 'soon', 'UTC').getTime())).toBe(true);
  });

  it('round-trips through localTime', () => {
    const instant = localInstant('2026-03-02', '18:45', 'Asia/Kolkata');
    expect(localTime(instant, 'Asia/Kolkata')).toBe('18:45');
  });
});
