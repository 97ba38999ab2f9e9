import { DomainError } from '../../errors/domain-error.ts';

/**
 * The same bounds ZCarbonActivity enforces, checked again on the hot path so
 * that a caller who skipped parsing still cannot turn NaN or -5 km into a
 * silent number. Cheap enough for millions of calls a second.
 */
export function checkQuantity(field: string, value: number, max: number): number {
  if (typeof value !== 'number' || !(value >= 0) || !(value <= max)) {
    throw new DomainError(
      'invalid_input',
      `${field} must be a number from 0 to ${max}, got ${value}`,
    );
  }
  return value;
}

/** The one key of `keys` that is set; anything else is an input error. */
export function onlyOne<K extends string>(
  activity: Partial<Record<K, number>>,
  keys: readonly K[],
  type: string,
): K {
  let found: K | undefined;
  let count = 0;
  for (const key of keys) {
    if (activity[key] === undefined) continue;
    found = key;
    count++;
  }
  if (found === undefined || count !== 1) {
    throw new DomainError('invalid_input', `${type} needs exactly one of ${keys.join(', ')}`);
  }
  return found;
}
