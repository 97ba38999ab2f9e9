import { z } from 'zod';
import egridData from '../data/epa-egrid-2023.json' with { type: 'json' };
import gridData from '../data/grid-intensity.json' with { type: 'json' };
import { DomainError } from '../errors/domain-error.ts';
import type { FactorRef } from './emission-estimate.ts';

const ZGridFile = z.object({
  rows: z.array(
    z.object({
      code: z.string().regex(/^[A-Z]{2}$/),
      name: z.string(),
      year: z.number().int().min(1990).max(2100),
      gCO2ePerKwh: z.number().nonnegative().max(2000),
    }),
  ),
});

const ZEgridFile = z.object({
  rows: z.array(
    z.object({
      region: z.string().regex(/^[A-Z]{2,4}$/),
      name: z.string(),
      co2: z.number().nonnegative(),
      ch4: z.number().nonnegative(),
      n2o: z.number().nonnegative(),
    }),
  ),
});

const KG_PER_LB = 0.45359237;
/** IPCC AR5 GWP100, as used by the EPA Hub and by DESNZ. */
const GWP_CH4 = 28;
const GWP_N2O = 265;

let owid: Map<string, FactorRef> | undefined;
let egrid: Map<string, FactorRef> | undefined;

function parseOrThrow<T>(schema: z.ZodType<T>, raw: unknown, what: string): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw new DomainError('invalid_data', `${what}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** OWID/Ember grid intensity (latest year per country), as kg CO2e per kWh. */
export function owidGridFactor(country: string): FactorRef {
  if (!owid) {
    owid = new Map();
    for (const row of parseOrThrow(ZGridFile, gridData, 'grid intensity data').rows) {
      owid.set(
        row.code,
        Object.freeze({
          id: `owid:${row.code}:${row.year}`,
          source: 'OWID',
          edition: String(row.year),
          unit: 'kWh',
          kgCO2ePerUnit: row.gCO2ePerKwh / 1000,
        }),
      );
    }
  }
  const ref = owid.get(country);
  if (!ref)
    throw new DomainError('unknown_country', `country '${country}' has no grid intensity data`);
  return ref;
}

/**
 * EPA eGRID2023 total output rate for a subregion (or "US" for the national
 * average): (CO2 + 28·CH4 + 265·N2O) lb/MWh × 0.45359237 kg/lb ÷ 1000 kWh/MWh.
 */
export function egridFactor(region: string): FactorRef {
  if (!egrid) {
    egrid = new Map();
    for (const row of parseOrThrow(ZEgridFile, egridData, 'eGRID data').rows) {
      const lbPerMwh = row.co2 + GWP_CH4 * row.ch4 + GWP_N2O * row.n2o;
      egrid.set(
        row.region,
        Object.freeze({
          id: `egrid2023:${row.region}`,
          source: 'EPA',
          edition: 'eGRID2023 (Emission Factors Hub 2025)',
          unit: 'kWh',
          kgCO2ePerUnit: (lbPerMwh * KG_PER_LB) / 1000,
        }),
      );
    }
  }
  const ref = egrid.get(region);
  if (!ref) throw new DomainError('unknown_country', `'${region}' is not an eGRID2023 subregion`);
  return ref;
}
