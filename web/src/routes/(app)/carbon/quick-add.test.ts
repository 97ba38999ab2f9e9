import { describe, expect, it } from 'vitest';
import { formFieldErrors, quickAddInput } from './quick-add.ts';

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

describe('quickAddInput', () => {
  it("builds the API's car activity from the form", () => {
    expect(
      quickAddInput(
        'car',
        form({
          occurredOn: '2026-11-22',
          distance: ' 42.5 ',
          unit: 'km',
          fuel: 'diesel',
          passengers: '2',
        }),
      ),
    ).toEqual({
      occurredOn: '2026-11-22',
      activity: {
        type: 'car',
        distance: { value: 42.5, unit: 'km' },
        fuel: 'diesel',
        passengers: 2,
      },
    });
  });

  it('sends an empty amount as not-a-number, for the API to name the field', () => {
    const input = quickAddInput('electricity', form({ occurredOn: '2026-11-22', kwh: '' }));
    expect(input.activity).toEqual({ type: 'electricity', kwh: Number.NaN });
  });

  it('upper-cases the country and leaves it out when blank', () => {
    expect(quickAddInput('electricity', form({ kwh: '10', country: 'fr' })).activity).toMatchObject(
      {
        country: 'FR',
      },
    );
    expect(
      quickAddInput('electricity', form({ kwh: '10', country: ' ' })).activity,
    ).not.toHaveProperty('country');
  });
});

describe('formFieldErrors', () => {
  it("puts the API's nested paths on the form's fields, and the rest on the form", () => {
    expect(
      formFieldErrors({
        'activity.distance.value': ['distance.value must be a number'],
        'activity.fuel': ['fuel must be petrol, diesel, hybrid, plugin_hybrid, bev or unknown'],
        factorSet: ['factorSet must be a factor set id such as desnz-2025'],
      }),
    ).toEqual({
      distance: ['distance.value must be a number'],
      fuel: ['fuel must be petrol, diesel, hybrid, plugin_hybrid, bev or unknown'],
      form: ['factorSet must be a factor set id such as desnz-2025'],
    });
  });
});
