import { createHash } from 'node:crypto';
import type { ImportRowError } from '@canopy/db';
import type { ParsedSession } from './parsed-session.ts';

const DAY_MS = 24 * 3600_000;

/** The first implausible value of a session, naming its field, or undefined when it is plausible. */
export function implausibility(s: ParsedSession, now: Date): ImportRowError | undefined {
  const at = (field: string, message: string) => ({ line: s.line, field, message });
  const t = s.startedAt.getTime();
  if (!Number.isFinite(t) || s.startedAt.getUTCFullYear() < 1900) {
    return at('start', 'start is not a plausible time');
  }
  if (t > now.getTime() + DAY_MS) return at('start', 'start is in the future');
  if (!s.sport || s.sport.length > 40) return at('sport', 'sport must be 1 to 40 characters');
  if (!(s.durationMin > 0)) return at('duration_min', 'duration must be more than 0 minutes');
  if (s.durationMin > 1440) return at('duration_min', 'duration must be at most 24 hours');
  if (s.rpe !== null && !(s.rpe >= 0 && s.rpe <= 10)) return at('rpe', 'rpe must be from 0 to 10');
  if (s.distanceKm !== null && !(s.distanceKm >= 0 && s.distanceKm <= 1000)) {
    return at('distance_km', 'distance must be from 0 to 1000 km');
  }
  for (const [field, bpm] of [
    ['hr_avg', s.hrAvg],
    ['hr_max', s.hrMax],
  ] as const) {
    if (bpm !== null && !(Number.isInteger(bpm) && bpm >= 25 && bpm <= 250)) {
      return at(field, `${field} must be whole beats per minute from 25 to 250`);
    }
  }
  if (s.hrAvg !== null && s.hrMax !== null && s.hrAvg > s.hrMax) {
    return at('hr_avg', 'hr_avg must not be above hr_max');
  }
  if (s.notes !== null && (s.notes.length > 2000 || s.notes.includes('\u0000'))) {
    return at('notes', 'notes must be at most 2000 characters, without NUL');
  }
  return undefined;
}

/** Same start second and sport: the same session, whichever file or device it came from. */
export function sessionDedupeKey(s: Pick<ParsedSession, 'startedAt' | 'sport'>): string {
  const second = Math.floor(s.startedAt.getTime() / 1000);
  return 'session:' + createHash('sha256').update(`${second}|${s.sport}`).digest('hex');
}

export const endOf = (s: { startedAt: Date; durationMin: number }) =>
  s.startedAt.getTime() + s.durationMin * 60_000;
