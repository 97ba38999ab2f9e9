// The one rule behind every pooled organisation figure: the live report, the
// monthly report files and organisation goal progress all apply it from here.

/** No published figure, and nothing derivable from published figures, rests on fewer people. */
export const MIN_GROUP_SIZE = 3;

export const WITHHELD_REASONS = {
  fewMembers: `fewer than ${MIN_GROUP_SIZE} members`,
  complementary: `withheld with a smaller category, which the total would otherwise reveal`,
  open: 'the period has not ended yet',
} as const;
export type WithheldReason = (typeof WITHHELD_REASONS)[keyof typeof WITHHELD_REASONS];

/** What was logged in one cell: total kg and how many distinct members logged it. */
export interface RawCell {
  kg: number;
  members: number;
}

/** A figure as published: a number, or null with the reason it is withheld. */
export interface PublishedCell {
  kg: number | null;
  withheld: WithheldReason | null;
}

export interface PublishedPeriod {
  /** Distinct members behind the total; null unless the total is published. */
  members: number | null;
  total: PublishedCell;
  categories: (PublishedCell & { category: string })[];
}

/** Whether a group of `members` people may be published: nobody, or enough people. */
export const groupIsPublishable = (members: number) => members === 0 || members >= MIN_GROUP_SIZE;

const withheld = (reason: WithheldReason): PublishedCell => ({ kg: null, withheld: reason });
const shown = (kg: number): PublishedCell => ({ kg, withheld: null });

/**
 * Applies the minimum group size to one period's total and its breakdown by
 * category (the only breakdown published; a second dimension such as site
 * would need the cross table checked too).
 *
 * Complementary suppression: when the total is published, whatever is
 * withheld in the breakdown can be worked out as the total minus the
 * published categories, so the withheld categories taken together must rest
 * on at least MIN_GROUP_SIZE members. Their union has at least as many members
 * as the largest of them, so when every withheld category is small, the
 * smallest category that is large enough is withheld with them. We withhold a
 * category rather than the total because the total is the figure admins and
 * the monthly report lead with, and losing one more category costs less.
 */
export function suppressPeriod(
  total: RawCell,
  cells: readonly (RawCell & { category: string })[],
): PublishedPeriod {
  const sorted = [...cells].sort((a, b) => a.category.localeCompare(b.category));
  if (!groupIsPublishable(total.members)) {
    return {
      members: null,
      total: withheld(WITHHELD_REASONS.fewMembers),
      categories: sorted.map((c) => ({
        category: c.category,
        ...withheld(WITHHELD_REASONS.fewMembers),
      })),
    };
  }
  const reasons = new Map<string, WithheldReason>();
  for (const c of sorted)
    if (!groupIsPublishable(c.members)) reasons.set(c.category, WITHHELD_REASONS.fewMembers);
  const largestWithheld = Math.max(
    0,
    ...sorted.filter((c) => reasons.has(c.category)).map((c) => c.members),
  );
  if (reasons.size > 0 && largestWithheld < MIN_GROUP_SIZE) {
    // Fewest members first, then the smaller figure, then the name: deterministic,
    // so the same data always withholds the same partner.
    const partner = sorted
      .filter((c) => !reasons.has(c.category))
      .sort((a, b) => a.members - b.members || a.kg - b.kg || a.category.localeCompare(b.category))
      .at(0);
    if (partner) reasons.set(partner.category, WITHHELD_REASONS.complementary);
  }
  return {
    members: total.members,
    total: shown(total.kg),
    categories: sorted.map((c) => {
      const reason = reasons.get(c.category);
      return { category: c.category, ...(reason ? withheld(reason) : shown(c.kg)) };
    }),
  };
}

/** A period the caller may not see yet: every figure withheld as open. */
export function openPeriod(): PublishedPeriod {
  return { members: null, total: withheld(WITHHELD_REASONS.open), categories: [] };
}

export interface CombinedCell {
  /** Sum of the published parts; null when every part was withheld. */
  kg: number | null;
  /** How many parts (months) were withheld and contribute nothing to `kg`. */
  withheldParts: number;
}

export interface CombinedPeriods {
  total: CombinedCell;
  categories: (CombinedCell & { category: string })[];
}

/**
 * Several published periods added up (a quarter from its months, a range's
 * total). Only published cells count: a sum of published figures reveals
 * nothing they did not, which is why quarters and years are never computed
 * afresh from the data (a quarter minus its published months would give the
 * withheld month away).
 */
export function combinePublished(parts: readonly PublishedPeriod[]): CombinedPeriods {
  const add = (cells: readonly PublishedCell[]): CombinedCell => {
    const published = cells.filter((c) => c.kg !== null);
    return {
      kg: published.length > 0 ? published.reduce((sum, c) => sum + c.kg!, 0) : null,
      withheldParts: cells.length - published.length,
    };
  };
  const names = [...new Set(parts.flatMap((p) => p.categories.map((c) => c.category)))].sort();
  const total = add(parts.map((p) => p.total));
  // A period with nothing logged published a zero total and no categories: nothing withheld.
  const categoryCells = (name: string) =>
    parts.flatMap((p) => {
      const cell = p.categories.find((c) => c.category === name);
      if (cell) return [cell];
      return p.total.withheld ? [p.total] : [];
    });
  return {
    total: parts.length === 0 ? { kg: 0, withheldParts: 0 } : total,
    categories: names.map((category) => ({ category, ...add(categoryCells(category)) })),
  };
}
