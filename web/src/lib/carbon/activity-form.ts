import type { CarbonActivity } from '@canopy/domain';

/**
 * One quick-add form for every kind of activity the carbon engine knows,
 * with the flat field names of the carbon CSV (quantity, unit, kind, from,
 * to…). Only the shape is handled here; the API judges the values and names
 * the field when one is wrong.
 */
export type ActivityType =
  | 'car'
  | 'electricity'
  | 'flight'
  | 'rail'
  | 'bus'
  | 'taxi'
  | 'motorbike'
  | 'ferry'
  | 'natural_gas'
  | 'heating_oil'
  | 'lpg'
  | 'district_heat'
  | 'hotel';

type Options = ReadonlyArray<readonly [string, string]>;

export interface TypeSpec {
  label: string;
  /** The quantity's label and the units it may be given in (first is the default). */
  quantity?: { label: string; units: Options };
  kinds?: Options;
  /** Flights: airports instead of a distance. */
  airports?: boolean;
  cabins?: Options;
  fuels?: Options;
  passengers?: boolean;
  country?: boolean;
}

const DISTANCE: Options = [
  ['km', 'kilometres'],
  ['mi', 'miles'],
];
const LIQUID: Options = [
  ['litres', 'litres'],
  ['uk_gallons', 'UK gallons'],
  ['us_gallons', 'US gallons'],
];

export const ACTIVITY_TYPES: Record<ActivityType, TypeSpec> = {
  car: {
    label: 'Car trip',
    quantity: { label: 'Distance', units: DISTANCE },
    fuels: [
      ['petrol', 'Petrol'],
      ['diesel', 'Diesel'],
      ['hybrid', 'Hybrid'],
      ['plugin_hybrid', 'Plug-in hybrid'],
      ['bev', 'Battery electric'],
      ['unknown', "Don't know"],
    ],
    passengers: true,
  },
  electricity: {
    label: 'Electricity',
    quantity: { label: 'Electricity used', units: [['kwh', 'kWh']] },
    country: true,
  },
  flight: {
    label: 'Flight',
    airports: true,
    quantity: { label: 'Or the distance', units: DISTANCE },
    cabins: [
      ['economy', 'Economy'],
      ['premium_economy', 'Premium economy'],
      ['business', 'Business'],
      ['first', 'First'],
      ['average', "Don't know"],
    ],
  },
  rail: {
    label: 'Train',
    quantity: { label: 'Distance', units: DISTANCE },
    kinds: [
      ['national', 'National rail'],
      ['international', 'International rail'],
      ['light_rail', 'Light rail or tram'],
      ['underground', 'Underground / metro'],
    ],
  },
  bus: {
    label: 'Bus or coach',
    quantity: { label: 'Distance', units: DISTANCE },
    kinds: [
      ['local', 'Local bus'],
      ['coach', 'Coach'],
    ],
  },
  taxi: { label: 'Taxi', quantity: { label: 'Distance', units: DISTANCE } },
  motorbike: { label: 'Motorbike', quantity: { label: 'Distance', units: DISTANCE } },
  ferry: {
    label: 'Ferry',
    quantity: { label: 'Distance', units: DISTANCE },
    kinds: [
      ['foot', 'On foot'],
      ['car', 'With a car'],
    ],
  },
  natural_gas: {
    label: 'Gas heating',
    quantity: {
      label: 'Gas used',
      units: [
        ['kwh', 'kWh'],
        ['m3', 'm³'],
        ['therms', 'therms'],
        ['mj', 'MJ'],
      ],
    },
  },
  heating_oil: { label: 'Heating oil', quantity: { label: 'Oil used', units: LIQUID } },
  lpg: { label: 'LPG', quantity: { label: 'LPG used', units: LIQUID } },
  district_heat: {
    label: 'District heating',
    quantity: { label: 'Heat used', units: [['kwh', 'kWh']] },
  },
  hotel: {
    label: 'Hotel stay',
    quantity: { label: 'Nights', units: [['nights', 'nights']] },
    country: true,
  },
};

export const isActivityType = (t: string): t is ActivityType => t in ACTIVITY_TYPES;

const text = (value: FormDataEntryValue | null | undefined) =>
  typeof value === 'string' ? value.trim() : '';
const number = (t: string) => (t === '' ? Number.NaN : Number(t));

/** Flat form fields → the API's activity. An unknown type is passed on for the API to name. */
export function activityFromFields(get: (name: string) => string): Record<string, unknown> {
  const type = get('type');
  if (!isActivityType(type)) return { type };
  const quantity = get('quantity');
  const unit = get('unit') || ACTIVITY_TYPES[type].quantity?.units[0]?.[0] || '';
  const distance = { value: number(quantity), unit };
  switch (type) {
    case 'car': {
      const passengers = get('passengers');
      return {
        type,
        distance,
        fuel: get('fuel') || 'unknown',
        ...(passengers && { passengers: number(passengers) }),
      };
    }
    case 'electricity': {
      const country = get('country').toUpperCase();
      return { type, kwh: number(quantity), ...(country && { country }) };
    }
    case 'flight': {
      const from = get('from').toUpperCase();
      const to = get('to').toUpperCase();
      const cabin = get('cabin');
      return {
        type,
        ...(from && { from }),
        ...(to && { to }),
        // Airports win; a distance is only sent when they are not both given.
        ...(!(from && to) && quantity !== '' && { distance }),
        ...(cabin && { cabin }),
      };
    }
    case 'rail':
    case 'bus':
    case 'ferry':
      return { type, distance, kind: get('kind') };
    case 'taxi':
    case 'motorbike':
      return { type, distance };
    case 'natural_gas':
      return { type, [unit]: number(quantity) };
    case 'heating_oil':
    case 'lpg': {
      const key =
        unit === 'uk_gallons' ? 'ukGallons' : unit === 'us_gallons' ? 'usGallons' : 'litres';
      return { type, [key]: number(quantity) };
    }
    case 'district_heat':
      return { type, kwh: number(quantity) };
    case 'hotel': {
      const country = get('country').toUpperCase();
      return { type, nights: number(quantity), ...(country && { country }) };
    }
  }
}

export function activityInput(form: FormData) {
  const get = (name: string) => text(form.get(name));
  const note = get('note');
  return {
    occurredOn: get('occurredOn'),
    // Typed as the API's input; the API checks it and names what is wrong.
    activity: activityFromFields(get) as CarbonActivity,
    ...(note && { note }),
  };
}

/** A stored activity → the form's flat fields, to edit it. */
export function fieldsFromActivity(activity: Record<string, unknown>): Record<string, string> {
  const s = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  const out: Record<string, string> = { type: s(activity.type) };
  const distance = activity.distance as { value?: number; unit?: string } | undefined;
  if (distance) {
    out.quantity = s(distance.value);
    out.unit = s(distance.unit);
  }
  for (const key of ['kind', 'from', 'to', 'cabin', 'country', 'fuel', 'passengers']) {
    if (activity[key] !== undefined) out[key] = s(activity[key]);
  }
  const amounts: Array<[string, string]> = [
    ['kwh', 'kwh'],
    ['m3', 'm3'],
    ['mj', 'mj'],
    ['therms', 'therms'],
    ['litres', 'litres'],
    ['ukGallons', 'uk_gallons'],
    ['usGallons', 'us_gallons'],
    ['nights', 'nights'],
  ];
  for (const [key, unit] of amounts) {
    if (activity[key] !== undefined) {
      out.quantity = s(activity[key]);
      out.unit = unit;
    }
  }
  return out;
}

/** The API's input paths → the form's flat field names. */
export function activityFieldOf(path: string): string {
  if (path === 'occurredOn' || path === 'note') return path;
  if (path === 'id') return 'form';
  const rest = path.replace(/^activity\.?/, '');
  if (rest === '' || rest === 'type') return 'type';
  if (rest === 'distance.unit') return 'unit';
  if (/^(distance(\.value)?|kwh|m3|mj|therms|litres|ukGallons|usGallons|nights)$/.test(rest)) {
    return 'quantity';
  }
  if (['kind', 'from', 'to', 'cabin', 'country', 'fuel', 'passengers'].includes(rest)) return rest;
  return 'form';
}

export function activityFieldErrors(apiErrors: Record<string, string[]>) {
  const out: Record<string, string[]> = {};
  for (const [path, messages] of Object.entries(apiErrors)) {
    (out[activityFieldOf(path)] ??= []).push(...messages);
  }
  return out;
}
