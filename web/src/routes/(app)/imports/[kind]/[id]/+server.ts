import { TRPCClientError } from '@canopy/client';
import { error, json } from '@sveltejs/kit';
import { importsOf } from '#lib/server/import-upload.ts';
import type { RequestHandler } from './$types';

/**
 * An import's status as JSON, for the page's progress bar to poll. Only what
 * the page shows: counts, state and the first few row errors.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
  if (params.kind !== 'training' && params.kind !== 'carbon') error(404, 'No such kind of import');
  try {
    const status = await importsOf(locals.api, params.kind).importStatus.query({
      importId: params.id,
    });
    return json(
      {
        id: status.id,
        fileName: status.fileName,
        status: status.status,
        totalRows: status.progress?.totalRows ?? status.totalRows,
        doneRows: status.progress?.doneRows ?? status.okRows + status.errorRows,
        okRows: status.progress?.okRows ?? status.okRows,
        errorRows: status.progress?.errorRows ?? status.errorRows,
        state: status.progress?.state ?? null,
        failureReason: status.progress?.failureReason ?? null,
        errors: status.errors.slice(0, 20),
      },
      { headers: { 'cache-control': 'no-store' } },
    );
  } catch (e) {
    if (e instanceof TRPCClientError && ['NOT_FOUND', 'BAD_REQUEST'].includes(e.data?.code)) {
      error(404, 'No such import');
    }
    throw e;
  }
};
