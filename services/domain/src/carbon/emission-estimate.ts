export type Scope = 1 | 2 | 3;

/** Where a number came from, enough to look the factor up again and recompute. */
export type FactorRef = {
  /** DESNZ flat-file row ID, or `owid:<ISO2>:<year>` / `egrid2023:<subregion>`. */
  id: string;
  source: 'DESNZ' | 'OWID' | 'EPA';
  edition: string;
  /** The publisher's unit of measure, e.g. "kWh", "passenger.km", "litres". */
  unit: string;
  kgCO2ePerUnit: number;
};

/** A separately reported part of the same activity, e.g. T&D losses (Scope 3). */
export type EmissionLine = {
  label: 'transmission_distribution_losses' | 'district_heat_distribution_losses';
  kgCO2e: number;
  scope: Scope;
  factor: FactorRef;
  quantity: { value: number; unit: string };
};

/**
 * One activity's emissions. Invariant: kgCO2e = quantity.value × factor.kgCO2ePerUnit.
 * `kgCO2e` is the figure for `scope` only; `additional` holds the activity's
 * other-scope parts (GHG Protocol reports them apart). A footprint total is
 * kgCO2e plus every additional line: see totalKgCO2e().
 */
export type EmissionEstimate = {
  kgCO2e: number;
  scope: Scope;
  factor: FactorRef;
  quantity: { value: number; unit: string };
  additional: EmissionLine[];
  /** Set when the engine made a documented choice the member should see. */
  note?: string;
};

export function totalKgCO2e(estimate: EmissionEstimate): number {
  let total = estimate.kgCO2e;
  for (const line of estimate.additional) total += line.kgCO2e;
  return total;
}
