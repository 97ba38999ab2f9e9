import { DomainError } from '../../errors/domain-error.ts';
import type { EmissionEstimate, EmissionLine, FactorRef } from '../emission-estimate.ts';
import type { FactorSet } from '../factor-sets.ts';

export function desnzFactor(set: FactorSet, id: string, what: string): FactorRef {
  const factor = set.factor(id);
  if (!factor) {
    throw new DomainError(
      'no_factor',
      `DESNZ ${set.info.edition} publishes no factor for ${what} (row ${id})`,
    );
  }
  return factor;
}

/** quantity (in the row's own unit) × the row's factor. */
export function estimateFromRow(
  set: FactorSet,
  id: string,
  quantity: number,
  what: string,
  additional: EmissionLine[] = [],
): EmissionEstimate {
  const factor = desnzFactor(set, id, what);
  return {
    kgCO2e: quantity * factor.kgCO2ePerUnit,
    scope: set.scopeOf(id),
    factor,
    quantity: { value: quantity, unit: factor.unit },
    additional,
  };
}

export function lineFromRow(
  set: FactorSet,
  id: string,
  quantity: number,
  label: EmissionLine['label'],
): EmissionLine {
  const factor = desnzFactor(set, id, label);
  return {
    label,
    kgCO2e: quantity * factor.kgCO2ePerUnit,
    scope: set.scopeOf(id),
    factor,
    quantity: { value: quantity, unit: factor.unit },
  };
}
