import { error, redirect } from '@sveltejs/kit';
import { clearCookie, LOGIN_COOKIE } from '#lib/server/cookies.ts';
import { oidc, oidcConfiguration } from '#lib/server/oidc.ts';
import { sessionFromTokens, startSession } from '#lib/server/session.ts';
import { pendingLogins } from '#lib/server/stores.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url, cookies }) => {
  const loginId = cookies.get(LOGIN_COOKIE);
  const pending = await pendingLogins.get(loginId);
  await pendingLogins.delete(loginId);
  clearCookie(cookies, LOGIN_COOKIE, url);
  // A stale or replayed callback starts over rather than showing an error page.
  if (!pending) redirect(303, '/login');
  if (url.searchParams.has('error')) {
    error(
      401,
      `Keycloak refused the sign-in: ${url.searchParams.get('error_description') ?? url.searchParams.get('error')}`,
    );
  }
  const tokens = await oidc.authorizationCodeGrant(await oidcConfiguration(), url, {
    pkceCodeVerifier: pending.codeVerifier,
    expectedState: pending.state,
    expectedNonce: pending.nonce,
    idTokenExpected: true,
  });
  await startSession(cookies, url, sessionFromTokens(tokens));
  redirect(303, pending.returnTo);
};
