import { XMLParser } from 'fast-xml-parser';
import type { ParsedFile, ParsedSession } from './parsed-session.ts';
import { asArray, linesOf, numberOrNull } from './parsed-session.ts';

interface TcxLap {
  '@_StartTime'?: string;
  TotalTimeSeconds?: string;
  DistanceMeters?: string;
  AverageHeartRateBpm?: { Value?: string };
  MaximumHeartRateBpm?: { Value?: string };
}
interface TcxActivity {
  '@_Sport'?: string;
  Id?: string;
  Notes?: string;
  Lap?: TcxLap[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) => name === 'Activity' || name === 'Lap',
});

/** One session per TCX activity: laps summed, average heart rate weighted by lap time. */
export function parseTcx(text: string): ParsedFile {
  const doc = parser.parse(text) as {
    TrainingCenterDatabase?: { Activities?: { Activity?: TcxActivity[] } };
  };
  if (!doc.TrainingCenterDatabase) {
    return { sessions: [], errors: [{ line: 1, field: null, message: 'not a TCX file' }] };
  }
  const lines = linesOf(text, /<(?:[\w-]+:)?Activity[\s>]/g);
  const sessions: ParsedSession[] = [];
  const errors: ParsedFile['errors'] = [];
  for (const [i, activity] of asArray(doc.TrainingCenterDatabase.Activities?.Activity).entries()) {
    const line = lines[i] ?? 1;
    const laps = activity.Lap ?? [];
    const start = Date.parse(activity.Id ?? laps[0]?.['@_StartTime'] ?? '');
    if (!Number.isFinite(start)) {
      errors.push({ line, field: 'Id', message: 'activity has no start time' });
      continue;
    }
    let seconds = 0;
    let meters = 0;
    let hrWeighted = 0;
    let hrSeconds = 0;
    let hrMax: number | null = null;
    for (const lap of laps) {
      const s = numberOrNull(lap.TotalTimeSeconds) ?? 0;
      seconds += s;
      meters += numberOrNull(lap.DistanceMeters) ?? 0;
      const avg = numberOrNull(lap.AverageHeartRateBpm?.Value);
      if (avg !== null) {
        hrWeighted += avg * s;
        hrSeconds += s;
      }
      const max = numberOrNull(lap.MaximumHeartRateBpm?.Value);
      if (max !== null) hrMax = Math.max(hrMax ?? 0, max);
    }
    sessions.push({
      line,
      startedAt: new Date(start),
      sport: activity['@_Sport']?.trim().toLowerCase() || 'other',
      durationMin: seconds / 60,
      distanceKm: meters / 1000,
      hrAvg: hrSeconds > 0 ? Math.round(hrWeighted / hrSeconds) : null,
      hrMax,
      rpe: null,
      notes: activity.Notes?.trim() || null,
    });
  }
  return { sessions, errors };
}
