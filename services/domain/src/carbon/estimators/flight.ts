import type { CarbonActivity } from '../activity-schema.ts';
import { LIMITS } from '../activity-schema.ts';
import { findAirport, greatCircleKm } from '../airports.ts';
import type { EmissionEstimate } from '../emission-estimate.ts';
import { FLIGHT_IDS } from '../factor-ids.ts';
import type { FactorSet, Haul } from '../factor-sets.ts';
import { haulBetween, haulByDistance } from '../flight-haul.ts';
import { distanceKm } from '../../units/conversions.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { checkQuantity } from './checks.ts';
import { estimateFromRow } from './from-row.ts';

type Flight = Extract<CarbonActivity, { type: 'flight' }>;
type Cabin = NonNullable<Flight['cabin']>;

/**
 * Cabins DESNZ does not publish for a haul fall back to the nearest published
 * one, and the estimate says so: domestic has only "average passenger";
 * short-haul has no premium economy (→ economy) and no first (→ business).
 */
function publishedCabin(haul: Haul, cabin: Cabin): { cabin: Cabin; note?: string } {
  if (haul === 'domestic' && cabin !== 'average') {
    return {
      cabin: 'average',
      note: 'DESNZ publishes only an average-passenger factor for domestic flights',
    };
  }
  if (haul === 'short' && cabin === 'premium_economy') {
    return {
      cabin: 'economy',
      note: 'DESNZ publishes no short-haul premium economy factor; economy used',
    };
  }
  if (haul === 'short' && cabin === 'first') {
    return {
      cabin: 'business',
      note: 'DESNZ publishes no short-haul first class factor; business used',
    };
  }
  return { cabin };
}

/**
 * Great-circle km × DESNZ per-passenger-km factor. The DESNZ air factors
 * already include the 8% uplift for indirect routing ("All the factors include
 * the distance uplift of 8%", Business travel- air FAQ), so no uplift is added
 * here. Radiative forcing defaults to on, as DESNZ advises.
 */
export function estimateFlight(
  a: Flight,
  set: FactorSet,
  radiativeForcing: boolean,
): EmissionEstimate {
  let km: number;
  let haul: Haul | undefined = a.haul;
  let routeNote: string | undefined;
  if (a.from !== undefined && a.to !== undefined) {
    const from = findAirport(a.from, 'from');
    const to = findAirport(a.to, 'to');
    if (from.iata === to.iata) throw new DomainError('invalid_input', 'to must differ from from');
    km = greatCircleKm(from, to);
    haul ??= haulBetween(from, to, km, set);
  } else if (a.distance !== undefined) {
    checkQuantity('distance.value', a.distance.value, LIMITS.flightKm);
    km = distanceKm(a.distance);
    if (haul === undefined) {
      haul = haulByDistance(km);
      routeNote = `route unknown: treated as a ${haul}-haul flight to/from the UK by distance`;
    }
  } else {
    throw new DomainError('invalid_input', 'flight needs both from and to airports, or a distance');
  }
  const byCabin: Partial<Record<Cabin, readonly [string, string]>> = FLIGHT_IDS[haul];
  if (!byCabin)
    throw new DomainError('invalid_input', 'haul must be domestic, short, long or international');
  const chosen = publishedCabin(haul, a.cabin ?? 'average');
  const ids = byCabin[chosen.cabin];
  if (!ids)
    throw new DomainError(
      'invalid_input',
      'cabin must be economy, premium_economy, business, first or average',
    );
  const id = radiativeForcing ? ids[0] : ids[1];
  const estimate = estimateFromRow(set, id, km, `a ${haul}-haul ${chosen.cabin} flight`);
  const note = [routeNote, chosen.note].filter(Boolean).join('; ');
  if (note) estimate.note = note;
  return estimate;
}
