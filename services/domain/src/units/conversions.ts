// Unit conversions. Legal definitions where one exists; otherwise the DESNZ
// "Conversions" sheet (2024-2026 full sets), so a figure can be rechecked
// against the publisher's own table.

/** International mile (exact by definition). */
export const KM_PER_MILE = 1.609344;
/** Imperial (UK) gallon, exact by the Weights and Measures Act 1985. */
export const LITRES_PER_UK_GALLON = 4.54609;
/** US liquid gallon, exact: 231 cubic inches. */
export const LITRES_PER_US_GALLON = 3.785411784;
/** 1 kWh = 3.6 MJ exactly. */
export const MJ_PER_KWH = 3.6;
/** DESNZ Conversions sheet: 1 therm = 0.10550559 GJ = 29.3071083 kWh. */
export const KWH_PER_THERM = 105.50559 / MJ_PER_KWH;

export type DistanceUnit = 'km' | 'mi';
export type Distance = { value: number; unit: DistanceUnit };

export function distanceKm(distance: Distance): number {
  return distance.unit === 'km' ? distance.value : distance.value * KM_PER_MILE;
}
