import { XMLParser } from 'fast-xml-parser';
import type { ParsedFile, ParsedSession } from './parsed-session.ts';
import { asArray, linesOf, numberOrNull } from './parsed-session.ts';

interface GpxPoint {
  '@_lat'?: string;
  '@_lon'?: string;
  time?: string;
  extensions?: { TrackPointExtension?: { hr?: string | number }; hr?: string | number };
}
interface GpxTrack {
  name?: string;
  type?: string;
  trkseg?: { trkpt?: GpxPoint[] }[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) => name === 'trk' || name === 'trkseg' || name === 'trkpt',
});

/** Haversine distance in km on a sphere of the mean Earth radius (IUGG, 6371.0088 km). */
function haversineKm(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[0] - a[0]) * rad;
  const dLon = (b[1] - a[1]) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** One session per GPX track: its first to last timed point, distance along the points, heart rate from the Garmin extension. */
export function parseGpx(text: string): ParsedFile {
  const doc = parser.parse(text) as { gpx?: { trk?: GpxTrack[] } };
  if (!doc.gpx)
    return { sessions: [], errors: [{ line: 1, field: null, message: 'not a GPX file' }] };
  const lines = linesOf(text, /<(?:[\w-]+:)?trk[\s>]/g);
  const sessions: ParsedSession[] = [];
  const errors: ParsedFile['errors'] = [];
  for (const [i, trk] of asArray(doc.gpx.trk).entries()) {
    const line = lines[i] ?? 1;
    const points = (trk.trkseg ?? []).flatMap((s) => s.trkpt ?? []);
    const times = points.map((p) => (p.time ? Date.parse(p.time) : NaN));
    const timed = times.filter(Number.isFinite);
    if (timed.length < 2) {
      errors.push({ line, field: 'time', message: 'track has fewer than two timed points' });
      continue;
    }
    let km = 0;
    let last: [number, number] | undefined;
    const hr: number[] = [];
    for (const p of points) {
      const lat = numberOrNull(p['@_lat']);
      const lon = numberOrNull(p['@_lon']);
      if (lat !== null && lon !== null) {
        if (last) km += haversineKm(last, [lat, lon]);
        last = [lat, lon];
      }
      const bpm = numberOrNull(p.extensions?.TrackPointExtension?.hr ?? p.extensions?.hr);
      if (bpm !== null) hr.push(bpm);
    }
    const start = Math.min(...timed);
    sessions.push({
      line,
      startedAt: new Date(start),
      sport: trk.type?.trim() || 'other',
      durationMin: (Math.max(...timed) - start) / 60_000,
      distanceKm: km,
      hrAvg: hr.length ? Math.round(hr.reduce((a, b) => a + b, 0) / hr.length) : null,
      hrMax: hr.length ? Math.max(...hr) : null,
      rpe: null,
      notes: trk.name?.trim() || null,
    });
  }
  return { sessions, errors };
}
