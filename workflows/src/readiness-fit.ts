// How a member's readiness model is fitted, shared by the activity that
// refits it after their data changes and the API that predicts with it, so
// a stored fit and a fit made on request are the same model.
import type { Db } from '@canopy/db';
import {
  firstSessionDate,
  listSessionLoads,
  listWellnessDays,
  readinessFingerprint,
} from '@canopy/db';
import type { LoadSeriesRow, ReadinessModel, WellnessDay } from '@canopy/domain';
import { addDays, fitReadinessModel, loadSeries, readinessHistory } from '@canopy/domain';

/** The model learns from the last year: long enough for seasons, recent enough to be the member now. */
export const READINESS_HISTORY_DAYS = 365;
/**
 * Days of sessions read before the first day of history: three 42-day time
 * constants, so CTL carries less than 5 % of the unknown before it (e^-3).
 */
export const LOAD_WARM_UP_DAYS = 3 * 42;

export function readinessWindow(date: string) {
  const wellnessFrom = addDays(date, -READINESS_HISTORY_DAYS);
  return { wellnessFrom, sessionsFrom: addDays(wellnessFrom, -LOAD_WARM_UP_DAYS), to: date };
}

type WellnessRow = Awaited<ReturnType<typeof listWellnessDays>>[number];
function wellnessDay(row: WellnessRow): WellnessDay {
  const day: WellnessDay = { date: row.day };
  if (row.sleep_hours !== null) day.sleepHours = row.sleep_hours;
  if (row.fatigue !== null) day.fatigue = row.fatigue;
  if (row.readiness !== null) day.readiness = row.readiness;
  if (row.mood !== null) day.mood = row.mood;
  if (row.soreness !== null) day.soreness = row.soreness;
  if (row.stress !== null) day.stress = row.stress;
  return day;
}

/** The member's load series and wellness days a prediction for `date` rests on. */
export async function readinessData(
  db: Db,
  userId: string,
  date: string,
): Promise<{ series: LoadSeriesRow[]; wellness: WellnessDay[] }> {
  const { wellnessFrom, sessionsFrom } = readinessWindow(date);
  const [rows, sessions, first] = await Promise.all([
    listWellnessDays(db, userId, wellnessFrom, date),
    listSessionLoads(db, userId, sessionsFrom, date),
    firstSessionDate(db, userId),
  ]);
  // Rest days count as real rest from the member's first session on; before
  // it nothing is known, and windows reaching back there stay null.
  const historyStart =
    first === undefined ? wellnessFrom : first > sessionsFrom ? first : sessionsFrom;
  const series = loadSeries(
    sessions.map((s) => ({ date: s.local_date, durationMin: s.duration_min, rpe: s.rpe! })),
    { from: wellnessFrom, to: date, historyStart },
  );
  return { series, wellness: rows.map(wellnessDay) };
}

/** The model for predicting `date`: the day's own readiness is the answer, never an example. */
export function fitReadinessFor(
  date: string,
  data: { series: LoadSeriesRow[]; wellness: WellnessDay[] },
): ReadinessModel {
  return fitReadinessModel(
    readinessHistory(
      data.series,
      data.wellness.filter((w) => w.date < date),
    ),
  );
}

/** Fingerprint of the rows a fit for `date` reads; equal fingerprints, equal model. */
export function readinessDataFingerprint(db: Db, userId: string, date: string) {
  return readinessFingerprint(db, userId, readinessWindow(date));
}
