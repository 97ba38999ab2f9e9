import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => ({
  user: locals.user,
  // The nav's badge. A hiccup here should not cost the member the page they asked for.
  unread: await locals.api.notifications.list
    .query({ limit: 1 })
    .then((page) => page.unread)
    .catch(() => null),
});
