// A member's check-ins and sessions inserted straight into the database, so a
// readiness model has something to learn from.
import type { Db } from '@canopy/db';
import { addDays } from '@canopy/domain';

/** `days` daily check-ins (all scores) and a session every other day, up to the day before `today`. */
export async function insertReadinessHistory(db: Db, userId: string, today: string, days: number) {
  const wellness = [];
  const sessions = [];
  for (let i = days; i >= 1; i--) {
    const day = addDays(today, -i);
    // Deterministic variety: readiness falls with fatigue and rises with sleep.
    const fatigue = 1 + ((i * 7) % 10);
    const sleep = 5 + ((i * 3) % 5);
    wellness.push({
      user_id: userId,
      day,
      fatigue,
      readiness: Math.max(1, Math.min(10, Math.round(11 - fatigue * 0.6 + (sleep - 7) * 0.8))),
      mood: 1 + ((i * 5) % 10),
      soreness: 1 + ((i * 3) % 10),
      stress: 1 + ((i * 9) % 10),
      sleep_hours: sleep,
    });
    if (i % 2 === 0) {
      const rpe = 3 + (i % 6);
      const duration = 30 + (i % 4) * 15;
      sessions.push({
        user_id: userId,
        started_at: new Date(`${day}T07:00:00Z`),
        local_date: day,
        sport: 'run',
        duration_min: duration,
        rpe,
        load_au: rpe * duration,
      });
    }
  }
  await db.insertInto('wellness_days').values(wellness).execute();
  await db.insertInto('training_sessions').values(sessions).execute();
}
