import type { NewCarbonActivity } from '../src/index.ts';

/** 18 km by diesel car, as the API would store it; change what a test needs. */
export const carActivity = (
  userId: string,
  changes: Partial<NewCarbonActivity> = {},
): NewCarbonActivity => ({
  user_id: userId,
  org_id: null,
  occurred_on: '2026-11-20',
  category: 'car',
  activity: { type: 'car', distance: { value: 18, unit: 'km' }, fuel: 'diesel' },
  kg_co2e: 3.06,
  total_kg_co2e: 3.06,
  scope: 3,
  factor_id: 'car-diesel-km',
  factor_source: 'DESNZ',
  factor_edition: '2025',
  factor_unit: 'km',
  factor_kg_per_unit: 0.17,
  quantity_value: 18,
  quantity_unit: 'km',
  additional: [],
  note: null,
  ...changes,
});
