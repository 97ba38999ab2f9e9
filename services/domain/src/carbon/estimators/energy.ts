import type { CarbonActivity } from '../activity-schema.ts';
import { LIMITS } from '../activity-schema.ts';
import type { EmissionEstimate } from '../emission-estimate.ts';
import { ELECTRICITY_IDS, FUEL_IDS, HEAT_IDS } from '../factor-ids.ts';
import type { FactorSet } from '../factor-sets.ts';
import { egridFactor, owidGridFactor } from '../grid-intensity.ts';
import {
  KWH_PER_THERM,
  LITRES_PER_UK_GALLON,
  LITRES_PER_US_GALLON,
  MJ_PER_KWH,
} from '../../units/conversions.ts';
import { checkQuantity, onlyOne } from './checks.ts';
import { estimateFromRow, lineFromRow } from './from-row.ts';

type Of<T extends CarbonActivity['type']> = Extract<CarbonActivity, { type: T }>;

/**
 * GB: DESNZ "electricity generated" (Scope 2) plus its T&D losses as an
 * additional Scope 3 line, as the DESNZ guidance advises. US: EPA eGRID2023.
 * Elsewhere: OWID/Ember grid intensity of the country.
 */
export function estimateElectricity(a: Of<'electricity'>, set: FactorSet): EmissionEstimate {
  const kwh = checkQuantity('kwh', a.kwh, LIMITS.kwh);
  const country = a.country === undefined ? 'GB' : a.country.toUpperCase();
  if (country === 'GB' || country === 'UK') {
    const td = lineFromRow(
      set,
      ELECTRICITY_IDS.transmissionDistribution,
      kwh,
      'transmission_distribution_losses',
    );
    return estimateFromRow(set, ELECTRICITY_IDS.generation, kwh, 'UK electricity', [td]);
  }
  const factor =
    country === 'US' ? egridFactor(a.region?.toUpperCase() ?? 'US') : owidGridFactor(country);
  return {
    kgCO2e: kwh * factor.kgCO2ePerUnit,
    scope: 2,
    factor,
    quantity: { value: kwh, unit: 'kWh' },
    additional: [],
  };
}

const GAS_KEYS = ['kwh', 'm3', 'mj', 'therms'] as const;

/** kWh, MJ and therms are taken as gross calorific value, as UK gas bills state them. */
export function estimateNaturalGas(a: Of<'natural_gas'>, set: FactorSet): EmissionEstimate {
  const key = onlyOne(a, GAS_KEYS, 'natural_gas');
  if (key === 'm3') {
    return estimateFromRow(
      set,
      FUEL_IDS.naturalGasM3,
      checkQuantity('m3', a.m3!, LIMITS.m3),
      'natural gas',
    );
  }
  const kwh =
    key === 'kwh'
      ? checkQuantity('kwh', a.kwh!, LIMITS.kwh)
      : key === 'mj'
        ? checkQuantity('mj', a.mj!, LIMITS.mj) / MJ_PER_KWH
        : checkQuantity('therms', a.therms!, LIMITS.therms) * KWH_PER_THERM;
  return estimateFromRow(set, FUEL_IDS.naturalGasKwhGross, kwh, 'natural gas');
}

const LIQUID_KEYS = ['litres', 'ukGallons', 'usGallons'] as const;

function litresOf(a: Of<'heating_oil'> | Of<'lpg'>): number {
  const key = onlyOne(a, LIQUID_KEYS, a.type);
  if (key === 'litres') return checkQuantity('litres', a.litres!, LIMITS.litres);
  if (key === 'ukGallons')
    return checkQuantity('ukGallons', a.ukGallons!, LIMITS.gallons) * LITRES_PER_UK_GALLON;
  return checkQuantity('usGallons', a.usGallons!, LIMITS.gallons) * LITRES_PER_US_GALLON;
}

/** Heating oil is DESNZ "Burning oil" (kerosene), the usual UK domestic heating oil. */
export function estimateHeatingOil(a: Of<'heating_oil'>, set: FactorSet): EmissionEstimate {
  return estimateFromRow(set, FUEL_IDS.burningOilLitres, litresOf(a), 'burning oil');
}

export function estimateLpg(a: Of<'lpg'>, set: FactorSet): EmissionEstimate {
  return estimateFromRow(set, FUEL_IDS.lpgLitres, litresOf(a), 'LPG');
}

/** District heat (Scope 2) plus its distribution losses as an additional Scope 3 line. */
export function estimateDistrictHeat(a: Of<'district_heat'>, set: FactorSet): EmissionEstimate {
  const kwh = checkQuantity('kwh', a.kwh, LIMITS.kwh);
  const losses = lineFromRow(
    set,
    HEAT_IDS.districtHeatDistribution,
    kwh,
    'district_heat_distribution_losses',
  );
  return estimateFromRow(set, HEAT_IDS.districtHeat, kwh, 'district heat and steam', [losses]);
}
