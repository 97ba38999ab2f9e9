import type { TrainingSessionChanges } from '@canopy/db';
import { edwardsTrimp, localDate, sessionLoad } from '@canopy/domain';
import type { SessionInput } from './schemas.ts';

/** The stored columns of a session, with its load and calendar day worked out. */
export function sessionColumns(input: SessionInput, timeZone: string) {
  const zones = input.heartRate?.zoneMinutes;
  return {
    started_at: input.startedAt,
    local_date: localDate(input.startedAt, timeZone),
    sport: input.type,
    duration_min: input.durationMin,
    rpe: input.rpe,
    distance_km: input.distanceKm ?? null,
    hr_avg: input.heartRate?.avgBpm ?? null,
    hr_max: input.heartRate?.maxBpm ?? null,
    fatigue: input.feeling?.fatigue ?? null,
    readiness: input.feeling?.readiness ?? null,
    mood: input.feeling?.mood ?? null,
    load_au: sessionLoad(input),
    trimp: zones ? edwardsTrimp(zones) : null,
    notes: input.notes || null,
  } satisfies TrainingSessionChanges;
}
