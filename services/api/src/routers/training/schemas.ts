import type { TrainingSessionRow } from '@canopy/db';
import { ZTrainingSession } from '@canopy/domain';
import { z } from 'zod';
import { withoutNul } from '../common-inputs.ts';

/** Scores are stored as whole numbers on the domain's 1-10 scale. */
export function score(field: string) {
  return z
    .number({ error: `${field} must be a number` })
    .int({ error: `${field} must be a whole number from 1 to 10` })
    .min(1, { error: `${field} must be from 1 to 10` })
    .max(10, { error: `${field} must be from 1 to 10` });
}

export const ZInstant = z
  .union([z.date(), z.iso.datetime({ offset: true }).transform((s) => new Date(s))], {
    error: 'startedAt must be an ISO date-time with an offset, such as 2026-05-01T07:30:00+02:00',
  })
  .refine(
    (d) => !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 1900 && d.getUTCFullYear() < 2200,
    { error: 'startedAt must be a time from 1900 to 2199' },
  );

const ZFeeling = z.strictObject({
  fatigue: score('feeling.fatigue').optional(),
  readiness: score('feeling.readiness').optional(),
  mood: score('feeling.mood').optional(),
});

const ZNotes = withoutNul(
  z
    .string({ error: 'notes must be text' })
    .trim()
    .max(1000, { error: 'notes is at most 1000 characters' }),
  'notes',
);

/**
 * The domain's session, with the instant it started instead of a calendar
 * day: the day is worked out in the member's time zone, so a run at 00:30 in
 * Berlin counts for the Berlin day whatever the device's clock says.
 */
export const ZSessionInput = ZTrainingSession.omit({ date: true, feeling: true }).extend({
  startedAt: ZInstant,
  type: withoutNul(ZTrainingSession.shape.type, 'type'),
  feeling: ZFeeling.optional(),
  notes: ZNotes.optional(),
});
export type SessionInput = z.infer<typeof ZSessionInput>;

export const ZSessionId = z.uuid({ error: 'id must be a session id' });

export const ZSessionView = z.object({
  id: z.string(),
  startedAt: z.date(),
  /** The member's calendar day of the session. */
  date: z.string(),
  type: z.string(),
  durationMin: z.number(),
  rpe: z.number().nullable(),
  distanceKm: z.number().nullable(),
  heartRate: z.object({ avgBpm: z.number().nullable(), maxBpm: z.number().nullable() }),
  feeling: z.object({
    fatigue: z.number().nullable(),
    readiness: z.number().nullable(),
    mood: z.number().nullable(),
  }),
  /** Foster session-RPE load: duration × RPE (AU). */
  loadAU: z.number().nullable(),
  /** Edwards TRIMP, when heart-rate zone minutes were given. */
  trimp: z.number().nullable(),
  notes: z.string().nullable(),
  source: z.enum(['manual', 'import', 'api']),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type SessionView = z.infer<typeof ZSessionView>;

export function toSessionView(row: Omit<TrainingSessionRow, 'dedupe_key'>): SessionView {
  return {
    id: row.id,
    startedAt: row.started_at,
    date: row.local_date,
    type: row.sport,
    durationMin: row.duration_min,
    rpe: row.rpe,
    distanceKm: row.distance_km,
    heartRate: { avgBpm: row.hr_avg, maxBpm: row.hr_max },
    feeling: { fatigue: row.fatigue, readiness: row.readiness, mood: row.mood },
    loadAU: row.load_au,
    trimp: row.trimp,
    notes: row.notes,
    source: row.source,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
