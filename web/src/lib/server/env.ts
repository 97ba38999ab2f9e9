import {
  API_URL,
  KEYCLOAK_REALM,
  KEYCLOAK_URL,
  OIDC_CLIENT_ID,
  OIDC_CLIENT_SECRET,
  STRIPE_PUBLISHABLE_KEY,
  SESSION_STORE,
  DATABASE_URL,
} from '$app/env/private';

/** The server's configuration, already validated by the schemas in src/env.ts. */
export const env = {
  apiUrl: API_URL,
  issuer: `${KEYCLOAK_URL.replace(/\/+$/, '')}/realms/${KEYCLOAK_REALM}`,
  clientId: OIDC_CLIENT_ID,
  clientSecret: OIDC_CLIENT_SECRET ?? '',
  /** Public by design (it goes to the browser); without it checkout only shows the order's status. */
  stripePublishableKey: STRIPE_PUBLISHABLE_KEY ?? null,
  sessionStore: SESSION_STORE,
  databaseUrl: DATABASE_URL ?? null,
};

/** Called from the init hook: a server without its client secret could sign nobody in. */
export function assertRuntimeEnv() {
  if (!env.clientSecret) {
    throw new Error('OIDC_CLIENT_SECRET must be set (canopy-web-dev-secret for the local stack)');
  }
  if (env.sessionStore === 'postgres' && !env.databaseUrl) {
    throw new Error('SESSION_STORE=postgres needs DATABASE_URL (the database the API migrates)');
  }
}
