import { requireOrgAdmin } from '#lib/server/admin-guard.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const { org } = await requireOrgAdmin(locals.api, url.searchParams.get('org'));
  return { org };
};
