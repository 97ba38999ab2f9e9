import { z } from 'zod';
import { ZIsoDate } from '../dates/iso-date.ts';
import { isTimeZone } from './time-zone.ts';

const ZTimeZone = z
  .string()
  .refine(isTimeZone, { error: 'timeZone must be an IANA time zone such as Europe/London' });

const common = {
  /** The member's (or organisation's) time zone: periods start at local midnight there. */
  timeZone: ZTimeZone,
  /** First day that counts; earlier events are ignored. */
  startDate: ZIsoDate,
};

const positive = (field: string, max: number) =>
  z
    .number({ error: `${field} must be a number` })
    .gt(0, { error: `${field} must be more than 0` })
    .max(max, { error: `${field} must be at most ${max}` });

export const ZGoalDefinition = z.discriminatedUnion(
  'kind',
  [
    z.object({
      kind: z.literal('steps_per_day'),
      target: positive('target', 200_000).int(),
      ...common,
    }),
    z.object({
      kind: z.literal('steps_per_week'),
      target: positive('target', 1_400_000).int(),
      ...common,
    }),
    z.object({
      kind: z.literal('sessions_per_week'),
      target: positive('target', 50).int(),
      ...common,
    }),
    z.object({
      kind: z.literal('co2e_budget_per_month'),
      budgetKg: positive('budgetKg', 1e7),
      ...common,
    }),
    z.object({
      kind: z.literal('co2e_reduction'),
      /** kg CO2e of a typical month before the goal. */
      baselineKgPerMonth: positive('baselineKgPerMonth', 1e7),
      reductionPct: positive('reductionPct', 100),
      ...common,
    }),
    z
      .object({
        kind: z.literal('weekly_training_load'),
        minLoad: z
          .number({ error: 'minLoad must be a number' })
          .min(0, { error: 'minLoad must not be negative' }),
        maxLoad: positive('maxLoad', 100_000),
        ...common,
      })
      .refine((g) => g.minLoad <= g.maxLoad, {
        error: 'maxLoad must not be below minLoad',
        path: ['maxLoad'],
      }),
  ],
  {
    error:
      'kind must be steps_per_day, steps_per_week, sessions_per_week, co2e_budget_per_month, co2e_reduction or weekly_training_load',
  },
);

export type GoalDefinition = z.infer<typeof ZGoalDefinition>;
export type GoalKind = GoalDefinition['kind'];

/** An instant with offset (2025-03-01T07:30:00Z) or a local calendar date (2025-03-01). */
const ZWhen = z.union([ZIsoDate, z.iso.datetime({ offset: true })], {
  error: 'at must be an ISO date or date-time with offset',
});

export const ZGoalEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('steps'),
    at: ZWhen,
    count: z
      .number()
      .int({ error: 'count must be a whole number' })
      .min(0, { error: 'count must not be negative' }),
  }),
  z.object({
    type: z.literal('session'),
    at: ZWhen,
    durationMin: z.number().gt(0, { error: 'durationMin must be more than 0' }).max(1440),
    rpe: z
      .number()
      .min(0, { error: 'rpe must be from 0 to 10' })
      .max(10, { error: 'rpe must be from 0 to 10' }),
  }),
  z.object({
    type: z.literal('emission'),
    at: ZWhen,
    kgCO2e: z.number().min(0, { error: 'kgCO2e must not be negative' }),
  }),
]);

export type GoalEvent = z.infer<typeof ZGoalEvent>;
