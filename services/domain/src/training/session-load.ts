import { DomainError } from '../errors/domain-error.ts';

/**
 * Foster session-RPE load in arbitrary units (AU): duration in minutes × the
 * session's rating of perceived exertion on the CR-10 scale (Foster et al.
 * 2001, "A new approach to monitoring exercise training", JSCR 15(1)).
 */
export function sessionLoad(session: { durationMin: number; rpe: number }): number {
  const { durationMin, rpe } = session;
  if (!(durationMin >= 0 && durationMin <= 1440)) {
    throw new DomainError(
      'invalid_input',
      `durationMin must be from 0 to 1440, got ${durationMin}`,
    );
  }
  if (!(rpe >= 0 && rpe <= 10))
    throw new DomainError('invalid_input', `rpe must be from 0 to 10, got ${rpe}`);
  return durationMin * rpe;
}

/**
 * Edwards summated-heart-rate-zones TRIMP (Edwards 1993, "The Heart Rate
 * Monitor Book"): minutes in the zones 50-60, 60-70, 70-80, 80-90 and 90-100 %
 * of maximum heart rate, weighted 1 to 5.
 */
export function edwardsTrimp(zoneMinutes: readonly number[]): number {
  if (zoneMinutes.length !== 5 || zoneMinutes.some((m) => !(m >= 0))) {
    throw new DomainError(
      'invalid_input',
      'zoneMinutes must be five non-negative numbers (50-100 % HRmax)',
    );
  }
  return zoneMinutes.reduce((sum, minutes, i) => sum + minutes * (i + 1), 0);
}

/** Minutes in each Edwards zone from heart-rate samples taken at a fixed interval. */
export function heartRateZoneMinutes(
  samplesBpm: readonly number[],
  intervalSec: number,
  hrMax: number,
): number[] {
  const zones = [0, 0, 0, 0, 0];
  for (const bpm of samplesBpm) {
    const pct = bpm / hrMax;
    if (pct < 0.5) continue;
    const zone = Math.min(4, Math.floor((pct - 0.5) * 10));
    zones[zone]! += intervalSec / 60;
  }
  return zones;
}

export type BanisterTrimpInput = {
  durationMin: number;
  hrAvg: number;
  hrRest: number;
  hrMax: number;
  sex: 'male' | 'female';
};

/**
 * Banister TRIMP (Banister 1991; Morton, Fitz-Clarke & Banister 1990):
 * duration × ΔHR × k·e^(b·ΔHR), ΔHR = (HRavg − HRrest) / (HRmax − HRrest),
 * with k = 0.64, b = 1.92 for men and k = 0.86, b = 1.67 for women.
 */
export function banisterTrimp(input: BanisterTrimpInput): number {
  const { durationMin, hrAvg, hrRest, hrMax, sex } = input;
  if (!(hrMax > hrRest && hrRest > 0 && hrAvg >= hrRest && hrAvg <= hrMax)) {
    throw new DomainError(
      'invalid_input',
      'heart rates must satisfy 0 < hrRest ≤ hrAvg ≤ hrMax, hrRest < hrMax',
    );
  }
  if (!(durationMin >= 0))
    throw new DomainError('invalid_input', 'durationMin must not be negative');
  const ratio = (hrAvg - hrRest) / (hrMax - hrRest);
  const [k, b] = sex === 'female' ? [0.86, 1.67] : [0.64, 1.92];
  return durationMin * ratio * k * Math.exp(b * ratio);
}
