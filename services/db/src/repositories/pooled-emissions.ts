// The minimum group size rule for organisation reports, shared by the API's
// live report and the monthly report workflow so both withhold the same cells.

/** No figure in an organisation report may rest on fewer people than this. */
export const MIN_GROUP_SIZE = 3;

interface Cell {
  category: string;
  kg: number;
  members: number;
}

export interface PooledBucket {
  bucket: string;
  members: number;
  /** Null when fewer than MIN_GROUP_SIZE members contributed. */
  totalKg: number | null;
  /** Null when any category rests on too few members; see `withheld`. */
  byCategory: { category: string; kg: number }[] | null;
  withheld: boolean;
}

/**
 * Applies the minimum group size. A category resting on too few members
 * cannot simply be hidden: the total minus the shown categories would reveal
 * it. So the whole breakdown is withheld, and only a safe total remains.
 */
export function poolBucket(
  bucket: string,
  total: { kg: number; members: number },
  cells: Cell[],
): PooledBucket {
  if (total.members < MIN_GROUP_SIZE) {
    return { bucket, members: total.members, totalKg: null, byCategory: null, withheld: true };
  }
  if (cells.some((c) => c.members < MIN_GROUP_SIZE)) {
    return { bucket, members: total.members, totalKg: total.kg, byCategory: null, withheld: true };
  }
  return {
    bucket,
    members: total.members,
    totalKg: total.kg,
    byCategory: cells.map((c) => ({ category: c.category, kg: c.kg })),
    withheld: false,
  };
}
