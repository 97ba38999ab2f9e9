import type { ColumnType, Generated } from 'kysely';

export interface OrgReportTable {
  id: Generated<string>;
  org_id: string;
  /** First day of the month reported on, as `YYYY-MM-DD`. */
  month: string;
  bucket: string;
  csv_key: string;
  html_key: string;
  members: number;
  total_kg: number | null;
  withheld: boolean;
  min_group_size: number;
  generated_at: Generated<Date>;
}

export interface ReadinessModelTable {
  user_id: string;
  /** The day predicted (`YYYY-MM-DD`); the fit saw only check-ins before it. */
  fitted_for: string;
  /** Counts and last change of the rows the fit read; see readinessFingerprint. */
  fingerprint: string;
  /** The fitted parameters, as `fitReadinessModel` of @canopy/domain returns them. */
  model: ColumnType<Record<string, unknown>, Record<string, unknown>, Record<string, unknown>>;
  fitted_at: Generated<Date>;
}

/** An organisation's pooled month, fixed when first published; `category` '' is the total. */
export interface PooledMonthCellTable {
  org_id: string;
  /** First day of the month, `YYYY-MM-DD`. */
  month: string;
  category: string;
  kg: number;
  members: number;
  frozen_at: Generated<Date>;
}
