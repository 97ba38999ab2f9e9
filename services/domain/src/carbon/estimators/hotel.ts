import type { CarbonActivity } from '../activity-schema.ts';
import { LIMITS } from '../activity-schema.ts';
import type { EmissionEstimate } from '../emission-estimate.ts';
import { HOTEL_IDS } from '../factor-ids.ts';
import type { FactorSet } from '../factor-sets.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { checkQuantity } from './checks.ts';
import { estimateFromRow } from './from-row.ts';

/** Per room night; country is ISO 3166-1 alpha-2, or GB-LND for London. */
export function estimateHotel(
  a: Extract<CarbonActivity, { type: 'hotel' }>,
  set: FactorSet,
): EmissionEstimate {
  const nights = checkQuantity('nights', a.nights, LIMITS.nights);
  const country = a.country === undefined ? 'GB' : a.country.toUpperCase();
  const id = HOTEL_IDS[country === 'UK' ? 'GB' : country];
  if (!id) {
    throw new DomainError('no_factor', `DESNZ has no hotel stay factor for country '${country}'`);
  }
  return estimateFromRow(set, id, nights, `a hotel stay in ${country}`);
}
