import { listWellnessDays } from '@canopy/db';
import type { WellnessDay } from '@canopy/domain';
import {
  addDays,
  fitReadinessModel,
  localDate,
  predictReadiness,
  readinessFeatures,
  readinessHistory,
} from '@canopy/domain';
import { z } from 'zod';
import { protectedProcedure } from '../../trpc/index.ts';
import { ZDay } from '../common-inputs.ts';
import { memberLoadSeries } from './load-history.ts';
import { timeZoneOf } from './time-zone.ts';

/** The model learns from the last year: long enough for seasons, recent enough to be the member now. */
const HISTORY_DAYS = 365;

const ZReadinessResult = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('ok'),
    date: z.string(),
    predicted: z.number(),
    features: z.record(z.string(), z.number().nullable()),
    model: z.object({
      trainedOn: z.number(),
      lambda: z.number(),
      weights: z.record(z.string(), z.number()),
      heldOut: z.object({
        days: z.number(),
        mae: z.number(),
        rmse: z.number(),
        baselineMae: z.number(),
      }),
    }),
  }),
  z.object({
    status: z.literal('insufficient_data'),
    date: z.string(),
    have: z.number(),
    need: z.number(),
    message: z.string(),
  }),
]);

function wellnessDay(row: Awaited<ReturnType<typeof listWellnessDays>>[number]): WellnessDay {
  const day: WellnessDay = { date: row.day };
  if (row.sleep_hours !== null) day.sleepHours = row.sleep_hours;
  if (row.fatigue !== null) day.fatigue = row.fatigue;
  if (row.readiness !== null) day.readiness = row.readiness;
  if (row.mood !== null) day.mood = row.mood;
  if (row.soreness !== null) day.soreness = row.soreness;
  if (row.stress !== null) day.stress = row.stress;
  return day;
}

/**
 * Predicts the member's readiness on `date` (default: today where they are)
 * from a model fitted on their own past check-ins and training load. Says so
 * plainly when there are too few check-ins to fit one.
 */
export const readinessProcedure = protectedProcedure
  .input(z.strictObject({ date: ZDay.optional() }))
  .output(ZReadinessResult)
  .query(async ({ ctx, input }) => {
    const date = input.date ?? localDate(ctx.now(), await timeZoneOf(ctx));
    const from = addDays(date, -HISTORY_DAYS);
    const [rows, series] = await Promise.all([
      listWellnessDays(ctx.db, ctx.user.id, from, date),
      memberLoadSeries(ctx.db, ctx.user.id, from, date),
    ]);
    const wellness = rows.map(wellnessDay);
    // The day being predicted may have last night's sleep logged, but its own
    // readiness is the answer, never a training example.
    const model = fitReadinessModel(
      readinessHistory(
        series,
        wellness.filter((w) => w.date < date),
      ),
    );
    if (model.status !== 'ok') {
      return {
        status: 'insufficient_data' as const,
        date,
        have: model.have,
        need: model.need,
        message: model.message,
      };
    }
    const features = readinessFeatures(
      date,
      new Map(series.map((r) => [r.date, r])),
      new Map(wellness.map((w) => [w.date, w])),
    );
    return {
      status: 'ok' as const,
      date,
      predicted: predictReadiness(model, features),
      features: Object.fromEntries(model.features.map((f) => [f, features[f] ?? null])),
      model: {
        trainedOn: model.trainedOn,
        lambda: model.lambda,
        weights: Object.fromEntries(model.features.map((f, i) => [f, model.weights[i]!])),
        heldOut: model.heldOut,
      },
    };
  });
