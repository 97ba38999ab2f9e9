import { parseCsvChunk } from '../csv-chunks.ts';
import type { ParsedFile, ParsedSession } from './parsed-session.ts';

/**
 * The training CSV format: a header naming the columns, in any order.
 * `start` (ISO 8601 with a time zone, e.g. 2026-03-01T07:30:00Z), `sport`
 * and `duration_min` are required; `distance_km`, `rpe` (0-10), `hr_avg`,
 * `hr_max` and `notes` may be blank.
 */
export const TRAINING_CSV_COLUMNS = [
  'start',
  'sport',
  'duration_min',
  'distance_km',
  'rpe',
  'hr_avg',
  'hr_max',
  'notes',
] as const;
type Column = (typeof TRAINING_CSV_COLUMNS)[number];

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

export function parseTrainingCsv(text: string): ParsedFile {
  const { records, errors: parseErrors } = parseCsvChunk(text, 1);
  const errors: ParsedFile['errors'] = parseErrors.map((e) => ({ ...e, field: null }));
  const [header, ...rows] = records;
  if (!header)
    return { sessions: [], errors: [{ line: 1, field: null, message: 'the file is empty' }] };
  const index = new Map<Column, number>();
  for (const [i, raw] of header.fields.entries()) {
    const name = raw.trim().toLowerCase();
    if (!(TRAINING_CSV_COLUMNS as readonly string[]).includes(name)) {
      const message = `unknown column '${raw}'; columns are ${TRAINING_CSV_COLUMNS.join(', ')}`;
      return { sessions: [], errors: [{ line: header.line, field: null, message }] };
    }
    index.set(name as Column, i);
  }
  for (const required of ['start', 'sport', 'duration_min'] as const) {
    if (!index.has(required)) {
      const message = `the header has no '${required}' column`;
      return { sessions: [], errors: [{ line: header.line, field: null, message }] };
    }
  }

  const sessions: ParsedSession[] = [];
  for (const { line, fields } of rows) {
    const cell = (c: Column) => {
      const i = index.get(c);
      const v = i === undefined ? undefined : fields[i]?.trim();
      return v === '' ? undefined : v;
    };
    const number = (c: Column): number | null | { error: string } => {
      const v = cell(c);
      if (v === undefined) return null;
      const n = Number(v);
      return Number.isFinite(n) ? n : { error: `${c} must be a number` };
    };
    const start = cell('start');
    if (!start || !ISO_INSTANT.test(start) || !Number.isFinite(Date.parse(start))) {
      errors.push({
        line,
        field: 'start',
        message: 'start must be an ISO 8601 time with a zone, e.g. 2026-03-01T07:30:00Z',
      });
      continue;
    }
    const values: Partial<Record<Column, number | null>> = {};
    let bad: { field: Column; message: string } | undefined;
    for (const c of ['duration_min', 'distance_km', 'rpe', 'hr_avg', 'hr_max'] as const) {
      const v = number(c);
      if (v !== null && typeof v === 'object') {
        bad = { field: c, message: v.error };
        break;
      }
      values[c] = v;
    }
    if (bad) {
      errors.push({ line, ...bad });
      continue;
    }
    if (values.duration_min === null || values.duration_min === undefined) {
      errors.push({ line, field: 'duration_min', message: 'duration_min is required' });
      continue;
    }
    sessions.push({
      line,
      startedAt: new Date(Date.parse(start)),
      sport: (cell('sport') ?? '').toLowerCase(),
      durationMin: values.duration_min,
      distanceKm: values.distance_km ?? null,
      hrAvg: values.hr_avg ?? null,
      hrMax: values.hr_max ?? null,
      rpe: values.rpe ?? null,
      notes: cell('notes') ?? null,
    });
  }
  return { sessions, errors };
}
