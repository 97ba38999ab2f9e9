import { listDailySteps, upsertDailySteps, upsertDaySteps } from '@canopy/db';

import { z } from 'zod';
import { protectedProcedure } from '../../trpc/index.ts';
import { checkRange, ZDay } from '../common-inputs.ts';
import { goalEvents } from '@canopy/workflows/shared';
import { signalGoals } from '../goals/goal-workflow.ts';

const stepsEvent = (userId: string, day: string, count: number) =>
  goalEvents.steps({ user_id: userId, day, steps: count });

/** A year and a day: a yearly back-fill, leap year included, fits one call. */
export const MAX_STEP_DAYS_PER_CALL = 366;

const ZSteps = z
  .number({ error: 'steps must be a number' })
  .int({ error: 'steps must be a whole number' })
  .min(0, { error: 'steps must not be negative' })
  .max(200_000, { error: 'steps must be at most 200000 a day' });

const ZSource = z
  .string({ error: 'source must be text' })
  .trim()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,39}$/i, {
    error: 'source must be a short name such as garmin or manual',
  });

const ZStepsView = z.object({
  date: z.string(),
  steps: z.number(),
  source: z.string(),
  updatedAt: z.date(),
});

const toView = (row: { day: string; steps: number; source: string; updated_at: Date }) => ({
  date: row.day,
  steps: row.steps,
  source: row.source,
  updatedAt: row.updated_at,
});

export const upsertSteps = protectedProcedure
  .meta({
    openapi: {
      method: 'PUT',
      path: '/v1/training/steps',
      tags: ['training'],
      summary: "Set one day's step count (sending it again replaces it)",
    },
  })
  .input(z.strictObject({ date: ZDay, steps: ZSteps, source: ZSource.default('manual') }))
  .output(ZStepsView)
  .mutation(async ({ ctx, input }) => {
    const { row, goals } = await upsertDaySteps(
      ctx.db,
      ctx.user.id,
      { day: input.date, steps: input.steps, source: input.source },
      { orgIds: ctx.user.memberships.map((m) => m.orgId) },
    );
    await signalGoals(ctx, [stepsEvent(ctx.user.id, input.date, input.steps)], goals);
    return toView(row);
  });

/** For sync jobs: many days in one statement, all or none. */
export const upsertManySteps = protectedProcedure
  .meta({
    openapi: {
      method: 'PUT',
      path: '/v1/training/steps/batch',
      tags: ['training'],
      summary: "Set many days' step counts in one call",
    },
  })
  .input(
    z.strictObject({
      days: z
        .array(z.strictObject({ date: ZDay, steps: ZSteps }))
        .min(1, { error: 'days must list at least one day' })
        .max(MAX_STEP_DAYS_PER_CALL, {
          error: `days may list at most ${MAX_STEP_DAYS_PER_CALL} days per call`,
        })
        .superRefine((days, ctx) => {
          const seen = new Set<string>();
          days.forEach((d, i) => {
            if (seen.has(d.date)) {
              ctx.addIssue({
                code: 'custom',
                path: [i, 'date'],
                message: `date ${d.date} appears twice; send each day once`,
              });
            }
            seen.add(d.date);
          });
        }),
      source: ZSource.default('api'),
    }),
  )
  .output(z.object({ days: z.number() }))
  .mutation(async ({ ctx, input }) => {
    const rows = await upsertDailySteps(
      ctx.db,
      ctx.user.id,
      input.days.map((d) => ({ day: d.date, steps: d.steps })),
      input.source,
    );
    await signalGoals(
      ctx,
      input.days.map((d) => stepsEvent(ctx.user.id, d.date, d.steps)),
    );
    return { days: rows.length };
  });

export const listSteps = protectedProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: '/v1/training/steps',
      tags: ['training'],
      summary: 'Your step counts in a date range',
    },
  })
  .input(z.strictObject({ from: ZDay, to: ZDay }).superRefine(checkRange(366 * 5)))
  .output(z.array(ZStepsView))
  .query(async ({ ctx, input }) =>
    (await listDailySteps(ctx.db, ctx.user.id, input.from, input.to)).map(toView),
  );
