import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateEmissions, KM_PER_MILE, type CarbonActivity } from '../src/index.ts';

const editions = fc.constantFrom('desnz-2024', 'desnz-2025', 'desnz-2026');
const km = fc.double({ min: 0.1, max: 10_000, noNaN: true });
const positive = fc.double({ min: 0.01, max: 100, noNaN: true });

/** Activities whose quantity is `q`, covering every distance- and energy-based kind. */
const activityOf = fc.constantFrom<(q: number) => CarbonActivity>(
  (q) => ({ type: 'electricity', kwh: q }),
  (q) => ({ type: 'electricity', kwh: q, country: 'DE' }),
  (q) => ({ type: 'natural_gas', kwh: q }),
  (q) => ({ type: 'natural_gas', therms: q }),
  (q) => ({ type: 'heating_oil', usGallons: q }),
  (q) => ({ type: 'lpg', litres: q }),
  (q) => ({ type: 'district_heat', kwh: q }),
  (q) => ({ type: 'car', fuel: 'diesel', size: 'small', distance: { value: q, unit: 'mi' } }),
  (q) => ({ type: 'motorbike', distance: { value: q, unit: 'km' } }),
  (q) => ({ type: 'bus', kind: 'coach', distance: { value: q, unit: 'km' } }),
  (q) => ({ type: 'rail', kind: 'underground', distance: { value: q, unit: 'mi' } }),
  (q) => ({ type: 'ferry', kind: 'car', distance: { value: q, unit: 'km' } }),
  (q) => ({
    type: 'flight',
    haul: 'international',
    cabin: 'first',
    distance: { value: q, unit: 'km' },
  }),
  (q) => ({ type: 'hotel', nights: Math.min(q, 1000), country: 'JP' }),
);

describe('carbon invariants', () => {
  it('estimates scale linearly with quantity', () => {
    fc.assert(
      fc.property(
        activityOf,
        km,
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        editions,
        (make, q, k, factorSet) => {
          const base = make(Math.min(q, 100));
          const scaled = make(Math.min(q, 100) * k);
          const a = estimateEmissions(base, { factorSet }).kgCO2e;
          const b = estimateEmissions(scaled, { factorSet }).kgCO2e;
          expect(b).toBeCloseTo(a * k, 6);
        },
      ),
    );
  });

  it('kgCO2e is always quantity × factor', () => {
    fc.assert(
      fc.property(activityOf, km, editions, (make, q, factorSet) => {
        const e = estimateEmissions(make(q), { factorSet });
        expect(e.kgCO2e).toBeCloseTo(e.quantity.value * e.factor.kgCO2ePerUnit, 9);
      }),
    );
  });

  it('a distance in km and the same distance in miles agree', () => {
    const kinds = fc.constantFrom<(d: { value: number; unit: 'km' | 'mi' }) => CarbonActivity>(
      (d) => ({ type: 'car', fuel: 'petrol', distance: d }),
      (d) => ({ type: 'taxi', distance: d }),
      (d) => ({ type: 'rail', kind: 'national', distance: d }),
      (d) => ({ type: 'flight', haul: 'long', cabin: 'economy', distance: d }),
    );
    fc.assert(
      fc.property(kinds, km, editions, (make, miles, factorSet) => {
        const inMiles = estimateEmissions(make({ value: miles, unit: 'mi' }), { factorSet }).kgCO2e;
        const inKm = estimateEmissions(make({ value: miles * KM_PER_MILE, unit: 'km' }), {
          factorSet,
        }).kgCO2e;
        expect(inMiles).toBeCloseTo(inKm, 9);
      }),
    );
  });

  it('more passengers never increase per-person car emissions', () => {
    const fuels = fc.constantFrom(
      'petrol',
      'diesel',
      'hybrid',
      'plugin_hybrid',
      'bev',
      'unknown',
    ) as fc.Arbitrary<'petrol' | 'diesel' | 'hybrid' | 'plugin_hybrid' | 'bev' | 'unknown'>;
    const sizes = fc.constantFrom('small', 'medium', 'large', 'average') as fc.Arbitrary<
      'small' | 'medium' | 'large' | 'average'
    >;
    fc.assert(
      fc.property(
        fuels,
        sizes,
        km,
        fc.integer({ min: 1, max: 8 }),
        editions,
        (fuel, size, d, n, factorSet) => {
          const car = (passengers: number): number =>
            estimateEmissions(
              { type: 'car', fuel, size, passengers, distance: { value: d, unit: 'km' } },
              { factorSet },
            ).kgCO2e;
          expect(car(n + 1)).toBeLessThanOrEqual(car(n));
        },
      ),
    );
  });

  it('a flight from A to B emits the same as from B to A', () => {
    const airports = fc.constantFrom(
      'LHR',
      'EDI',
      'MAN',
      'CDG',
      'JFK',
      'SYD',
      'NRT',
      'DXB',
      'GIG',
      'JNB',
    );
    fc.assert(
      fc.property(airports, airports, (from, to) => {
        fc.pre(from !== to);
        const there = estimateEmissions({ type: 'flight', from, to });
        const back = estimateEmissions({ type: 'flight', from: to, to: from });
        expect(back.factor.id).toBe(there.factor.id);
        expect(back.kgCO2e).toBeCloseTo(there.kgCO2e, 9);
      }),
    );
  });

  it('a positive factor gives positive emissions for a positive quantity', () => {
    fc.assert(
      fc.property(positive, (q) => {
        expect(estimateEmissions({ type: 'electricity', kwh: q }).kgCO2e).toBeGreaterThan(0);
      }),
    );
  });
});
