import type { Db } from '@canopy/db';
import { firstSessionDate, listSessionLoads } from '@canopy/db';
import type { LoadSeriesRow } from '@canopy/domain';
import { addDays, loadSeries } from '@canopy/domain';

/**
 * Days of history read before `from`: three 42-day time constants, so CTL
 * carries less than 5 % of the unknown before it (e^-3), and both the 28-day
 * and the 42-day windows are full on `from`.
 */
export const WARM_UP_DAYS = 3 * 42;

/** The domain's load series over a member's own sessions, warmed up on the days before `from`. */
export async function memberLoadSeries(
  db: Db,
  userId: string,
  from: string,
  to: string,
): Promise<LoadSeriesRow[]> {
  const readFrom = addDays(from, -WARM_UP_DAYS);
  const [sessions, first] = await Promise.all([
    listSessionLoads(db, userId, readFrom, to),
    firstSessionDate(db, userId),
  ]);
  // Rest days count as real rest from the member's first session on; before
  // it nothing is known, and windows reaching back there stay null.
  const historyStart = first === undefined ? from : first > readFrom ? first : readFrom;
  return loadSeries(
    sessions.map((s) => ({ date: s.local_date, durationMin: s.duration_min, rpe: s.rpe! })),
    { from, to, historyStart },
  );
}
