import type { CarbonActivityRow } from '@canopy/db';
import { toEpochDay, ZIsoDate } from '@canopy/domain';
import { z } from 'zod';

export const ZFactorRef = z.object({
  id: z.string(),
  source: z.string(),
  edition: z.string(),
  unit: z.string(),
  kgCO2ePerUnit: z.number(),
});

export const ZCarbonActivityView = z.object({
  id: z.string(),
  occurredOn: z.string(),
  category: z.string(),
  activity: z.record(z.string(), z.unknown()),
  kgCO2e: z.number(),
  totalKgCO2e: z.number(),
  scope: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  factor: ZFactorRef,
  quantity: z.object({ value: z.number(), unit: z.string() }),
  additional: z.array(
    z.object({
      label: z.string(),
      kgCO2e: z.number(),
      scope: z.number(),
      factor: ZFactorRef,
    }),
  ),
  note: z.string().nullable(),
  source: z.enum(['manual', 'import', 'api']),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type CarbonActivityView = z.infer<typeof ZCarbonActivityView>;

type ViewedRow = Pick<
  CarbonActivityRow,
  | 'id'
  | 'occurred_on'
  | 'category'
  | 'activity'
  | 'kg_co2e'
  | 'total_kg_co2e'
  | 'scope'
  | 'factor_id'
  | 'factor_source'
  | 'factor_edition'
  | 'factor_unit'
  | 'factor_kg_per_unit'
  | 'quantity_value'
  | 'quantity_unit'
  | 'additional'
  | 'note'
  | 'source'
  | 'created_at'
  | 'updated_at'
>;

export function toActivityView(row: ViewedRow): CarbonActivityView {
  return {
    id: row.id,
    occurredOn: row.occurred_on,
    category: row.category,
    activity: row.activity,
    kgCO2e: row.kg_co2e,
    totalKgCO2e: row.total_kg_co2e,
    scope: row.scope,
    factor: {
      id: row.factor_id,
      source: row.factor_source,
      edition: row.factor_edition,
      unit: row.factor_unit,
      kgCO2ePerUnit: row.factor_kg_per_unit,
    },
    quantity: { value: row.quantity_value, unit: row.quantity_unit },
    additional: row.additional,
    note: row.note,
    source: row.source,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export const ZActivityId = z.uuid({ error: 'id must be an activity id' });

/** Postgres text cannot hold NUL, so refuse it here rather than fail at the database. */
export function withoutNul<T extends z.ZodType<string>>(schema: T, field: string) {
  return schema.refine((s) => !s.includes('\u0000'), {
    error: `${field} must not contain NUL characters`,
  });
}

export const ZNote = withoutNul(
  z
    .string({ error: 'note must be text' })
    .trim()
    .max(500, { error: 'note is at most 500 characters' }),
  'note',
);

/**
 * A calendar day the database can store and a person can mean: the domain's
 * ISO date, within 1900-2199 (Postgres has no year 0, and nobody logs a
 * commute in the year 9999).
 */
export function isSupportedDay(value: unknown): value is string {
  if (typeof value !== 'string' || !ZIsoDate.safeParse(value).success) return false;
  const year = Number(value.slice(0, 4));
  return year >= 1900 && year < 2200;
}

export const ZDay = z
  .string({ error: 'must be a calendar date YYYY-MM-DD' })
  .refine(isSupportedDay, { error: 'must be a calendar date YYYY-MM-DD from 1900 to 2199' });

export const ZFactorSetId = z
  .string({ error: 'factorSet must be a factor set id such as desnz-2025' })
  .regex(/^(desnz-)?\d{4}$/, { error: 'factorSet must be a factor set id such as desnz-2025' });

/** Range checks shared by every input that has an inclusive `from`..`to`. */
export function checkRange(maxDays: number) {
  return (r: { from?: string; to?: string }, ctx: z.core.$RefinementCtx) => {
    // Runs even when a field failed its own check: only compare real days.
    if (!isSupportedDay(r.from) || !isSupportedDay(r.to)) return;
    if (r.from > r.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must not be before from' });
    } else if (toEpochDay(r.to) - toEpochDay(r.from) >= maxDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `to may be at most ${maxDays - 1} days after from`,
      });
    }
  };
}
