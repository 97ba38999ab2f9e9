import { z } from 'zod';

/**
 * Form fields → the API's activity input. Only the shape is handled here
 * (text to numbers, names to the API's nesting); whether the values are
 * acceptable is the API's call, and its field errors come back per field.
 */
const number = (value: FormDataEntryValue | null) => {
  const text = typeof value === 'string' ? value.trim() : '';
  return text === '' ? Number.NaN : Number(text);
};
const text = (value: FormDataEntryValue | null) => (typeof value === 'string' ? value.trim() : '');

export const ZKind = z.enum(['car', 'electricity']);
export type QuickAddKind = z.infer<typeof ZKind>;

export function quickAddInput(kind: QuickAddKind, form: FormData) {
  const occurredOn = text(form.get('occurredOn'));
  const note = text(form.get('note'));
  const common = { occurredOn, ...(note && { note }) };
  if (kind === 'car') {
    const passengers = text(form.get('passengers'));
    return {
      ...common,
      activity: {
        type: 'car' as const,
        distance: {
          value: number(form.get('distance')),
          unit: text(form.get('unit')) as 'km' | 'mi',
        },
        fuel: text(form.get('fuel')) as 'petrol',
        ...(passengers && { passengers: number(passengers) }),
      },
    };
  }
  const country = text(form.get('country')).toUpperCase();
  return {
    ...common,
    activity: {
      type: 'electricity' as const,
      kwh: number(form.get('kwh')),
      ...(country && { country }),
    },
  };
}

/**
 * The API names fields by their path in its input ("activity.distance.value");
 * the form names them flat. NaN from an empty box is reported by the API as
 * "must be a number", which is what the member needs to read.
 */
export const FIELD_OF_PATH: Record<string, string> = {
  occurredOn: 'occurredOn',
  note: 'note',
  'activity.distance.value': 'distance',
  'activity.distance': 'distance',
  'activity.distance.unit': 'unit',
  'activity.fuel': 'fuel',
  'activity.passengers': 'passengers',
  'activity.kwh': 'kwh',
  'activity.country': 'country',
};

export function formFieldErrors(apiErrors: Record<string, string[]>) {
  const out: Record<string, string[]> = {};
  for (const [path, messages] of Object.entries(apiErrors)) {
    const field = FIELD_OF_PATH[path] ?? 'form';
    (out[field] ??= []).push(...messages);
  }
  return out;
}
