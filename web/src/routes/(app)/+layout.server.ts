import { parseTheme, THEME_COOKIE } from '#lib/theme.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, cookies }) => {
  // Only to decide which admin links to show; the admin pages check for themselves.
  const [{ roles }, unread, invitations] = await Promise.all([
    locals.api.me.get.query(),
    // The nav's badge. A hiccup here should not cost the member the page they asked for.
    locals.api.notifications.list
      .query({ limit: 1 })
      .then((page) => page.unread)
      .catch(() => null),
    // Invitations waiting for an answer, for the banner; likewise never worth the page.
    locals.api.orgs.invitations.mine
      .query()
      .then((list) => list.length)
      .catch(() => 0),
  ]);
  return {
    user: locals.user,
    theme: parseTheme(cookies.get(THEME_COOKIE)),
    unread,
    invitations,
    admin: { org: roles.includes('org-admin'), shop: roles.includes('shop-admin') },
  };
};
