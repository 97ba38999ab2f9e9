import type { Airport } from './airports.ts';
import type { FactorSet, Haul } from './factor-sets.ts';

/**
 * The boundary between short- and long-haul used only when a flight is given
 * by distance alone (no airports, no haul): the DEFRA/DESNZ methodology's
 * 3,700 km. With airports, the publisher's own "Haul definition" sheet
 * (a haul per country, relative to the UK) decides instead.
 */
export const SHORT_HAUL_MAX_KM = 3700;

export function haulByDistance(km: number): Exclude<Haul, 'domestic' | 'international'> {
  return km < SHORT_HAUL_MAX_KM ? 'short' : 'long';
}

/**
 * DESNZ: domestic = within the UK (incl. Crown dependencies); short-/long-haul
 * = to or from the UK, by the other end's country; international = neither
 * end in the UK.
 */
export function haulBetween(from: Airport, to: Airport, km: number, set: FactorSet): Haul {
  const fromHaul = set.haulOf(from.country);
  const toHaul = set.haulOf(to.country);
  const fromUk = fromHaul === 'domestic';
  const toUk = toHaul === 'domestic';
  if (fromUk && toUk) return 'domestic';
  if (fromUk) return toHaul ?? haulByDistance(km);
  if (toUk) return fromHaul ?? haulByDistance(km);
  return 'international';
}
