import { parseTheme, THEME_COOKIE } from '#lib/theme.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, cookies }) => ({
  user: locals.user,
  theme: parseTheme(cookies.get(THEME_COOKIE)),
  // The nav's badge. A hiccup here should not cost the member the page they asked for.
  unread: await locals.api.notifications.list
    .query({ limit: 1 })
    .then((page) => page.unread)
    .catch(() => null),
});
