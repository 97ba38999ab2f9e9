import { defineEnvVars } from '@sveltejs/kit/env';
import { z } from 'zod';

const url = (name: string) =>
  z.url({ error: `${name} must be a URL such as http://127.0.0.1:3000` });

// SvelteKit validates these when the server starts, so a typo stops the app at boot
// instead of at the first login. All are server-only ($app/env/private).
export const variables = defineEnvVars({
  API_URL: {
    description: "Canopy's API base URL",
    schema: url('API_URL').default('http://127.0.0.1:3000'),
  },
  KEYCLOAK_URL: {
    description: 'Keycloak base URL (the issuer is KEYCLOAK_URL/realms/KEYCLOAK_REALM)',
    schema: url('KEYCLOAK_URL').default('http://127.0.0.1:8180'),
  },
  KEYCLOAK_REALM: {
    schema: z
      .string()
      .regex(/^[\w-]+$/, { error: 'KEYCLOAK_REALM must be a realm name such as canopy' })
      .default('canopy'),
  },
  OIDC_CLIENT_ID: {
    description: "The dashboard's confidential OIDC client",
    schema: z.string().min(1, { error: 'OIDC_CLIENT_ID cannot be empty' }).default('canopy-web'),
  },
  OIDC_CLIENT_SECRET: {
    description: "The OIDC client's secret (canopy-web-dev-secret in the local stack's realm)",
    // Optional here because `vite build` evaluates this file without runtime secrets;
    // the server's init hook refuses to start without it (#lib/server/env.ts).
    schema: z.string().min(1, { error: 'OIDC_CLIENT_SECRET cannot be empty' }).optional(),
  },
  STRIPE_PUBLISHABLE_KEY: {
    description:
      "Stripe's publishable key; when set, checkout mounts Stripe Elements and the CSP admits Stripe",
    schema: z
      .string()
      .regex(/^pk_(test|live)_\w+$/, {
        error: 'STRIPE_PUBLISHABLE_KEY must start with pk_test_ or pk_live_',
      })
      .optional(),
  },
  SESSION_STORE: {
    description: 'Where sign-in sessions live: memory (one replica) or postgres (DATABASE_URL)',
    schema: z
      .enum(['memory', 'postgres'], { error: 'SESSION_STORE must be memory or postgres' })
      .default('memory'),
  },
  DATABASE_URL: {
    description: 'PostgreSQL for SESSION_STORE=postgres: the database the API migrates',
    schema: z
      .string()
      .regex(/^postgres(ql)?:\/\//, { error: 'DATABASE_URL must be a postgres:// URL' })
      .optional(),
  },
});
