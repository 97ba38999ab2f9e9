import { DomainError } from '../errors/domain-error.ts';
import type { CarbonActivity } from './activity-schema.ts';
import type { EmissionEstimate } from './emission-estimate.ts';
import { resolveFactorSet } from './factor-sets.ts';
import {
  estimateDistrictHeat,
  estimateElectricity,
  estimateHeatingOil,
  estimateLpg,
  estimateNaturalGas,
} from './estimators/energy.ts';
import { estimateFlight } from './estimators/flight.ts';
import { estimateHotel } from './estimators/hotel.ts';
import {
  estimateBus,
  estimateCar,
  estimateFerry,
  estimateMotorbike,
  estimateRail,
  estimateTaxi,
} from './estimators/land-sea.ts';

export type EstimateOptions = {
  /** A factor set id from factorSets() (e.g. "desnz-2025", or "2025"); default: the newest. */
  factorSet?: string;
  /** Flights only: use the DESNZ "with RF" factors. Default true, as DESNZ advises. */
  radiativeForcing?: boolean;
};

/**
 * kg CO2e of one activity, with the factor used. Pure and synchronous; throws
 * DomainError for impossible input (negative, too large, unknown airport or
 * country, a combination DESNZ publishes no factor for).
 */
export function estimateEmissions(
  activity: CarbonActivity,
  options?: EstimateOptions,
): EmissionEstimate {
  const set = resolveFactorSet(options?.factorSet);
  switch (activity.type) {
    case 'electricity':
      return estimateElectricity(activity, set);
    case 'natural_gas':
      return estimateNaturalGas(activity, set);
    case 'heating_oil':
      return estimateHeatingOil(activity, set);
    case 'lpg':
      return estimateLpg(activity, set);
    case 'district_heat':
      return estimateDistrictHeat(activity, set);
    case 'car':
      return estimateCar(activity, set);
    case 'motorbike':
      return estimateMotorbike(activity, set);
    case 'taxi':
      return estimateTaxi(activity, set);
    case 'bus':
      return estimateBus(activity, set);
    case 'rail':
      return estimateRail(activity, set);
    case 'ferry':
      return estimateFerry(activity, set);
    case 'flight':
      return estimateFlight(activity, set, options?.radiativeForcing ?? true);
    case 'hotel':
      return estimateHotel(activity, set);
    default:
      throw new DomainError(
        'invalid_input',
        `unknown activity type '${(activity as { type: unknown }).type}'`,
      );
  }
}
