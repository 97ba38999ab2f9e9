import { createCanopyClient, TRPCClientError } from '@canopy/client';
import { redirect } from '@sveltejs/kit';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit/hooks';
import { allowStripe } from '#lib/server/csp.ts';
import { assertRuntimeEnv, env } from '#lib/server/env.ts';
import { oidcConfiguration } from '#lib/server/oidc.ts';
import { currentSession } from '#lib/server/session.ts';
import { parseTheme, THEME_COOKIE, themeAttribute } from '#lib/theme.ts';

export const init: ServerInit = async () => {
  assertRuntimeEnv();
  // Find Keycloak at boot so a wrong KEYCLOAK_URL shows in the log right away;
  // the login route retries, so a Keycloak that starts later is not fatal.
  await oidcConfiguration().catch((error: unknown) =>
    console.error(`OIDC discovery failed for ${env.issuer}:`, error),
  );
};

export const handle: Handle = async ({ event, resolve }) => {
  const session = await currentSession(event.cookies, event.url);
  event.locals.user = session?.user ?? null;
  event.locals.api = createCanopyClient({
    url: env.apiUrl,
    // Read per batch, so a token refreshed during this request is the one sent.
    getToken: () => session?.accessToken ?? '',
    fetch: event.fetch,
  });
  if (!session && event.route.id?.startsWith('/(app)')) {
    redirect(303, `/login?returnTo=${encodeURIComponent(event.url.pathname + event.url.search)}`);
  }
  const theme = themeAttribute(parseTheme(event.cookies.get(THEME_COOKIE)));
  const response = allowFormRedirectToIssuer(
    await resolve(event, {
      // The chosen theme is on <html> in the first byte, so the page never flashes the other one.
      transformPageChunk: ({ html }) => html.replace('%canopy.theme%', theme),
    }),
  );
  if (env.stripePublishableKey && event.route.id === STRIPE_ROUTE) {
    const csp = response.headers.get('content-security-policy');
    if (csp) response.headers.set('content-security-policy', allowStripe(csp));
  }
  return response;
};

/** The one page that mounts Stripe Elements (when a publishable key is configured). */
const STRIPE_ROUTE = '/(app)/shop/orders/[id]';

const issuerOrigin = new URL(env.issuer).origin;

/**
 * Chromium applies form-action to where a form's response redirects, and the
 * sign-out form's response redirects to Keycloak's end-session endpoint. The
 * issuer is only known at run time, so it joins the built policy here.
 */
function allowFormRedirectToIssuer(response: Response): Response {
  const csp = response.headers.get('content-security-policy');
  if (csp?.includes('form-action')) {
    response.headers.set(
      'content-security-policy',
      csp.replace(/form-action ([^;]*)/, `form-action $1 ${issuerOrigin}`),
    );
  }
  return response;
}

/**
 * The one path every unexpected error takes: logged in full with an id, shown
 * to the member as a sentence and that id. Errors raised on purpose with
 * error() and SvelteKit's own (404) already speak to the member.
 */
export const handleError: HandleServerError = ({ kind, error, event }) => {
  if (kind !== 'unknown') return;
  const errorId = crypto.randomUUID();
  console.error(`[${errorId}] ${event.request.method} ${event.url.pathname}`, error);
  if (error instanceof TRPCClientError && error.data?.code === 'UNAUTHORIZED') {
    return { status: 401, message: 'Your session has ended. Please sign in again.', errorId };
  }
  return {
    message:
      error instanceof TRPCClientError
        ? 'Canopy could not reach its data just now. Please try again in a moment.'
        : 'Something went wrong on our side.',
    errorId,
  };
};
