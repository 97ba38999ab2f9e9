import { describe, expect, it } from 'vitest';
import { searchAirports } from './airport-search.ts';

describe('searchAirports', () => {
  it('finds an airport by its code, with the country named', () => {
    expect(searchAirports('lhr')[0]).toEqual({
      iata: 'LHR',
      country: 'GB',
      countryName: 'United Kingdom',
    });
  });

  it('lists codes that start with what was typed', () => {
    const codes = searchAirports('JF').map((a) => a.iata);
    expect(codes).toContain('JFK');
    expect(codes.every((c) => c.startsWith('JF'))).toBe(true);
  });

  it("finds a country's airports by the country's name", () => {
    const found = searchAirports('Iceland');
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((a) => a.country === 'IS')).toBe(true);
  });

  it('returns nothing for nothing typed, and at most the limit', () => {
    expect(searchAirports('  ')).toEqual([]);
    expect(searchAirports('A', 5)).toHaveLength(5);
  });
});
