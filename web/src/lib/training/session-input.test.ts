import { describe, expect, it } from 'vitest';
import { mapApiErrors } from '#lib/server/form-refusal.ts';
import {
  displayDistance,
  SESSION_FIELDS,
  sessionInput,
  stepsInput,
  wellnessInput,
} from './session-input.ts';

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

describe('sessionInput', () => {
  it("builds the API's session from the form, at the member's local time", () => {
    expect(
      sessionInput(
        form({
          type: ' run ',
          date: '2026-11-20',
          time: '07:30',
          durationMin: '45',
          rpe: '6',
          distance: '10',
          fatigue: '4',
          notes: 'easy',
        }),
        'Europe/Berlin',
        'metric',
      ),
    ).toEqual({
      startedAt: new Date('2026-11-20T06:30:00Z'),
      type: 'run',
      durationMin: 45,
      rpe: 6,
      distanceKm: 10,
      feeling: { fatigue: 4 },
      notes: 'easy',
    });
  });

  it('converts miles to km for a member who uses imperial units', () => {
    const input = sessionInput(
      form({
        type: 'run',
        date: '2026-11-20',
        time: '07:30',
        durationMin: '30',
        rpe: '5',
        distance: '5',
      }),
      'UTC',
      'imperial',
    );
    expect(input.distanceKm).toBeCloseTo(8.047, 3);
  });

  it('leaves blank optional figures out, and sends a blank required one as not-a-number', () => {
    const input = sessionInput(
      form({ type: 'ride', date: '2026-11-20', time: '07:30', durationMin: '', rpe: '5' }),
      'UTC',
      'metric',
    );
    expect(input.durationMin).toBeNaN();
    expect(input).not.toHaveProperty('distanceKm');
    expect(input).not.toHaveProperty('heartRate');
    expect(input).not.toHaveProperty('feeling');
    expect(input).not.toHaveProperty('notes');
  });

  it('sends all three heart-rate figures once one is given, so a missing one is named', () => {
    const input = sessionInput(
      form({
        type: 'run',
        date: '2026-11-20',
        time: '07:30',
        durationMin: '30',
        rpe: '5',
        avgBpm: '150',
      }),
      'UTC',
      'metric',
    );
    expect(input.heartRate?.avgBpm).toBe(150);
    expect(input.heartRate?.restBpm).toBeNaN();
    expect(input.heartRate?.maxBpm).toBeNaN();
  });
});

describe('mapApiErrors with the session fields', () => {
  it("puts the API's messages under the form's fields, and the rest on the form", () => {
    expect(
      mapApiErrors(
        {
          durationMin: ['durationMin must be more than 0'],
          startedAt: ['startedAt must be a time from 1900 to 2199'],
          'heartRate.restBpm': ['heartRate.restBpm must be a number'],
          somethingElse: ['odd'],
        },
        SESSION_FIELDS,
      ),
    ).toEqual({
      durationMin: ['durationMin must be more than 0'],
      date: ['startedAt must be a time from 1900 to 2199'],
      restBpm: ['heartRate.restBpm must be a number'],
      form: ['odd'],
    });
  });
});

describe('wellness and steps', () => {
  it('sends only the scores the member filled in', () => {
    expect(
      wellnessInput(form({ date: '2026-11-20', fatigue: '3', mood: '', sleepHours: '7.5' })),
    ).toEqual({
      date: '2026-11-20',
      fatigue: 3,
      sleepHours: 7.5,
    });
  });

  it('reads the steps as a number, blank as not-a-number', () => {
    expect(stepsInput(form({ date: '2026-11-20', steps: '9120' }))).toEqual({
      date: '2026-11-20',
      steps: 9120,
    });
    expect(stepsInput(form({ date: '2026-11-20', steps: '' })).steps).toBeNaN();
  });
});

describe('displayDistance', () => {
  it('shows km or miles per the profile', () => {
    expect(displayDistance(10, 'metric')).toEqual({ value: 10, unit: 'km' });
    expect(displayDistance(10, 'imperial')).toEqual({ value: 6.21, unit: 'mi' });
  });
});
