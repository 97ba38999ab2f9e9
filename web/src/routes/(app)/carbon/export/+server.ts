import { TRPCClientError } from '@canopy/client';
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** The member's entries between two days as a CSV download, made by the API. */
export const GET: RequestHandler = async ({ url, locals }) => {
  const from = url.searchParams.get('from') ?? '';
  const to = url.searchParams.get('to') ?? '';
  try {
    const file = await locals.api.carbon.exportCsv.query({ from, to });
    return new Response(file.csv, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${file.fileName.replaceAll('"', '')}"`,
        'cache-control': 'private, no-store',
      },
    });
  } catch (e) {
    if (e instanceof TRPCClientError && e.data?.code === 'BAD_REQUEST') {
      error(400, `The export needs a valid range: ${e.message}`);
    }
    throw e;
  }
};
