import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../schema/index.ts';

const reportColumns = [
  'id',
  'org_id',
  'month',
  'bucket',
  'csv_key',
  'html_key',
  'members',
  'total_kg',
  'withheld',
  'min_group_size',
  'generated_at',
] as const;

export interface OrgReportRecord {
  orgId: string;
  /** First day of the month, `YYYY-MM-01`. */
  month: string;
  bucket: string;
  csvKey: string;
  htmlKey: string;
  members: number;
  totalKg: number | null;
  withheld: boolean;
  minGroupSize: number;
}

/** Records a rendered month; rendering it again replaces the row, never adds one. */
export function upsertOrgReport(db: Kysely<Database>, r: OrgReportRecord) {
  const values = {
    bucket: r.bucket,
    csv_key: r.csvKey,
    html_key: r.htmlKey,
    members: r.members,
    total_kg: r.totalKg,
    withheld: r.withheld,
    min_group_size: r.minGroupSize,
  };
  return db
    .insertInto('org_reports')
    .values({ org_id: r.orgId, month: r.month, ...values })
    .onConflict((oc) =>
      oc.columns(['org_id', 'month']).doUpdateSet({ ...values, generated_at: sql<Date>`now()` }),
    )
    .returning(reportColumns)
    .executeTakeFirstOrThrow();
}

/** An organisation's monthly reports, newest month first. */
export function listOrgReports(db: Kysely<Database>, orgId: string) {
  return db
    .selectFrom('org_reports')
    .select(reportColumns)
    .where('org_id', '=', orgId)
    .orderBy('month', 'desc')
    .execute();
}

/** One report, only when it belongs to `orgId`. */
export function findOrgReport(db: Kysely<Database>, orgId: string, id: string) {
  return db
    .selectFrom('org_reports')
    .select(reportColumns)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Every organisation's id, for keeping one report schedule per organisation. */
export async function listOrganisationIds(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('organisations').select(['id']).orderBy('id').execute();
  return rows.map((r) => r.id);
}
