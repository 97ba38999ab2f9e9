import { TRPCClientError } from '@canopy/client';
import { error } from '@sveltejs/kit';
import { pooledReportCsv, reportPeriod } from '#lib/admin/pooled-report.ts';
import { requireOrgAdmin } from '#lib/server/admin-guard.ts';
import type { RequestHandler } from './$types';

/** The pooled report on screen, as a CSV file (same period, same minimum group size). */
export const GET: RequestHandler = async ({ locals, url }) => {
  const { org } = await requireOrgAdmin(locals.api, url.searchParams.get('org'));
  const period = reportPeriod(url.searchParams, new Date());
  const report = await locals.api.reports.orgEmissions
    .query({ orgId: org.orgId, ...period })
    .catch((e: unknown) => {
      if (e instanceof TRPCClientError && (e.data as { code?: string })?.code === 'BAD_REQUEST') {
        error(400, e.message);
      }
      throw e;
    });
  const filename = `${org.slug}-emissions-${period.from}-to-${period.to}-by-${period.granularity}.csv`;
  return new Response(pooledReportCsv(report), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'private, no-store',
    },
  });
};
