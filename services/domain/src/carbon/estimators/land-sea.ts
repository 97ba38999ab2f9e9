import type { CarbonActivity } from '../activity-schema.ts';
import { LIMITS } from '../activity-schema.ts';
import type { EmissionEstimate } from '../emission-estimate.ts';
import { CAR_IDS, FERRY_IDS, LAND_IDS } from '../factor-ids.ts';
import type { FactorSet } from '../factor-sets.ts';
import { distanceKm, type Distance } from '../../units/conversions.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { checkQuantity } from './checks.ts';
import { estimateFromRow } from './from-row.ts';

type Of<T extends CarbonActivity['type']> = Extract<CarbonActivity, { type: T }>;

/** Miles become km (1 mi = 1.609344 km) so both units use the same DESNZ per-km row. */
function km(distance: Distance): number {
  if (distance.unit !== 'km' && distance.unit !== 'mi') {
    throw new DomainError(
      'invalid_input',
      `distance.unit must be 'km' or 'mi', got ${String(distance.unit)}`,
    );
  }
  checkQuantity('distance.value', distance.value, LIMITS.km);
  return distanceKm(distance);
}

/**
 * DESNZ car factors are per vehicle km; `passengers` (the member included)
 * share them, so the member's quantity is vehicle km ÷ passengers.
 */
export function estimateCar(a: Of<'car'>, set: FactorSet): EmissionEstimate {
  const passengers = a.passengers ?? 1;
  if (!Number.isInteger(passengers) || passengers < 1 || passengers > LIMITS.passengers) {
    throw new DomainError(
      'invalid_input',
      `passengers must be a whole number from 1 to ${LIMITS.passengers}`,
    );
  }
  const id = CAR_IDS[a.size ?? 'average']?.[a.fuel];
  if (!id)
    throw new DomainError('invalid_input', `no car factor for size ${a.size} and fuel ${a.fuel}`);
  const estimate = estimateFromRow(
    set,
    id,
    km(a.distance) / passengers,
    `${a.size ?? 'average'} ${a.fuel} car`,
  );
  if (passengers > 1) estimate.note = `vehicle km shared by ${passengers} people`;
  return estimate;
}

export function estimateMotorbike(a: Of<'motorbike'>, set: FactorSet): EmissionEstimate {
  return estimateFromRow(set, LAND_IDS.motorbike, km(a.distance), 'motorbike');
}

/** Regular taxi per passenger km (DESNZ assumes the average taxi occupancy). */
export function estimateTaxi(a: Of<'taxi'>, set: FactorSet): EmissionEstimate {
  return estimateFromRow(set, LAND_IDS.taxi, km(a.distance), 'taxi');
}

export function estimateBus(a: Of<'bus'>, set: FactorSet): EmissionEstimate {
  const id =
    a.kind === 'coach' ? LAND_IDS.busCoach : a.kind === 'local' ? LAND_IDS.busLocal : undefined;
  if (!id) throw new DomainError('invalid_input', "kind must be 'local' or 'coach'");
  return estimateFromRow(set, id, km(a.distance), `${a.kind} bus`);
}

const RAIL = {
  national: LAND_IDS.railNational,
  international: LAND_IDS.railInternational,
  light_rail: LAND_IDS.railLight,
  underground: LAND_IDS.railUnderground,
} as const;

export function estimateRail(a: Of<'rail'>, set: FactorSet): EmissionEstimate {
  const id = RAIL[a.kind];
  if (!id)
    throw new DomainError(
      'invalid_input',
      'kind must be national, international, light_rail or underground',
    );
  return estimateFromRow(set, id, km(a.distance), `${a.kind} rail`);
}

export function estimateFerry(a: Of<'ferry'>, set: FactorSet): EmissionEstimate {
  const id = FERRY_IDS[a.kind];
  if (!id) throw new DomainError('invalid_input', "kind must be 'foot' or 'car'");
  return estimateFromRow(set, id, km(a.distance), `ferry ${a.kind} passenger`);
}
