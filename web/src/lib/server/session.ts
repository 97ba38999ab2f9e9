import type { Cookies } from '@sveltejs/kit';
import type { TokenEndpointResponse, TokenEndpointResponseHelpers } from 'openid-client';
import { clearCookie, cookieOptions, SESSION_COOKIE } from './cookies.ts';
import { oidc, oidcConfiguration } from './oidc.ts';
import type { Session } from './session-store.ts';
import { sessions } from './stores.ts';

/** Refresh this long before expiry so a token never lapses in the middle of a page load. */
const REFRESH_MARGIN_MS = 30_000;
/** The longest a browser session lives here; Keycloak's own SSO session may end it sooner. */
export const SESSION_MAX_AGE_S = 12 * 60 * 60;

type Tokens = TokenEndpointResponse & TokenEndpointResponseHelpers;

export function sessionFromTokens(tokens: Tokens, previous?: Session): Session {
  const claims = tokens.claims();
  const user = claims
    ? {
        id: claims.sub,
        name: String(claims.name ?? claims.preferred_username ?? claims.email ?? 'Member'),
        email: typeof claims.email === 'string' ? claims.email : null,
      }
    : previous?.user;
  if (!user) throw new Error('the identity provider returned no ID token');
  return {
    user,
    accessToken: tokens.access_token,
    accessTokenExpiresAt: Date.now() + (tokens.expiresIn() ?? 60) * 1000,
    refreshToken: tokens.refresh_token ?? previous?.refreshToken ?? null,
    idToken: tokens.id_token ?? previous?.idToken ?? null,
    expiresAt: previous?.expiresAt ?? Date.now() + SESSION_MAX_AGE_S * 1000,
  };
}

/**
 * The request's session with an access token good for at least the refresh
 * margin, refreshing it with Keycloak when needed. A refused refresh (the SSO
 * session ended, the member logged out elsewhere) ends this session too.
 */
export async function currentSession(cookies: Cookies, url: URL): Promise<Session | null> {
  const id = cookies.get(SESSION_COOKIE);
  const session = await sessions.get(id);
  if (!id || !session) {
    if (id) clearCookie(cookies, SESSION_COOKIE, url);
    return null;
  }
  if (session.accessTokenExpiresAt - REFRESH_MARGIN_MS > Date.now()) return session;
  if (!session.refreshToken) return endSession(cookies, url, id);
  try {
    const tokens = await oidc.refreshTokenGrant(await oidcConfiguration(), session.refreshToken);
    const refreshed = sessionFromTokens(tokens, session);
    await sessions.set(id, refreshed);
    return refreshed;
  } catch {
    return endSession(cookies, url, id);
  }
}

async function endSession(cookies: Cookies, url: URL, id: string): Promise<null> {
  await sessions.delete(id);
  clearCookie(cookies, SESSION_COOKIE, url);
  return null;
}

/** Always a fresh id on sign-in, so an id planted before login never becomes a session. */
export async function startSession(cookies: Cookies, url: URL, session: Session) {
  await sessions.delete(cookies.get(SESSION_COOKIE));
  const id = await sessions.create(session);
  cookies.set(SESSION_COOKIE, id, cookieOptions(url, SESSION_MAX_AGE_S));
}
