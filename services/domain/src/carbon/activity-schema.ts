import { z } from 'zod';
import { isKnownAirport } from './airports.ts';

/**
 * Upper bounds of one logged activity. They reject typing slips (an extra
 * three zeros) and nonsense, not large organisations: 100 GWh is the yearly
 * use of a big factory, 100,000 km is 2.5 times round the Earth.
 */
export const LIMITS = {
  kwh: 1e8,
  m3: 1e7,
  mj: 3.6e8,
  therms: 3.5e6,
  litres: 1e7,
  gallons: 2.5e6,
  km: 1e5,
  /** Longer than the longest possible great circle (about 20,015 km) with room for detours. */
  flightKm: 25_000,
  passengers: 9,
  nights: 1000,
} as const;

function quantity(field: string, max: number, unit: string) {
  return z
    .number({ error: `${field} must be a number` })
    .refine(Number.isFinite, { error: `${field} must be a finite number` })
    .refine((v) => v >= 0, { error: `${field} must not be negative` })
    .refine((v) => v <= max, { error: `${field} must be at most ${max} ${unit}` });
}

const ZCountry = z.string().regex(/^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?$/, {
  error: 'country must be an ISO 3166 code such as GB or FR',
});

export const ZDistance = z.object({
  value: quantity('distance.value', LIMITS.km, 'km'),
  unit: z.enum(['km', 'mi'], { error: "distance.unit must be 'km' or 'mi'" }),
});

function exactlyOne(keys: readonly string[], what: string) {
  return (value: Record<string, unknown>, ctx: z.core.$RefinementCtx) => {
    const given = keys.filter((k) => value[k] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: [given[1] ?? keys[0]!],
        message: `${what} needs exactly one of ${keys.join(', ')}`,
      });
    }
  };
}

const ZElectricity = z.object({
  type: z.literal('electricity'),
  kwh: quantity('kwh', LIMITS.kwh, 'kWh'),
  country: ZCountry.optional(),
  /** eGRID subregion acronym (e.g. CAMX) when country is US. */
  region: z
    .string()
    .regex(/^[A-Za-z]{2,4}$/, { error: 'region must be an eGRID subregion code' })
    .optional(),
});

const GAS_KEYS = ['kwh', 'm3', 'mj', 'therms'] as const;
const ZNaturalGas = z
  .object({
    type: z.literal('natural_gas'),
    kwh: quantity('kwh', LIMITS.kwh, 'kWh').optional(),
    m3: quantity('m3', LIMITS.m3, 'm³').optional(),
    mj: quantity('mj', LIMITS.mj, 'MJ').optional(),
    therms: quantity('therms', LIMITS.therms, 'therms').optional(),
  })
  .superRefine(exactlyOne(GAS_KEYS, 'natural_gas'));

const LIQUID_KEYS = ['litres', 'ukGallons', 'usGallons'] as const;
function liquidFuel<T extends 'heating_oil' | 'lpg'>(type: T) {
  return z
    .object({
      type: z.literal(type),
      litres: quantity('litres', LIMITS.litres, 'litres').optional(),
      ukGallons: quantity('ukGallons', LIMITS.gallons, 'gallons').optional(),
      usGallons: quantity('usGallons', LIMITS.gallons, 'gallons').optional(),
    })
    .superRefine(exactlyOne(LIQUID_KEYS, type));
}

const ZDistrictHeat = z.object({
  type: z.literal('district_heat'),
  kwh: quantity('kwh', LIMITS.kwh, 'kWh'),
});

const ZCar = z.object({
  type: z.literal('car'),
  distance: ZDistance,
  fuel: z.enum(['petrol', 'diesel', 'hybrid', 'plugin_hybrid', 'bev', 'unknown'], {
    error: 'fuel must be petrol, diesel, hybrid, plugin_hybrid, bev or unknown',
  }),
  size: z
    .enum(['small', 'medium', 'large', 'average'], {
      error: 'size must be small, medium, large or average',
    })
    .optional(),
  /** People sharing the car, the member included; the car's emissions are divided among them. */
  passengers: z
    .number({ error: 'passengers must be a number' })
    .int({ error: 'passengers must be a whole number' })
    .min(1, { error: 'passengers must be at least 1' })
    .max(LIMITS.passengers, { error: `passengers must be at most ${LIMITS.passengers}` })
    .optional(),
});

const ZMotorbike = z.object({ type: z.literal('motorbike'), distance: ZDistance });
const ZTaxi = z.object({ type: z.literal('taxi'), distance: ZDistance });
const ZBus = z.object({
  type: z.literal('bus'),
  distance: ZDistance,
  kind: z.enum(['local', 'coach'], { error: "kind must be 'local' or 'coach'" }),
});
const ZRail = z.object({
  type: z.literal('rail'),
  distance: ZDistance,
  kind: z.enum(['national', 'international', 'light_rail', 'underground'], {
    error: 'kind must be national, international, light_rail or underground',
  }),
});
const ZFerry = z.object({
  type: z.literal('ferry'),
  distance: ZDistance,
  kind: z.enum(['foot', 'car'], { error: "kind must be 'foot' or 'car'" }),
});

const ZIata = (field: string) =>
  z.string().regex(/^[A-Za-z]{3}$/, { error: `${field} must be a three-letter IATA airport code` });

const ZFlight = z
  .object({
    type: z.literal('flight'),
    from: ZIata('from').optional(),
    to: ZIata('to').optional(),
    distance: z
      .object({
        value: quantity('distance.value', LIMITS.flightKm, 'km'),
        unit: z.enum(['km', 'mi'], { error: "distance.unit must be 'km' or 'mi'" }),
      })
      .optional(),
    cabin: z
      .enum(['economy', 'premium_economy', 'business', 'first', 'average'], {
        error: 'cabin must be economy, premium_economy, business, first or average',
      })
      .optional(),
    haul: z
      .enum(['domestic', 'short', 'long', 'international'], {
        error: 'haul must be domestic, short, long or international',
      })
      .optional(),
  })
  .superRefine((flight, ctx) => {
    const airports = flight.from !== undefined && flight.to !== undefined;
    if (!airports && flight.distance === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [flight.from === undefined ? 'from' : 'to'],
        message: 'flight needs both from and to airports, or a distance',
      });
    }
    for (const field of ['from', 'to'] as const) {
      const code = flight[field];
      if (code !== undefined && /^[A-Za-z]{3}$/.test(code) && !isKnownAirport(code)) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `${field}: unknown airport code '${code}'`,
        });
      }
    }
    if (airports && flight.from!.toUpperCase() === flight.to!.toUpperCase()) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must differ from from' });
    }
  });

const ZHotel = z.object({
  type: z.literal('hotel'),
  nights: quantity('nights', LIMITS.nights, 'nights'),
  country: ZCountry.optional(),
});

/** Any activity the carbon engine can estimate; parse input with this at every boundary. */
export const ZCarbonActivity = z.discriminatedUnion(
  'type',
  [
    ZElectricity,
    ZNaturalGas,
    liquidFuel('heating_oil'),
    liquidFuel('lpg'),
    ZDistrictHeat,
    ZCar,
    ZMotorbike,
    ZTaxi,
    ZBus,
    ZRail,
    ZFerry,
    ZFlight,
    ZHotel,
  ],
  {
    error:
      'type must be one of electricity, natural_gas, heating_oil, lpg, district_heat, car, motorbike, taxi, bus, rail, ferry, flight, hotel',
  },
);

export type CarbonActivity = z.infer<typeof ZCarbonActivity>;
export type CarbonActivityType = CarbonActivity['type'];
