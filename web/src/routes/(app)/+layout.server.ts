import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
  // Only to decide which admin links to show; the admin pages check for themselves.
  const { roles } = await locals.api.me.get.query();
  return {
    user: locals.user,
    admin: { org: roles.includes('org-admin'), shop: roles.includes('shop-admin') },
  };
};
