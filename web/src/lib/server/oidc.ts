import * as oidc from 'openid-client';
import { env } from './env.ts';

let configuration: Promise<oidc.Configuration> | undefined;

/** Keycloak's metadata, fetched once; a failed fetch is retried on the next login. */
export function oidcConfiguration(): Promise<oidc.Configuration> {
  configuration ??= oidc
    .discovery(
      new URL(env.issuer),
      env.clientId,
      undefined,
      oidc.ClientSecretBasic(env.clientSecret),
      // The local stack's Keycloak speaks plain HTTP on loopback; production issuers are https.
      env.issuer.startsWith('http://') ? { execute: [oidc.allowInsecureRequests] } : undefined,
    )
    .catch((error: unknown) => {
      configuration = undefined;
      throw error;
    });
  return configuration;
}

export { oidc };
