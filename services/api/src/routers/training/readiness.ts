import { findReadinessModel } from '@canopy/db';
import type { ReadinessModel } from '@canopy/domain';
import { localDate, predictReadiness, readinessFeatures } from '@canopy/domain';
import {
  fitReadinessFor,
  readinessData,
  readinessDataFingerprint,
} from '@canopy/workflows/readiness';
import { z } from 'zod';
import { protectedProcedure } from '../../trpc/index.ts';
import { ZDay } from '../common-inputs.ts';
import { timeZoneOf } from './time-zone.ts';

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
    const [{ series, wellness }, stored, fingerprint] = await Promise.all([
      readinessData(ctx.db, ctx.user.id, date),
      findReadinessModel(ctx.db, ctx.user.id),
      readinessDataFingerprint(ctx.db, ctx.user.id, date),
    ]);
    // The fit stored after the member's last change, when it was made for
    // this day from exactly the data there is now; otherwise fit here.
    const model =
      stored?.fitted_for === date && stored.fingerprint === fingerprint
        ? (stored.model as ReadinessModel)
        : fitReadinessFor(date, { series, wellness });
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
