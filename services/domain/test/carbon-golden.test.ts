// Golden cases: every expected number below was worked out by hand from the
// row named in the comment (DESNZ flat-file ID, edition) and the conversion
// stated; none is produced by the code under test.
import { describe, expect, it } from 'vitest';
import {
  estimateEmissions,
  totalKgCO2e,
  type CarbonActivity,
  type EstimateOptions,
} from '../src/index.ts';

function kg(activity: CarbonActivity, options?: EstimateOptions): number {
  return estimateEmissions(activity, options).kgCO2e;
}

const y2024 = { factorSet: 'desnz-2024' };
const y2025 = { factorSet: 'desnz-2025' };
const y2026 = { factorSet: 'desnz-2026' };

describe('electricity', () => {
  it('GB 2025: generation is Scope 2, T&D losses a Scope 3 line', () => {
    const e = estimateEmissions({ type: 'electricity', kwh: 1234, country: 'GB' }, y2025);
    // 7_400_4000_5_1 2025: 0.17700 kg/kWh × 1234 kWh = 218.418
    expect(e.kgCO2e).toBeCloseTo(218.418, 9);
    expect(e.scope).toBe(2);
    expect(e.factor).toEqual({
      id: '7_400_4000_5_1',
      source: 'DESNZ',
      edition: '2025',
      unit: 'kWh',
      kgCO2ePerUnit: 0.177,
    });
    // 13_402_4000_5_1 2025: 0.01853 × 1234 = 22.86602
    expect(e.additional).toHaveLength(1);
    expect(e.additional[0]!.scope).toBe(3);
    expect(e.additional[0]!.kgCO2e).toBeCloseTo(22.86602, 9);
    expect(totalKgCO2e(e)).toBeCloseTo(241.28402, 9);
  });

  it('GB 2024 and 2026 editions give their own figures (recalculation across editions)', () => {
    // 7_400_4000_5_1 2024: 0.20705 × 1000 = 207.05; 2026: 0.13096 × 1000 = 130.96
    expect(kg({ type: 'electricity', kwh: 1000 }, y2024)).toBeCloseTo(207.05, 9);
    expect(kg({ type: 'electricity', kwh: 1000 }, y2026)).toBeCloseTo(130.96, 9);
    // 13_402_4000_5_1 2026: 0.01299 × 500 = 6.495
    expect(
      estimateEmissions({ type: 'electricity', kwh: 500 }, y2026).additional[0]!.kgCO2e,
    ).toBeCloseTo(6.495, 9);
  });

  it('defaults to the newest edition (2026) and to GB', () => {
    const e = estimateEmissions({ type: 'electricity', kwh: 100 });
    expect(e.factor.edition).toBe('2026');
    // 0.13096 × 100 = 13.096
    expect(e.kgCO2e).toBeCloseTo(13.096, 9);
  });

  it('France uses the OWID/Ember grid intensity', () => {
    const e = estimateEmissions({ type: 'electricity', kwh: 250, country: 'FR' });
    // OWID FRA 2025: 41.44 g/kWh → 0.04144 kg/kWh × 250 = 10.36
    expect(e.kgCO2e).toBeCloseTo(10.36, 9);
    expect(e.factor.source).toBe('OWID');
    expect(e.factor.id).toBe('owid:FR:2025');
    expect(e.additional).toEqual([]);
  });

  it('the US uses EPA eGRID2023', () => {
    // US average: (771.523 + 28 × 0.057 + 265 × 0.008) lb/MWh = 775.239 lb/MWh
    // × 0.45359237 kg/lb ÷ 1000 = 0.35164249533 kg/kWh × 1000 kWh = 351.64249533
    const e = estimateEmissions({ type: 'electricity', kwh: 1000, country: 'US' });
    expect(e.kgCO2e).toBeCloseTo(351.64249533, 6);
    expect(e.factor.source).toBe('EPA');
  });
});

describe('heating fuels', () => {
  it('natural gas in kWh (gross CV)', () => {
    // 1_100_1004_6_1 2025: 0.18296 × 1234 = 225.77264
    expect(kg({ type: 'natural_gas', kwh: 1234 }, y2025)).toBeCloseTo(225.77264, 9);
  });

  it('natural gas in cubic metres uses the m³ row', () => {
    // 1_100_1004_1_1 2025: 2.06672 kg/m³ × 100 = 206.672
    const e = estimateEmissions({ type: 'natural_gas', m3: 100 }, y2025);
    expect(e.kgCO2e).toBeCloseTo(206.672, 9);
    expect(e.factor.unit).toBe('cubic metres');
  });

  it('natural gas in MJ: 3600 MJ = 1000 kWh', () => {
    // 1_100_1004_6_1 2025: 0.18296 × 1000 = 182.96
    expect(kg({ type: 'natural_gas', mj: 3600 }, y2025)).toBeCloseTo(182.96, 9);
  });

  it('natural gas in therms (DESNZ Conversions: 1 therm = 0.10550559 GJ)', () => {
    // 10 therms × 105.50559 MJ ÷ 3.6 = 293.07108333 kWh × 0.18296 = 53.620285407
    expect(kg({ type: 'natural_gas', therms: 10 }, y2025)).toBeCloseTo(53.620285407, 8);
  });

  it('heating oil (burning oil) in litres', () => {
    // 1_101_1010_8_1 2025: 2.54016 × 500 = 1270.08
    expect(kg({ type: 'heating_oil', litres: 500 }, y2025)).toBeCloseTo(1270.08, 9);
  });

  it('heating oil in UK gallons', () => {
    // 100 UK gal × 4.54609 L = 454.609 L × 2.54016 = 1154.77959744
    expect(kg({ type: 'heating_oil', ukGallons: 100 }, y2025)).toBeCloseTo(1154.77959744, 8);
  });

  it('LPG in litres and in US gallons', () => {
    // 1_100_1003_8_1 2025: 1.55713 × 200 = 311.426
    expect(kg({ type: 'lpg', litres: 200 }, y2025)).toBeCloseTo(311.426, 9);
    // 100 US gal × 3.785411784 L = 378.5411784 L × 1.55713 = 589.437825122
    expect(kg({ type: 'lpg', usGallons: 100 }, y2025)).toBeCloseTo(589.437825122, 8);
  });

  it('district heat with its distribution losses as a Scope 3 line', () => {
    const e = estimateEmissions({ type: 'district_heat', kwh: 1000 }, y2025);
    // 10_401_4003_5_1 2025: 0.17529 × 1000 = 175.29 (Scope 2)
    expect(e.kgCO2e).toBeCloseTo(175.29, 9);
    expect(e.scope).toBe(2);
    // 13_403_4004_5_1 2025: 0.00945 × 1000 = 9.45 (Scope 3)
    expect(e.additional[0]).toMatchObject({ scope: 3, label: 'district_heat_distribution_losses' });
    expect(e.additional[0]!.kgCO2e).toBeCloseTo(9.45, 9);
  });
});

describe('road, rail and sea', () => {
  it('average petrol car in km', () => {
    // 25_301_3070_4_1 2025: 0.16272 × 100 = 16.272
    expect(
      kg({ type: 'car', distance: { value: 100, unit: 'km' }, fuel: 'petrol' }, y2025),
    ).toBeCloseTo(16.272, 9);
  });

  it('large diesel car in miles', () => {
    // 100 mi × 1.609344 = 160.9344 km; 25_301_3061_4_1 2025: 0.21007 × 160.9344 = 33.807489408
    const activity: CarbonActivity = {
      type: 'car',
      distance: { value: 100, unit: 'mi' },
      fuel: 'diesel',
      size: 'large',
    };
    expect(kg(activity, y2025)).toBeCloseTo(33.807489408, 9);
  });

  it('small battery EV (business-travel row already includes T&D)', () => {
    // 25_301_3052_4_1 2025: 0.03688 × 50 = 1.844
    expect(
      kg({ type: 'car', distance: { value: 50, unit: 'km' }, fuel: 'bev', size: 'small' }, y2025),
    ).toBeCloseTo(1.844, 9);
  });

  it('medium hybrid shared by two people, 2024 edition', () => {
    // 25_301_3055_4_1 2024: 0.1149 × 120 km ÷ 2 people = 6.894
    const e = estimateEmissions(
      {
        type: 'car',
        distance: { value: 120, unit: 'km' },
        fuel: 'hybrid',
        size: 'medium',
        passengers: 2,
      },
      y2024,
    );
    expect(e.kgCO2e).toBeCloseTo(6.894, 9);
    expect(e.quantity).toEqual({ value: 60, unit: 'km' });
  });

  it('average plug-in hybrid, 2026 edition', () => {
    // 25_301_3075_4_1 2026: 0.09918 × 30 = 2.9754
    expect(
      kg({ type: 'car', distance: { value: 30, unit: 'km' }, fuel: 'plugin_hybrid' }, y2026),
    ).toBeCloseTo(2.9754, 9);
  });

  it('motorbike and taxi', () => {
    // 25_302_3080_4_1 2025: 0.11367 × 80 = 9.0936
    expect(kg({ type: 'motorbike', distance: { value: 80, unit: 'km' } }, y2025)).toBeCloseTo(
      9.0936,
      9,
    );
    // 25_313_3141_11_1 2025: 0.14861 × 12 = 1.78332
    expect(kg({ type: 'taxi', distance: { value: 12, unit: 'km' } }, y2025)).toBeCloseTo(
      1.78332,
      9,
    );
  });

  it('local bus and coach', () => {
    // 25_314_3145_11_1 2025: 0.10385 × 10 = 1.0385; 25_314_3146_11_1: 0.02776 × 300 = 8.328
    expect(
      kg({ type: 'bus', kind: 'local', distance: { value: 10, unit: 'km' } }, y2025),
    ).toBeCloseTo(1.0385, 9);
    expect(
      kg({ type: 'bus', kind: 'coach', distance: { value: 300, unit: 'km' } }, y2025),
    ).toBeCloseTo(8.328, 9);
  });

  it('the four kinds of rail', () => {
    const d = { value: 100, unit: 'km' } as const;
    // 25_315_3147_11_1 0.03546, 3148 0.00446, 3149 0.02860, 3150 0.02780 (2025) × 100 km
    expect(kg({ type: 'rail', kind: 'national', distance: d }, y2025)).toBeCloseTo(3.546, 9);
    expect(kg({ type: 'rail', kind: 'international', distance: d }, y2025)).toBeCloseTo(0.446, 9);
    expect(kg({ type: 'rail', kind: 'light_rail', distance: d }, y2025)).toBeCloseTo(2.86, 9);
    expect(kg({ type: 'rail', kind: 'underground', distance: d }, y2025)).toBeCloseTo(2.78, 9);
    // 25_315_3147_11_1 2026: 0.03092 × 100 = 3.092
    expect(kg({ type: 'rail', kind: 'national', distance: d }, y2026)).toBeCloseTo(3.092, 9);
  });

  it('ferry foot and car passengers', () => {
    // 23_318_3188_11_1 2025: 0.01871 × 40 = 0.7484; 23_318_3189_11_1: 0.12933 × 40 = 5.1732
    expect(
      kg({ type: 'ferry', kind: 'foot', distance: { value: 40, unit: 'km' } }, y2025),
    ).toBeCloseTo(0.7484, 9);
    expect(
      kg({ type: 'ferry', kind: 'car', distance: { value: 40, unit: 'km' } }, y2025),
    ).toBeCloseTo(5.1732, 9);
  });
});

describe('flights', () => {
  it('by distance with a stated haul, with and without radiative forcing', () => {
    const flight: CarbonActivity = {
      type: 'flight',
      distance: { value: 5000, unit: 'km' },
      haul: 'long',
      cabin: 'economy',
    };
    // 21_316_3170_11_1 2025 (with RF): 0.11704 × 5000 = 585.2
    expect(kg(flight, y2025)).toBeCloseTo(585.2, 9);
    // 21_316_3171_11_1 2025 (without RF): 0.06926 × 5000 = 346.3
    expect(kg(flight, { ...y2025, radiativeForcing: false })).toBeCloseTo(346.3, 9);
    // 21_316_3170_11_1 2024: 0.20011 × 5000 = 1000.55
    expect(kg(flight, y2024)).toBeCloseTo(1000.55, 9);
  });

  it('LHR→EDI is domestic: haversine km × average-passenger factor', () => {
    // LHR (51.4706, -0.4619), EDI (55.95, -3.3725), R = 6371 km → 533.53118845 km
    // 21_316_3160_11_1 2025: 0.22928 × 533.53118845 = 122.328030888
    const e = estimateEmissions(
      { type: 'flight', from: 'LHR', to: 'EDI', cabin: 'economy' },
      y2025,
    );
    expect(e.quantity.value).toBeCloseTo(533.53118845, 6);
    expect(e.kgCO2e).toBeCloseTo(122.328030888, 6);
    expect(e.factor.id).toBe('21_316_3160_11_1');
    expect(e.note).toMatch(/average-passenger/);
  });

  it('LHR→CDG is short-haul by the Haul definition sheet (France: Short Haul)', () => {
    // 347.16553340 km × 21_316_3165_11_1 2025 (economy, without RF) 0.07435 = 25.811757409
    const e = estimateEmissions(
      { type: 'flight', from: 'lhr', to: 'cdg', cabin: 'economy' },
      { ...y2025, radiativeForcing: false },
    );
    expect(e.kgCO2e).toBeCloseTo(25.811757409, 6);
    expect(e.factor.id).toBe('21_316_3165_11_1');
  });

  it('CDG→JFK touches no UK airport, so it is international', () => {
    // 5833.62957335 km × 21_316_3180_11_1 2025 (economy, with RF) 0.10916 = 636.799004227
    const e = estimateEmissions(
      { type: 'flight', from: 'CDG', to: 'JFK', cabin: 'economy' },
      y2025,
    );
    expect(e.kgCO2e).toBeCloseTo(636.799004227, 5);
    expect(e.factor.id).toBe('21_316_3180_11_1');
  });

  it('LHR→JFK is long-haul business class', () => {
    const e = estimateEmissions(
      { type: 'flight', from: 'LHR', to: 'JFK', cabin: 'business' },
      y2025,
    );
    expect(e.factor.id).toBe('21_316_3174_11_1');
    // Published great-circle distance LHR–JFK is about 5,540-5,555 km.
    expect(e.quantity.value).toBeGreaterThan(5500);
    expect(e.quantity.value).toBeLessThan(5580);
  });

  it('distance only, no haul: the 3,700 km boundary decides, and the estimate says so', () => {
    // 21_316_3162_11_1 2025: 0.12786 × 1000 = 127.86 (short-haul average, RF)
    const e = estimateEmissions({ type: 'flight', distance: { value: 1000, unit: 'km' } }, y2025);
    expect(e.kgCO2e).toBeCloseTo(127.86, 9);
    expect(e.note).toMatch(/by distance/);
    // 21_316_3168_11_1 2025: 0.15282 × 4000 = 611.28 (long-haul average, RF)
    expect(kg({ type: 'flight', distance: { value: 4000, unit: 'km' } }, y2025)).toBeCloseTo(
      611.28,
      9,
    );
  });
});

describe('hotel stays', () => {
  it('per room night by country, London separately', () => {
    // 29_600_4000_13_1 2025: 10.4 × 3 = 31.2; 29_600_4001_13_1 (UK London): 11.5 × 2 = 23
    expect(kg({ type: 'hotel', nights: 3 }, y2025)).toBeCloseTo(31.2, 9);
    expect(kg({ type: 'hotel', nights: 2, country: 'GB-LND' }, y2025)).toBeCloseTo(23, 9);
    // 29_600_4053_13_1 (United States) 2025: 16.1 × 4 = 64.4
    expect(kg({ type: 'hotel', nights: 4, country: 'US' }, y2025)).toBeCloseTo(64.4, 9);
  });
});
