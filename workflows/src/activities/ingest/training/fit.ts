import { Decoder, Stream } from '@garmin/fitsdk';
import type { ParsedFile, ParsedSession } from './parsed-session.ts';
import { numberOrNull } from './parsed-session.ts';

interface FitSession {
  startTime?: Date;
  totalElapsedTime?: number;
  totalTimerTime?: number;
  totalDistance?: number;
  avgHeartRate?: number;
  maxHeartRate?: number;
  sport?: string | number;
}

/** One session per FIT session message, decoded with Garmin's FIT SDK; "line" is its position. */
export function parseFit(bytes: Uint8Array): ParsedFile {
  const stream = Stream.fromByteArray(Array.from(bytes));
  if (!Decoder.isFIT(stream)) {
    return { sessions: [], errors: [{ line: 1, field: null, message: 'not a FIT file' }] };
  }
  const decoder = new Decoder(stream);
  if (!decoder.checkIntegrity()) {
    return {
      sessions: [],
      errors: [{ line: 1, field: null, message: 'FIT file is damaged (size or CRC wrong)' }],
    };
  }
  const { messages, errors: decodeErrors } = decoder.read();
  const found = (messages as { sessionMesgs?: FitSession[] }).sessionMesgs ?? [];
  const errors: ParsedFile['errors'] = decodeErrors.map((e: unknown) => ({
    line: 1,
    field: null,
    message: `FIT decoding: ${e instanceof Error ? e.message : String(e)}`,
  }));
  const sessions: ParsedSession[] = [];
  for (const [i, s] of found.entries()) {
    if (!(s.startTime instanceof Date)) {
      errors.push({ line: i + 1, field: 'startTime', message: 'session has no start time' });
      continue;
    }
    const seconds = numberOrNull(s.totalElapsedTime) ?? numberOrNull(s.totalTimerTime) ?? 0;
    const meters = numberOrNull(s.totalDistance);
    sessions.push({
      line: i + 1,
      startedAt: s.startTime,
      sport: typeof s.sport === 'string' ? s.sport.toLowerCase() : 'other',
      durationMin: seconds / 60,
      distanceKm: meters === null ? null : meters / 1000,
      hrAvg: numberOrNull(s.avgHeartRate),
      hrMax: numberOrNull(s.maxHeartRate),
      rpe: null,
      notes: null,
    });
  }
  return { sessions, errors };
}
