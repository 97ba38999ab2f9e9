import type { CarbonEstimateColumns } from '@canopy/db';
import type { CarbonActivity, EmissionEstimate } from '@canopy/domain';
import { estimateEmissions, totalKgCO2e, ZCarbonActivity } from '@canopy/domain';

export interface EstimateChoice {
  factorSet?: string;
  radiativeForcing?: boolean;
}

/**
 * The stored form of an activity keeps the flight's radiative-forcing choice
 * beside the activity itself, so a later recomputation with another edition
 * makes the same choice. ZCarbonActivity strips the extra key when reading.
 */
export function storedActivity(activity: CarbonActivity, choice: EstimateChoice) {
  return activity.type === 'flight'
    ? { ...activity, radiativeForcing: choice.radiativeForcing ?? true }
    : { ...activity };
}

/** Reads a stored activity back: the activity and the choices it was estimated with. */
export function readStoredActivity(stored: Record<string, unknown>) {
  const activity = ZCarbonActivity.parse(stored);
  const rf = stored['radiativeForcing'];
  return { activity, radiativeForcing: typeof rf === 'boolean' ? rf : undefined };
}

export function estimateColumns(
  activity: CarbonActivity,
  choice: EstimateChoice,
): { columns: CarbonEstimateColumns; estimate: EmissionEstimate } {
  const estimate = estimateEmissions(activity, {
    ...(choice.factorSet !== undefined && { factorSet: choice.factorSet }),
    ...(choice.radiativeForcing !== undefined && { radiativeForcing: choice.radiativeForcing }),
  });
  return {
    estimate,
    columns: {
      category: activity.type,
      activity: storedActivity(activity, choice),
      kg_co2e: estimate.kgCO2e,
      total_kg_co2e: totalKgCO2e(estimate),
      scope: estimate.scope,
      factor_id: estimate.factor.id,
      factor_source: estimate.factor.source,
      factor_edition: estimate.factor.edition,
      factor_unit: estimate.factor.unit,
      factor_kg_per_unit: estimate.factor.kgCO2ePerUnit,
      quantity_value: estimate.quantity.value,
      quantity_unit: estimate.quantity.unit,
      additional: estimate.additional.map((line) => ({
        label: line.label,
        kgCO2e: line.kgCO2e,
        scope: line.scope,
        factor: { ...line.factor },
      })),
    },
  };
}
