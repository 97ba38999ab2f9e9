import type { ImportRowError } from '@canopy/db';

/** A session read from a file, before validation. */
export interface ParsedSession {
  /** Line of the file where the session starts (FIT: its position among the file's sessions). */
  line: number;
  startedAt: Date;
  sport: string;
  durationMin: number;
  distanceKm: number | null;
  hrAvg: number | null;
  hrMax: number | null;
  rpe: number | null;
  notes: string | null;
}

export interface ParsedFile {
  sessions: ParsedSession[];
  errors: ImportRowError[];
}

/** 1-based line of each match of `pattern` in `text`, in order. */
export function linesOf(text: string, pattern: RegExp): number[] {
  const lines: number[] = [];
  let line = 1;
  let from = 0;
  for (const match of text.matchAll(pattern)) {
    for (let i = from; i < match.index; i++) if (text.charCodeAt(i) === 10) line += 1;
    from = match.index;
    lines.push(line);
  }
  return lines;
}

export const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

export function numberOrNull(value: unknown): number | null {
  if (value === undefined || value === null || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}
