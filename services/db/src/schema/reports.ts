import type { Generated } from 'kysely';

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
