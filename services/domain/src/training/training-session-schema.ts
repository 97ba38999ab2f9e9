import { z } from 'zod';
import { ZIsoDate } from '../dates/iso-date.ts';

const score = (field: string) =>
  z
    .number({ error: `${field} must be a number` })
    .min(1, { error: `${field} must be from 1 to 10` })
    .max(10, { error: `${field} must be from 1 to 10` });

const bpm = (field: string) =>
  z
    .number({ error: `${field} must be a number` })
    .int({ error: `${field} must be whole beats per minute` })
    .min(25, { error: `${field} must be at least 25 bpm` })
    .max(250, { error: `${field} must be at most 250 bpm` });

/** How the member felt, 1 (worst/lowest) to 10 (best/highest). */
export const ZFeeling = z.object({
  fatigue: score('feeling.fatigue').optional(),
  readiness: score('feeling.readiness').optional(),
  mood: score('feeling.mood').optional(),
});

export const ZTrainingSession = z.object({
  date: ZIsoDate,
  type: z
    .string()
    .trim()
    .min(1, { error: 'type must not be empty' })
    .max(40, { error: 'type is too long' }),
  durationMin: z
    .number({ error: 'durationMin must be a number' })
    .gt(0, { error: 'durationMin must be more than 0' })
    .max(1440, { error: 'durationMin must be at most 1440 (one day)' }),
  rpe: z
    .number({ error: 'rpe must be a number' })
    .min(0, { error: 'rpe must be from 0 to 10' })
    .max(10, { error: 'rpe must be from 0 to 10' }),
  distanceKm: z
    .number({ error: 'distanceKm must be a number' })
    .min(0, { error: 'distanceKm must not be negative' })
    .max(1000, { error: 'distanceKm must be at most 1000' })
    .optional(),
  heartRate: z
    .object({
      avgBpm: bpm('heartRate.avgBpm'),
      maxBpm: bpm('heartRate.maxBpm'),
      restBpm: bpm('heartRate.restBpm'),
      /** Minutes at 50-60, 60-70, 70-80, 80-90, 90-100 % of maximum heart rate. */
      zoneMinutes: z.tuple([z.number(), z.number(), z.number(), z.number(), z.number()]).optional(),
    })
    .refine((hr) => hr.restBpm < hr.maxBpm && hr.restBpm <= hr.avgBpm && hr.avgBpm <= hr.maxBpm, {
      error: 'heartRate must satisfy restBpm ≤ avgBpm ≤ maxBpm',
      path: ['avgBpm'],
    })
    .optional(),
  feeling: ZFeeling.optional(),
});

export type TrainingSession = z.infer<typeof ZTrainingSession>;

/** One day's wellness check-in. */
export const ZWellnessDay = z.object({
  date: ZIsoDate,
  sleepHours: z
    .number()
    .min(0, { error: 'sleepHours must be from 0 to 24' })
    .max(24, { error: 'sleepHours must be from 0 to 24' })
    .optional(),
  fatigue: score('fatigue').optional(),
  readiness: score('readiness').optional(),
  mood: score('mood').optional(),
  soreness: score('soreness').optional(),
  stress: score('stress').optional(),
});

export type WellnessDay = z.infer<typeof ZWellnessDay>;
