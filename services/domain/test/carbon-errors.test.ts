import { describe, expect, it } from 'vitest';
import {
  DomainError,
  estimateEmissions,
  factorSets,
  ZCarbonActivity,
  type CarbonActivity,
} from '../src/index.ts';

function issues(input: unknown): Array<[string, string]> {
  const result = ZCarbonActivity.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((i) => [i.path.join('.'), i.message]);
}

describe('ZCarbonActivity rejects impossible input and names the field', () => {
  it.each([
    [
      { type: 'car', fuel: 'petrol', distance: { value: -5, unit: 'km' } },
      'distance.value',
      /not be negative/,
    ],
    [{ type: 'electricity', kwh: 1e9 }, 'kwh', /at most/],
    [{ type: 'electricity', kwh: Number.NaN }, 'kwh', /number/],
    [{ type: 'flight', from: 'LHR', to: 'QQQ' }, 'to', /unknown airport code 'QQQ'/],
    [{ type: 'flight', from: 'LHR', to: 'LHR' }, 'to', /differ/],
    [{ type: 'flight', cabin: 'economy' }, 'from', /airports, or a distance/],
    [{ type: 'natural_gas', kwh: 10, m3: 1 }, 'm3', /exactly one/],
    [{ type: 'heating_oil' }, 'litres', /exactly one/],
    [{ type: 'car', fuel: 'coal', distance: { value: 5, unit: 'km' } }, 'fuel', /fuel must be/],
    [
      { type: 'car', fuel: 'bev', passengers: 0, distance: { value: 5, unit: 'km' } },
      'passengers',
      /at least 1/,
    ],
    [
      { type: 'rail', kind: 'national', distance: { value: 5, unit: 'furlong' } },
      'distance.unit',
      /'km' or 'mi'/,
    ],
    [{ type: 'hotel', nights: 2, country: 'France' }, 'country', /ISO 3166/],
    [{ type: 'spaceship' }, 'type', /type must be one of/],
  ])('%j → %s', (input, path, message) => {
    const found = issues(input);
    expect(found.length).toBeGreaterThan(0);
    expect(found.find(([p]) => p === path)?.[1]).toMatch(message);
  });

  it('accepts a valid activity unchanged', () => {
    const activity = { type: 'bus', kind: 'local', distance: { value: 3, unit: 'mi' } };
    expect(ZCarbonActivity.parse(activity)).toEqual(activity);
  });
});

describe('estimateEmissions refuses, never returns a silent zero', () => {
  const cases: Array<[string, CarbonActivity, string]> = [
    ['negative kWh', { type: 'electricity', kwh: -1 }, 'invalid_input'],
    ['10⁹ kWh', { type: 'electricity', kwh: 1e9 }, 'invalid_input'],
    ['NaN km', { type: 'taxi', distance: { value: Number.NaN, unit: 'km' } }, 'invalid_input'],
    ['unknown airport', { type: 'flight', from: 'ZZZ', to: 'LHR' }, 'unknown_airport'],
    ['unknown country grid', { type: 'electricity', kwh: 10, country: 'QQ' }, 'unknown_country'],
    [
      'hotel country without a DESNZ value',
      { type: 'hotel', nights: 1, country: 'FI' },
      'no_factor',
    ],
    ['two gas quantities', { type: 'natural_gas', kwh: 1, m3: 1 }, 'invalid_input'],
  ];
  it.each(cases)('%s', (_name, activity, code) => {
    expect(() => estimateEmissions(activity)).toThrow(DomainError);
    try {
      estimateEmissions(activity);
    } catch (error) {
      expect((error as DomainError).code).toBe(code);
    }
  });

  it('an unknown factor set lists the ones that exist', () => {
    expect(() =>
      estimateEmissions({ type: 'electricity', kwh: 1 }, { factorSet: 'desnz-1999' }),
    ).toThrow(/desnz-2026, desnz-2025, desnz-2024/);
  });
});

describe('factorSets', () => {
  it('lists 2026, 2025 and 2024 newest first, the newest as default', () => {
    const sets = factorSets();
    expect(sets.map((s) => s.id)).toEqual(['desnz-2026', 'desnz-2025', 'desnz-2024']);
    expect(sets.filter((s) => s.isDefault).map((s) => s.id)).toEqual(['desnz-2026']);
    expect(sets.every((s) => s.licence === 'Open Government Licence v3.0')).toBe(true);
  });
});
