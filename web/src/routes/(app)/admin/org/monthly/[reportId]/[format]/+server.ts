import { TRPCClientError } from '@canopy/client';
import { error } from '@sveltejs/kit';
import { requireOrgAdmin } from '#lib/server/admin-guard.ts';
import type { RequestHandler } from './$types';

const TYPES = { csv: 'text/csv; charset=utf-8', html: 'text/html; charset=utf-8' } as const;

/**
 * A monthly report, fetched by this server from the short-lived link the API
 * makes and handed over as a download: the object store stays private, and an
 * HTML report is an attachment, never rendered under this site's origin.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
  const { org } = await requireOrgAdmin(locals.api, url.searchParams.get('org'));
  if (params.format !== 'csv' && params.format !== 'html') error(404, 'No such report format.');
  const format = params.format;
  const link = await locals.api.reports.monthly.download
    .query({ orgId: org.orgId, reportId: params.reportId, format })
    .catch((e: unknown) => {
      const code = e instanceof TRPCClientError ? (e.data as { code?: string })?.code : null;
      if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') error(404, 'No such report.');
      throw e;
    });
  const file = await fetch(link.url);
  if (!file.ok || !file.body) error(502, 'The report could not be fetched just now.');
  return new Response(file.body, {
    headers: {
      'content-type': TYPES[format],
      'content-disposition': `attachment; filename="${org.slug}-${link.filename}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
};
