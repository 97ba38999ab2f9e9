import type { Cookies } from '@sveltejs/kit';

export const SESSION_COOKIE = 'canopy_session';
export const LOGIN_COOKIE = 'canopy_login';

/**
 * httpOnly so page scripts never see the id, SameSite=Lax so the redirect back
 * from Keycloak still carries it. Secure everywhere but plain-http loopback
 * development, where browsers would drop a Secure cookie.
 */
export function cookieOptions(url: URL, maxAgeSeconds: number) {
  const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: !(url.protocol === 'http:' && loopback),
    maxAge: maxAgeSeconds,
  };
}

export function clearCookie(cookies: Cookies, name: string, url: URL) {
  cookies.delete(name, cookieOptions(url, 0));
}
