import { redirect } from '@sveltejs/kit';
import { cookieOptions, LOGIN_COOKIE } from '#lib/server/cookies.ts';
import { env } from '#lib/server/env.ts';
import { oidc, oidcConfiguration } from '#lib/server/oidc.ts';
import { safeReturnTo } from '#lib/server/return-to.ts';
import { pendingLogins } from '#lib/server/stores.ts';
import type { RequestHandler } from './$types';

const LOGIN_WINDOW_S = 10 * 60;

/** Starts the authorization code flow with PKCE; the verifier never leaves the server. */
export const GET: RequestHandler = async ({ url, cookies }) => {
  const config = await oidcConfiguration();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const id = await pendingLogins.create({
    codeVerifier,
    state,
    nonce,
    returnTo: safeReturnTo(url.searchParams.get('returnTo')),
    expiresAt: Date.now() + LOGIN_WINDOW_S * 1000,
  });
  cookies.set(LOGIN_COOKIE, id, cookieOptions(url, LOGIN_WINDOW_S));
  const authorizationUrl = oidc.buildAuthorizationUrl(config, {
    redirect_uri: new URL('/auth/callback', url.origin).href,
    scope: 'openid profile email',
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  redirect(303, authorizationUrl.href, { external: [new URL(env.issuer).origin] });
};
