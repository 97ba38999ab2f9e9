import { listWellnessDays, upsertWellnessDay } from '@canopy/db';
import { ZWellnessDay } from '@canopy/domain';
import { z } from 'zod';
import { protectedProcedure } from '../../trpc/index.ts';
import { checkRange, ZDay } from '../common-inputs.ts';
import { score } from './schemas.ts';
import { requestReadinessRefit } from './readiness-refit.ts';

const ZWellnessView = z.object({
  date: z.string(),
  fatigue: z.number().nullable(),
  readiness: z.number().nullable(),
  mood: z.number().nullable(),
  soreness: z.number().nullable(),
  stress: z.number().nullable(),
  sleepHours: z.number().nullable(),
  updatedAt: z.date(),
});

function toWellnessView(row: Awaited<ReturnType<typeof listWellnessDays>>[number]) {
  return {
    date: row.day,
    fatigue: row.fatigue,
    readiness: row.readiness,
    mood: row.mood,
    soreness: row.soreness,
    stress: row.stress,
    sleepHours: row.sleep_hours,
    updatedAt: row.updated_at,
  };
}

/** The domain's wellness day; a score left out keeps its stored value, null clears it. */
export const upsertWellness = protectedProcedure
  .input(
    ZWellnessDay.extend({
      date: ZDay,
      fatigue: score('fatigue').nullable().optional(),
      readiness: score('readiness').nullable().optional(),
      mood: score('mood').nullable().optional(),
      soreness: score('soreness').nullable().optional(),
      stress: score('stress').nullable().optional(),
      sleepHours: ZWellnessDay.shape.sleepHours.unwrap().nullable().optional(),
    }).strict(),
  )
  .output(ZWellnessView)
  .mutation(async ({ ctx, input }) => {
    const { date, sleepHours, ...scores } = input;
    const row = await upsertWellnessDay(ctx.db, ctx.user.id, date, {
      ...scores,
      sleep_hours: sleepHours,
    });
    await requestReadinessRefit(ctx);
    return toWellnessView(row);
  });

export const listWellness = protectedProcedure
  .input(z.strictObject({ from: ZDay, to: ZDay }).superRefine(checkRange(366 * 5)))
  .output(z.array(ZWellnessView))
  .query(async ({ ctx, input }) =>
    (await listWellnessDays(ctx.db, ctx.user.id, input.from, input.to)).map(toWellnessView),
  );
