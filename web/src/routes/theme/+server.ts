import { redirect } from '@sveltejs/kit';
import { cookieOptions } from '#lib/server/cookies.ts';
import { safeReturnTo } from '#lib/server/return-to.ts';
import { parseTheme, THEME_COOKIE, THEME_MAX_AGE } from '#lib/theme.ts';
import type { RequestHandler } from './$types';

/**
 * Remembers the member's theme in a cookie ("system" forgets it). A plain
 * form post comes back to the page it came from; the page's script posts
 * here in the background after switching the theme in place.
 */
export const POST: RequestHandler = async ({ request, cookies, url }) => {
  const form = await request.formData();
  const theme = parseTheme(String(form.get('theme') ?? ''));
  if (theme) cookies.set(THEME_COOKIE, theme, cookieOptions(url, THEME_MAX_AGE));
  else cookies.delete(THEME_COOKIE, cookieOptions(url, 0));
  if (request.headers.get('accept')?.includes('application/json')) {
    return new Response(null, { status: 204 });
  }
  redirect(303, safeReturnTo(String(form.get('returnTo') ?? '/')));
};
