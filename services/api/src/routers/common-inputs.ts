// Input pieces shared by every router.
import { toEpochDay, ZIsoDate } from '@canopy/domain';
import { z } from 'zod';

/** Postgres text cannot hold NUL, so refuse it here rather than fail at the database. */
export function withoutNul<T extends z.ZodType<string>>(schema: T, field: string) {
  return schema.refine((s) => !s.includes('\u0000'), {
    error: `${field} must not contain NUL characters`,
  });
}

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
