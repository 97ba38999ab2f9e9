// Emissions planted straight into the database for the pooled report tests
// (the in-process router tests and the black-box ones over HTTP alike): every
// column a stored activity needs, with `kg` as both its figure and its quantity.
import type { NewCarbonActivity } from '@canopy/db';

/** One activity of `kg` a member of `orgId` logged on `day` in `category`. */
export function pooledEmission(
  userId: string,
  orgId: string,
  day: string,
  category: string,
  kg: number,
): NewCarbonActivity {
  return {
    user_id: userId,
    org_id: orgId,
    occurred_on: day,
    category,
    activity: { type: category },
    kg_co2e: kg,
    total_kg_co2e: kg,
    scope: 3,
    factor_id: 'test',
    factor_source: 'DESNZ',
    factor_edition: '2026',
    factor_unit: 'km',
    factor_kg_per_unit: 1,
    quantity_value: kg,
    quantity_unit: 'km',
  };
}
