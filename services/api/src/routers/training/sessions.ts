import {
  deleteTrainingSession,
  findTrainingSession,
  insertTrainingSession,
  listTrainingSessions,
  recordAudit,
  updateTrainingSession,
} from '@canopy/db';

import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { protectedProcedure } from '../../trpc/index.ts';
import { checkRange, ZDay } from '../common-inputs.ts';
import { goalEventKeys, goalEvents } from '@canopy/workflows/shared';
import { signalGoals } from '../goals/goal-workflow.ts';
import type { SessionInput } from './schemas.ts';
import { toSessionView, ZSessionId, ZSessionInput, ZSessionView } from './schemas.ts';
import { sessionColumns } from './session-columns.ts';
import { timeZoneOf } from './time-zone.ts';

const notFound = () => new TRPCError({ code: 'NOT_FOUND', message: 'id: no such session' });

export const createSession = protectedProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/v1/training/sessions',
      tags: ['training'],
      summary: 'Log a training session',
    },
  })
  .input(ZSessionInput.strict())
  .output(ZSessionView)
  .mutation(async ({ ctx, input }) => {
    const row = await insertTrainingSession(ctx.db, {
      ...sessionColumns(input, await timeZoneOf(ctx)),
      user_id: ctx.user.id,
      org_id: ctx.user.memberships[0]?.orgId ?? null,
    });
    await signalGoals(ctx, [goalEvents.session(row)]);
    return toSessionView(row);
  });

export const updateSession = protectedProcedure
  .input(ZSessionInput.partial().extend({ id: ZSessionId }).strict())
  .output(ZSessionView)
  .mutation(async ({ ctx, input }) => {
    const existing = await findTrainingSession(ctx.db, ctx.user.id, input.id);
    if (!existing) throw notFound();
    const { id, ...changes } = input;
    // Merge onto the stored session, then derive load and day from the whole.
    const merged: SessionInput = {
      startedAt: existing.started_at,
      type: existing.sport,
      durationMin: existing.duration_min,
      rpe: existing.rpe ?? 0,
      ...(existing.distance_km !== null && { distanceKm: existing.distance_km }),
      feeling: {
        ...(existing.fatigue !== null && { fatigue: existing.fatigue }),
        ...(existing.readiness !== null && { readiness: existing.readiness }),
        ...(existing.mood !== null && { mood: existing.mood }),
      },
      ...(existing.notes !== null && { notes: existing.notes }),
      ...changes,
    };
    const columns = sessionColumns(merged, await timeZoneOf(ctx));
    const row = await updateTrainingSession(ctx.db, ctx.user.id, id, {
      ...columns,
      // Heart rate stays as stored unless new figures are given.
      ...(changes.heartRate === undefined && {
        hr_avg: existing.hr_avg,
        hr_max: existing.hr_max,
        trimp: existing.trimp,
      }),
      // An imported session without an RPE keeps having no session-RPE load.
      ...(existing.rpe === null && changes.rpe === undefined && { rpe: null, load_au: null }),
    });
    if (!row) throw notFound();
    // Same key: the goal's count takes the corrected session instead of adding it.
    await signalGoals(ctx, [goalEvents.session(row)]);
    return toSessionView(row);
  });

export const deleteSession = protectedProcedure
  .input(z.strictObject({ id: ZSessionId }))
  .output(z.object({ id: z.string(), deleted: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    const deleted = await ctx.db.transaction().execute(async (trx) => {
      const gone = await deleteTrainingSession(trx, ctx.user.id, input.id);
      if (!gone) throw notFound();
      await recordAudit(trx, {
        actorId: ctx.user.id,
        action: 'training.session.delete',
        orgId: gone.org_id,
        targetType: 'training_session',
        targetId: gone.id,
        details: { date: gone.local_date, type: gone.sport, loadAU: gone.load_au },
      });
      return { id: gone.id, deleted: true as const };
    });
    // A null event takes the session back out of the goals' counts.
    await signalGoals(ctx, [{ key: goalEventKeys.session(deleted.id), event: null }]);
    return deleted;
  });

const CURSOR = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)\|([0-9a-f-]{36})$/;

function decodeCursor(cursor: string) {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) return undefined;
  const startedAt = new Date(match[1]!);
  return Number.isNaN(startedAt.getTime()) ? undefined : { startedAt, id: match[2]! };
}

export const listSessions = protectedProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: '/v1/training/sessions',
      tags: ['training'],
      summary: 'Your training sessions in a date range',
    },
  })
  .input(
    z
      .strictObject({
        from: ZDay.optional(),
        to: ZDay.optional(),
        limit: z
          .number({ error: 'limit must be a number' })
          .int({ error: 'limit must be a whole number' })
          .min(1, { error: 'limit must be from 1 to 200' })
          .max(200, { error: 'limit must be from 1 to 200' })
          .default(50),
        cursor: z
          .string()
          .max(200)
          .refine((c) => decodeCursor(c) !== undefined, {
            error: 'cursor must be a nextCursor from an earlier page',
          })
          .nullish(),
      })
      .superRefine(checkRange(100 * 366)),
  )
  .output(z.object({ items: z.array(ZSessionView), nextCursor: z.string().nullable() }))
  .query(async ({ ctx, input }) => {
    const after = input.cursor ? decodeCursor(input.cursor) : undefined;
    const rows = await listTrainingSessions(ctx.db, ctx.user.id, {
      ...(input.from && { from: input.from }),
      ...(input.to && { to: input.to }),
      ...(after && { after }),
      limit: input.limit + 1,
    });
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    return {
      items: page.map(toSessionView),
      nextCursor:
        rows.length > input.limit && last
          ? Buffer.from(`${last.started_at.toISOString()}|${last.id}`).toString('base64url')
          : null,
    };
  });
