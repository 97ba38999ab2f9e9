import { findAirport, type Airport } from '@canopy/domain';

/**
 * The domain looks an airport up by its code (and throws for an unknown one)
 * and holds no names; so the list is built once, on the first search, by
 * asking for every three-letter code, and searched by code or by the
 * country's English name.
 */
let all: Array<Airport & { countryName: string }> | undefined;
const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

function countryName(code: string): string {
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}

function airports() {
  if (!all) {
    const found: Array<Airport & { countryName: string }> = [];
    const A = 'A'.charCodeAt(0);
    for (let i = 0; i < 26 ** 3; i += 1) {
      const code = String.fromCharCode(
        A + Math.floor(i / 676),
        A + (Math.floor(i / 26) % 26),
        A + (i % 26),
      );
      let airport: Airport;
      try {
        airport = findAirport(code);
      } catch {
        continue;
      }
      found.push({ ...airport, countryName: countryName(airport.country) });
    }
    all = found;
  }
  return all;
}

/** Codes starting with the query first, then airports in countries whose name starts with it. */
export function searchAirports(query: string, limit = 20) {
  const q = query.trim();
  if (q.length === 0) return [];
  const upper = q.toUpperCase();
  const lower = q.toLowerCase();
  const byCode = airports().filter((a) => a.iata.startsWith(upper));
  const byCountry =
    q.length >= 3
      ? airports().filter(
          (a) => !a.iata.startsWith(upper) && a.countryName.toLowerCase().startsWith(lower),
        )
      : [];
  return [...byCode, ...byCountry]
    .slice(0, limit)
    .map((a) => ({ iata: a.iata, country: a.country, countryName: a.countryName }));
}
