import { requireRole } from '#lib/server/admin-guard.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  await requireRole(locals.api, 'shop-admin');
  return {};
};
