import { z } from 'zod';
import airportData from '../data/airports.json' with { type: 'json' };
import { DomainError } from '../errors/domain-error.ts';

export type Airport = { iata: string; lat: number; lon: number; country: string };

const ZAirportFile = z.object({
  airports: z.record(
    z.string().regex(/^[A-Z]{3}$/),
    z.tuple([z.number().min(-90).max(90), z.number().min(-180).max(180), z.string()]),
  ),
});

let table: Map<string, Airport> | undefined;

function airports(): Map<string, Airport> {
  if (!table) {
    const parsed = ZAirportFile.safeParse(airportData);
    if (!parsed.success)
      throw new DomainError('invalid_data', `airport data: ${z.prettifyError(parsed.error)}`);
    table = new Map();
    for (const [iata, [lat, lon, country]] of Object.entries(parsed.data.airports)) {
      table.set(iata, { iata, lat, lon, country });
    }
  }
  return table;
}

export function isKnownAirport(iata: string): boolean {
  return airports().has(iata.toUpperCase());
}

/** `field` names the input in the error, e.g. "from". */
export function findAirport(iata: string, field = 'airport'): Airport {
  const airport = airports().get(iata.toUpperCase());
  if (!airport)
    throw new DomainError('unknown_airport', `${field}: unknown airport code '${iata}'`);
  return airport;
}

/** Mean Earth radius (IUGG), km. */
export const EARTH_RADIUS_KM = 6371;

/** Great-circle distance by the haversine formula on a sphere of radius 6371 km. */
export function greatCircleKm(
  a: { lat: number; lon: number },
  b: { lat: number; lon: number },
): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
