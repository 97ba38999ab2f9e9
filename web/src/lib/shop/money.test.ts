import { describe, expect, it } from 'vitest';
import { formatMoney, parseMoney } from './money.ts';

describe('formatMoney', () => {
  it('shows pence as pounds and yen as whole yen', () => {
    expect(formatMoney(1850, 'gbp')).toBe('£18.50');
    expect(formatMoney(1850, 'jpy')).toBe('JP¥1,850');
    expect(formatMoney(0, 'eur')).toBe('€0.00');
  });
});

describe('parseMoney', () => {
  it('reads what an admin types into minor units', () => {
    expect(parseMoney('12.50', 'gbp')).toBe(1250);
    expect(parseMoney(' 1,200 ', 'gbp')).toBe(120000);
    expect(parseMoney('19.99', 'eur')).toBe(1999);
    expect(parseMoney('500', 'jpy')).toBe(500);
  });
  it('refuses what is not an amount in that currency', () => {
    expect(parseMoney('', 'gbp')).toBeNull();
    expect(parseMoney('-3', 'gbp')).toBeNull();
    expect(parseMoney('12.505', 'gbp')).toBeNull();
    expect(parseMoney('5.5', 'jpy')).toBeNull();
    expect(parseMoney('twelve', 'gbp')).toBeNull();
  });
});
