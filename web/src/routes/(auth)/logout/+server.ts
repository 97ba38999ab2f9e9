import { redirect } from '@sveltejs/kit';
import { clearCookie, SESSION_COOKIE } from '#lib/server/cookies.ts';
import { env } from '#lib/server/env.ts';
import { oidc, oidcConfiguration } from '#lib/server/oidc.ts';
import { sessions } from '#lib/server/stores.ts';
import type { RequestHandler } from './$types';

/**
 * POST only (a form button), so a link on another site cannot sign the member
 * out. Ends the Keycloak SSO session too, or the next login would be silent.
 */
export const POST: RequestHandler = async ({ url, cookies }) => {
  const id = cookies.get(SESSION_COOKIE);
  const session = await sessions.get(id);
  await sessions.delete(id);
  clearCookie(cookies, SESSION_COOKIE, url);
  const signedOut = new URL('/signed-out', url.origin).href;
  if (!session) redirect(303, '/signed-out');
  const endSession = oidc.buildEndSessionUrl(await oidcConfiguration(), {
    post_logout_redirect_uri: signedOut,
    ...(session.idToken && { id_token_hint: session.idToken }),
  });
  redirect(303, endSession.href, { external: [new URL(env.issuer).origin] });
};
