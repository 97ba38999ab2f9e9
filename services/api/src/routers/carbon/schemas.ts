import type { CarbonActivityRow } from '@canopy/db';
import { withoutNul } from '../common-inputs.ts';
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

export const ZNote = withoutNul(
  z
    .string({ error: 'note must be text' })
    .trim()
    .max(500, { error: 'note is at most 500 characters' }),
  'note',
);

export const ZFactorSetId = z
  .string({ error: 'factorSet must be a factor set id such as desnz-2025' })
  .regex(/^(desnz-)?\d{4}$/, { error: 'factorSet must be a factor set id such as desnz-2025' });
