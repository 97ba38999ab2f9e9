import type { Generated } from 'kysely';
import type { DefaultTimestamp, IsoDate, Json, JsonWithDefault } from './core.ts';

export type ImportKind = 'carbon_csv' | 'training_file';
export type ImportStatus = 'awaiting_upload' | 'uploaded' | 'processing' | 'completed' | 'failed';
export type EntrySource = 'manual' | 'import' | 'api';

export interface ImportRowError {
  /** 1-based line number in the uploaded file. */
  line: number;
  field: string | null;
  message: string;
}

export interface ImportTable {
  id: Generated<string>;
  user_id: string;
  kind: ImportKind;
  file_name: string;
  object_key: string;
  status: Generated<ImportStatus>;
  total_rows: Generated<number>;
  ok_rows: Generated<number>;
  error_rows: Generated<number>;
  errors: JsonWithDefault<ImportRowError[]>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

/** An extra line of an estimate (e.g. transmission and distribution losses). */
export interface StoredEmissionLine {
  label: string;
  kgCO2e: number;
  scope: 1 | 2 | 3;
  factor: { id: string; source: string; edition: string; unit: string; kgCO2ePerUnit: number };
}

export interface CarbonActivityTable {
  id: Generated<string>;
  user_id: string;
  org_id: string | null;
  occurred_on: IsoDate;
  category: string;
  /** The validated CarbonActivity input, so it can be recomputed with another edition. */
  activity: Json<Record<string, unknown>>;
  kg_co2e: number;
  total_kg_co2e: number;
  scope: 1 | 2 | 3;
  factor_id: string;
  factor_source: string;
  factor_edition: string;
  factor_unit: string;
  factor_kg_per_unit: number;
  quantity_value: number;
  quantity_unit: string;
  additional: JsonWithDefault<StoredEmissionLine[]>;
  note: string | null;
  source: Generated<EntrySource>;
  import_id: string | null;
  dedupe_key: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface TrainingSessionTable {
  id: Generated<string>;
  user_id: string;
  org_id: string | null;
  started_at: DefaultTimestamp;
  local_date: IsoDate;
  sport: string;
  duration_min: number;
  rpe: number | null;
  distance_km: number | null;
  hr_avg: number | null;
  hr_max: number | null;
  fatigue: number | null;
  readiness: number | null;
  mood: number | null;
  load_au: number | null;
  trimp: number | null;
  notes: string | null;
  source: Generated<EntrySource>;
  import_id: string | null;
  dedupe_key: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

/** Scores are 1 (lowest) to 10 (highest), as in the domain's ZWellnessDay. */
export interface WellnessDayTable {
  user_id: string;
  day: IsoDate;
  fatigue: number | null;
  readiness: number | null;
  mood: number | null;
  soreness: number | null;
  stress: number | null;
  sleep_hours: number | null;
  updated_at: DefaultTimestamp;
}

export interface DailyStepsTable {
  user_id: string;
  day: IsoDate;
  steps: number;
  source: Generated<string>;
  updated_at: DefaultTimestamp;
}

/** Per-day totals kept by a trigger on carbon_activities; read-only for the application. */
export interface CarbonDailyTable {
  user_id: string;
  day: IsoDate;
  category: string;
  scope: number;
  kg: number;
  activities: number;
}

/** The same totals per calendar month (`month` is its first day), kept by the same triggers. */
export interface CarbonMonthlyTable {
  user_id: string;
  month: IsoDate;
  category: string;
  scope: number;
  kg: number;
  activities: number;
}
