import { KM_PER_MILE } from '@canopy/domain';
import { localInstant } from './local-instant.ts';

/**
 * The session form → the API's session input. Only the shape is handled here
 * (text to numbers, local date and time to an instant, the member's distance
 * unit to km); whether the values are acceptable is the API's call, and its
 * field errors come back per field.
 */
const text = (value: FormDataEntryValue | null) => (typeof value === 'string' ? value.trim() : '');
const number = (value: FormDataEntryValue | null) => {
  const t = text(value);
  return t === '' ? Number.NaN : Number(t);
};
/** An optional number: absent when the box is blank. */
const optional = (value: FormDataEntryValue | null) =>
  text(value) === '' ? undefined : number(value);

export type Units = 'metric' | 'imperial';

export function sessionInput(form: FormData, timeZone: string, units: Units) {
  const distance = optional(form.get('distance'));
  const heart = {
    restBpm: optional(form.get('restBpm')),
    avgBpm: optional(form.get('avgBpm')),
    maxBpm: optional(form.get('maxBpm')),
  };
  const feeling = {
    fatigue: optional(form.get('fatigue')),
    readiness: optional(form.get('readiness')),
    mood: optional(form.get('mood')),
  };
  const given = <T extends object>(o: T) => Object.values(o).some((v) => v !== undefined);
  const notes = text(form.get('notes'));
  return {
    startedAt: localInstant(text(form.get('date')), text(form.get('time')), timeZone),
    type: text(form.get('type')),
    durationMin: number(form.get('durationMin')),
    rpe: number(form.get('rpe')),
    ...(distance !== undefined && {
      distanceKm: units === 'imperial' ? round(distance * KM_PER_MILE, 3) : distance,
    }),
    // The API wants all three figures together; a blank one among them is
    // sent as not-a-number so its error names that field.
    ...(given(heart) && {
      heartRate: {
        restBpm: heart.restBpm ?? Number.NaN,
        avgBpm: heart.avgBpm ?? Number.NaN,
        maxBpm: heart.maxBpm ?? Number.NaN,
      },
    }),
    ...(given(feeling) && {
      feeling: Object.fromEntries(Object.entries(feeling).filter(([, v]) => v !== undefined)),
    }),
    ...(notes && { notes }),
  };
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The API's input paths → the form's field names. */
export const SESSION_FIELDS: Record<string, string> = {
  startedAt: 'date',
  type: 'type',
  durationMin: 'durationMin',
  rpe: 'rpe',
  distanceKm: 'distance',
  'heartRate.restBpm': 'restBpm',
  'heartRate.avgBpm': 'avgBpm',
  'heartRate.maxBpm': 'maxBpm',
  heartRate: 'avgBpm',
  'feeling.fatigue': 'fatigue',
  'feeling.readiness': 'readiness',
  'feeling.mood': 'mood',
  notes: 'notes',
  id: 'form',
};

export const WELLNESS_FIELDS: Record<string, string> = {
  date: 'date',
  fatigue: 'fatigue',
  readiness: 'readiness',
  mood: 'mood',
  soreness: 'soreness',
  stress: 'stress',
  sleepHours: 'sleepHours',
};

export const STEPS_FIELDS: Record<string, string> = { date: 'date', steps: 'steps' };

/** A wellness check-in; a blank score is left out so the stored one stays. */
export function wellnessInput(form: FormData) {
  const scores = ['fatigue', 'readiness', 'mood', 'soreness', 'stress', 'sleepHours'] as const;
  const out: { date: string } & Partial<Record<(typeof scores)[number], number>> = {
    date: text(form.get('date')),
  };
  for (const name of scores) {
    const value = optional(form.get(name));
    if (value !== undefined) out[name] = value;
  }
  return out;
}

export function stepsInput(form: FormData) {
  return { date: text(form.get('date')), steps: number(form.get('steps')) };
}

/** Distance for display in the member's unit. */
export function displayDistance(km: number, units: Units): { value: number; unit: 'km' | 'mi' } {
  return units === 'imperial'
    ? { value: round(km / KM_PER_MILE, 2), unit: 'mi' }
    : { value: round(km, 2), unit: 'km' };
}
