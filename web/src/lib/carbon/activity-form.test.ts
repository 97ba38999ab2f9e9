import { describe, expect, it } from 'vitest';
import {
  activityFieldErrors,
  activityFromFields,
  activityInput,
  fieldsFromActivity,
} from './activity-form.ts';

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};
const from = (fields: Record<string, string>) => activityFromFields((n) => fields[n] ?? '');

describe('activityFromFields', () => {
  it('sends a flight between airports, upper-cased, without the unused distance box', () => {
    expect(from({ type: 'flight', from: 'lhr', to: 'jfk', cabin: 'economy', unit: 'km' })).toEqual({
      type: 'flight',
      from: 'LHR',
      to: 'JFK',
      cabin: 'economy',
    });
  });

  it('sends a flight by distance when the airports are not both given', () => {
    expect(from({ type: 'flight', quantity: '900', unit: 'mi' })).toEqual({
      type: 'flight',
      distance: { value: 900, unit: 'mi' },
    });
  });

  it('nests travel distances and passes the kind', () => {
    expect(from({ type: 'rail', quantity: '120', unit: 'km', kind: 'national' })).toEqual({
      type: 'rail',
      distance: { value: 120, unit: 'km' },
      kind: 'national',
    });
  });

  it('puts fuel amounts under the unit the API expects', () => {
    expect(from({ type: 'natural_gas', quantity: '310', unit: 'therms' })).toEqual({
      type: 'natural_gas',
      therms: 310,
    });
    expect(from({ type: 'heating_oil', quantity: '500', unit: 'uk_gallons' })).toEqual({
      type: 'heating_oil',
      ukGallons: 500,
    });
    expect(from({ type: 'hotel', quantity: '', country: 'fr' })).toEqual({
      type: 'hotel',
      nights: Number.NaN,
      country: 'FR',
    });
  });

  it('round-trips a stored activity through the edit form', () => {
    for (const activity of [
      { type: 'bus', distance: { value: 12, unit: 'km' }, kind: 'coach' },
      { type: 'lpg', usGallons: 40 },
      { type: 'flight', from: 'LHR', to: 'CDG', cabin: 'business' },
      { type: 'hotel', nights: 3, country: 'DE' },
      { type: 'car', distance: { value: 30, unit: 'mi' }, fuel: 'diesel', passengers: 2 },
      { type: 'electricity', kwh: 250, country: 'FR' },
    ]) {
      const fields = fieldsFromActivity(activity);
      expect(from(fields)).toEqual(activity);
    }
  });
});

describe('activityInput and its errors', () => {
  it('takes the day and note with the activity', () => {
    expect(
      activityInput(
        form({
          type: 'taxi',
          quantity: '8',
          unit: 'km',
          occurredOn: '2026-11-20',
          note: 'airport',
        }),
      ),
    ).toEqual({
      occurredOn: '2026-11-20',
      activity: { type: 'taxi', distance: { value: 8, unit: 'km' } },
      note: 'airport',
    });
  });

  it("puts the API's messages beside the flat fields", () => {
    expect(
      activityFieldErrors({
        'activity.distance.value': ['distance.value must be a number'],
        'activity.from': ["from: unknown airport code 'XXX'"],
        'activity.therms': ['therms must not be negative'],
        'activity.kind': ['kind must be national, international, light_rail or underground'],
        occurredOn: ['must be a calendar date YYYY-MM-DD'],
        'activity.type': ['bad type'],
      }),
    ).toEqual({
      quantity: ['distance.value must be a number', 'therms must not be negative'],
      from: ["from: unknown airport code 'XXX'"],
      kind: ['kind must be national, international, light_rail or underground'],
      occurredOn: ['must be a calendar date YYYY-MM-DD'],
      type: ['bad type'],
    });
  });
});
