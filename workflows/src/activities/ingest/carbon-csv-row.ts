import { createHash } from 'node:crypto';
import type { CarbonActivity } from '@canopy/domain';
import { ZCarbonActivity, ZIsoDate } from '@canopy/domain';

/**
 * The carbon CSV format. A header row names the columns, in any order; only
 * `date` and `type` are required, the others are blank where they do not apply.
 *
 * | column     | meaning                                                                 |
 * |------------|-------------------------------------------------------------------------|
 * | date       | YYYY-MM-DD                                                              |
 * | type       | electricity, natural_gas, heating_oil, lpg, district_heat, car,         |
 * |            | motorbike, taxi, bus, rail, ferry, flight, hotel                        |
 * | quantity   | the amount, in `unit`                                                   |
 * | unit       | kwh (electricity, district_heat, natural_gas), m3, mj, therms (gas);    |
 * |            | litres, uk_gallons, us_gallons (heating_oil, lpg); km, mi (travel);     |
 * |            | nights (hotel). Travel and hotel rows may leave it blank (km, nights).  |
 * | fuel       | car: petrol, diesel, hybrid, plugin_hybrid, bev, unknown                |
 * | size       | car: small, medium, large, average                                      |
 * | kind       | bus: local, coach; rail: national, international, light_rail,           |
 * |            | underground; ferry: foot, car                                           |
 * | from, to   | flight: IATA airport codes (instead of a distance)                      |
 * | cabin      | flight: economy, premium_economy, business, first, average              |
 * | haul       | flight: domestic, short, long, international                            |
 * | country    | electricity, hotel: ISO 3166 code                                       |
 * | region     | electricity in the US: eGRID subregion                                  |
 * | passengers | car: people sharing it                                                  |
 * | note       | free text                                                               |
 *
 * Two rows with the same date, activity and note are the same row: importing
 * it again, from this file or another, stores nothing new.
 */
export const CARBON_CSV_COLUMNS = [
  'date',
  'type',
  'quantity',
  'unit',
  'fuel',
  'size',
  'kind',
  'from',
  'to',
  'cabin',
  'haul',
  'country',
  'region',
  'passengers',
  'note',
] as const;
export type CarbonCsvColumn = (typeof CARBON_CSV_COLUMNS)[number];

const TRAVEL = new Set(['car', 'motorbike', 'taxi', 'bus', 'rail', 'ferry', 'flight']);
const UNIT_KEYS: Record<string, Record<string, string>> = {
  electricity: { kwh: 'kwh' },
  district_heat: { kwh: 'kwh' },
  natural_gas: { kwh: 'kwh', m3: 'm3', mj: 'mj', therms: 'therms' },
  heating_oil: { litres: 'litres', uk_gallons: 'ukGallons', us_gallons: 'usGallons' },
  lpg: { litres: 'litres', uk_gallons: 'ukGallons', us_gallons: 'usGallons' },
  hotel: { nights: 'nights' },
};
const MAX_NOTE = 500;

export interface CarbonCsvRowError {
  field: string | null;
  message: string;
}

export type CarbonCsvRow =
  | { ok: true; date: string; activity: CarbonActivity; note: string | null; dedupeKey: string }
  | { ok: false; error: CarbonCsvRowError };

/** Reads the header: the column index of each known column, or the problem with it. */
export function readHeader(
  fields: string[],
): { ok: true; index: Map<CarbonCsvColumn, number> } | { ok: false; message: string } {
  const index = new Map<CarbonCsvColumn, number>();
  for (const [i, raw] of fields.entries()) {
    const name = raw.trim().toLowerCase();
    if (!(CARBON_CSV_COLUMNS as readonly string[]).includes(name)) {
      return {
        ok: false,
        message: `unknown column '${raw}'; columns are ${CARBON_CSV_COLUMNS.join(', ')}`,
      };
    }
    if (index.has(name as CarbonCsvColumn)) {
      return { ok: false, message: `column '${name}' appears twice` };
    }
    index.set(name as CarbonCsvColumn, i);
  }
  for (const required of ['date', 'type'] as const) {
    if (!index.has(required))
      return { ok: false, message: `the header has no '${required}' column` };
  }
  return { ok: true, index };
}

const fail = (field: string | null, message: string): CarbonCsvRow => ({
  ok: false,
  error: { field, message },
});

/** One data row as a validated activity, or the first problem with it, naming the column. */
export function readCarbonRow(fields: string[], index: Map<CarbonCsvColumn, number>): CarbonCsvRow {
  if (fields.length > index.size) {
    return fail(null, `has ${fields.length} fields but the header names ${index.size} columns`);
  }
  const cell = (c: CarbonCsvColumn) => {
    const i = index.get(c);
    const v = i === undefined ? undefined : fields[i]?.trim();
    return v === '' ? undefined : v;
  };
  const date = cell('date');
  if (!date || !ZIsoDate.safeParse(date).success) return fail('date', 'date must be YYYY-MM-DD');
  const type = cell('type')?.toLowerCase();
  if (!type) return fail('type', 'type is required');

  const candidate: Record<string, unknown> = { type };
  const quantityText = cell('quantity');
  const quantity = quantityText === undefined ? undefined : Number(quantityText);
  if (quantityText !== undefined && !Number.isFinite(quantity)) {
    return fail('quantity', 'quantity must be a number');
  }
  const unit = cell('unit')?.toLowerCase();
  if (TRAVEL.has(type)) {
    if (unit !== undefined && unit !== 'km' && unit !== 'mi') {
      return fail('unit', `unit of a ${type} row must be km or mi`);
    }
    if (quantity !== undefined) candidate['distance'] = { value: quantity, unit: unit ?? 'km' };
    else if (type !== 'flight')
      return fail('quantity', `quantity (the distance) is required for ${type}`);
  } else if (UNIT_KEYS[type]) {
    const units = UNIT_KEYS[type];
    const only = Object.keys(units);
    const key = units[unit ?? (only.length === 1 ? only[0]! : '')];
    if (!key) return fail('unit', `unit of a ${type} row must be ${only.join(', ')}`);
    if (quantity === undefined) return fail('quantity', `quantity is required for ${type}`);
    candidate[key] = quantity;
  }
  for (const c of ['fuel', 'size', 'kind', 'cabin', 'haul'] as const) {
    const v = cell(c);
    if (v !== undefined) candidate[c] = v.toLowerCase();
  }
  for (const c of ['from', 'to'] as const) {
    const v = cell(c);
    if (v !== undefined) candidate[c] = v.toUpperCase();
  }
  for (const c of ['country', 'region'] as const) {
    const v = cell(c);
    if (v !== undefined) candidate[c] = v.toUpperCase();
  }
  const passengers = cell('passengers');
  if (passengers !== undefined) candidate['passengers'] = Number(passengers);

  const parsed = ZCarbonActivity.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return fail(columnOf(issue.path, type), issue.message);
  }
  const note = cell('note') ?? null;
  if (note !== null && note.length > MAX_NOTE) {
    return fail('note', `note is at most ${MAX_NOTE} characters`);
  }
  if (note?.includes('\u0000')) return fail('note', 'note must not contain NUL characters');
  const activity = parsed.data;
  return { ok: true, date, activity, note, dedupeKey: carbonDedupeKey(date, activity, note) };
}

/** The CSV column a schema path came from. */
function columnOf(path: readonly PropertyKey[], type: string): string {
  const [head, sub] = path.map(String);
  if (head === undefined) return 'type';
  if (head === 'distance') return sub === 'unit' ? 'unit' : 'quantity';
  if (['kwh', 'm3', 'mj', 'therms', 'litres', 'ukGallons', 'usGallons', 'nights'].includes(head)) {
    return 'quantity';
  }
  if (head === 'type' || !(CARBON_CSV_COLUMNS as readonly string[]).includes(head)) {
    return type ? 'type' : head;
  }
  return head;
}

/** JSON with sorted keys, so equal activities give equal text whatever order their fields came in. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of Object.keys(record).sort()) {
      if (record[key] !== undefined)
        parts.push(`${JSON.stringify(key)}:${canonicalJson(record[key])}`);
    }
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The natural key of an imported row: the same row always gives the same key. */
export function carbonDedupeKey(date: string, activity: CarbonActivity, note: string | null) {
  const text = `[${JSON.stringify(date)},${canonicalJson(activity)},${JSON.stringify(note)}]`;
  return 'csv:' + createHash('sha256').update(text).digest('hex');
}
