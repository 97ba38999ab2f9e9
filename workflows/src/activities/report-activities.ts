import type { Db } from '@canopy/db';
import { findOrganisation, listOrgAdminIds, pooledMonths, upsertOrgReport } from '@canopy/db';
import { MIN_GROUP_SIZE, openPeriod, suppressPeriod } from '@canopy/domain';
import { ApplicationFailure } from '@temporalio/activity';
import type { Client as MinioClient } from 'minio';
import { DEFAULT_REPORTS_BUCKET, orgReportObjectKeys, reportFailureTypes } from '../shared.ts';
import type { OrgReportResult } from '../shared.ts';
import { renderOrgReportCsv, renderOrgReportHtml } from './render-org-report.ts';

export interface ReportDeps {
  db: Db;
  objectStore: MinioClient;
  /** Bucket reports are written to; `reports` unless configured. */
  reportsBucket: string;
}

function need<K extends keyof ReportDeps>(deps: Partial<ReportDeps>, key: K): ReportDeps[K] {
  const value = deps[key];
  if (value === undefined) {
    throw ApplicationFailure.nonRetryable(
      `the worker was started without ${key}`,
      reportFailureTypes.workerMisconfigured,
    );
  }
  return value;
}

/** The monthly organisation report's steps; each can run again with the same result. */
export function createReportActivities(deps: Partial<ReportDeps>) {
  return {
    /**
     * Pools the month's emissions under the minimum group size (the same rule
     * and the same frozen month as reports.orgEmissions), writes the CSV
     * and HTML to their fixed keys (overwriting an earlier run) and records the row.
     */
    async renderOrgReport(input: {
      orgId: string;
      month: string;
    }): Promise<Omit<OrgReportResult, 'notified'> & { orgName: string }> {
      const db = need(deps, 'db');
      const store = need(deps, 'objectStore');
      const bucket = deps.reportsBucket ?? DEFAULT_REPORTS_BUCKET;
      const org = await findOrganisation(db, input.orgId);
      if (!org) {
        throw ApplicationFailure.nonRetryable(
          `organisation ${input.orgId} not found`,
          reportFailureTypes.orgNotFound,
        );
      }
      const today = new Date().toISOString().slice(0, 10);
      const frozen = (await pooledMonths(db, org.id, [input.month], today)).get(input.month);
      // A month still running (rendered by hand) is withheld like any open period.
      const pooled = frozen ? suppressPeriod(frozen.total, frozen.categories) : openPeriod();
      const content = {
        orgName: org.name,
        month: input.month,
        minGroupSize: MIN_GROUP_SIZE,
        pooled,
      };
      const keys = orgReportObjectKeys(org.id, input.month);
      await store.putObject(bucket, keys.csv, renderOrgReportCsv(content), undefined, {
        'Content-Type': 'text/csv; charset=utf-8',
      });
      await store.putObject(bucket, keys.html, renderOrgReportHtml(content), undefined, {
        'Content-Type': 'text/html; charset=utf-8',
      });
      const row = await upsertOrgReport(db, {
        orgId: org.id,
        month: `${input.month}-01`,
        bucket,
        csvKey: keys.csv,
        htmlKey: keys.html,
        // The members behind the month as frozen; the API shows it only beside a published total.
        members: frozen?.total.members ?? 0,
        totalKg: pooled.total.kg,
        withheld: pooled.total.withheld !== null || pooled.categories.some((c) => c.withheld),
        minGroupSize: MIN_GROUP_SIZE,
      });
      return {
        orgId: org.id,
        orgName: org.name,
        month: input.month,
        reportId: row.id,
        csvKey: keys.csv,
        htmlKey: keys.html,
        members: row.members,
        totalKg: row.total_kg,
        withheld: row.withheld,
      };
    },

    async orgAdminIds(input: { orgId: string }): Promise<string[]> {
      return listOrgAdminIds(need(deps, 'db'), input.orgId);
    },
  };
}
