// The one module that knows how Canopy checks a bearer token. It uses
// keycloak-connect in bearer-only mode; swapping the library means changing
// only this file.
import Keycloak from 'keycloak-connect';
import type { RealmRole } from './roles.ts';
import { isRealmRole } from './roles.ts';

export interface KeycloakVerifierConfig {
  /** Base URL of Keycloak, e.g. https://id.example.org */
  url: string;
  realm: string;
  /** The client id that API tokens must name in `aud`. */
  audience: string;
}

/** Who is calling, as far as the token says; org memberships come from the database. */
export interface TokenIdentity {
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  username: string | null;
  roles: RealmRole[];
  /** Client that asked for the token (canopy-web, canopy-cli, a service account…). */
  clientId: string | null;
  expiresAt: Date;
}

export type InvalidTokenReason =
  | 'missing'
  | 'malformed'
  | 'expired'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'bad_signature'
  | 'wrong_type'
  | 'unverifiable';

export class InvalidTokenError extends Error {
  readonly reason: InvalidTokenReason;
  constructor(reason: InvalidTokenReason, detail: string) {
    super(`invalid bearer token (${reason}): ${detail}`);
    this.reason = reason;
  }
}

interface AccessTokenContent {
  sub?: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  preferred_username?: string;
  azp?: string;
  exp?: number;
  realm_access?: { roles?: string[] };
}

function reasonOf(message: string): InvalidTokenReason {
  if (message.includes('expired')) return 'expired';
  if (message.includes('wrong ISS')) return 'wrong_issuer';
  if (message.includes('wrong audience')) return 'wrong_audience';
  if (message.includes('signature')) return 'bad_signature';
  if (message.includes('wrong type')) return 'wrong_type';
  if (message.includes('public key')) return 'unverifiable';
  return 'malformed';
}

/** How many verified tokens to remember; each is a few hundred bytes. */
const CACHE_LIMIT = 10_000;

export function createKeycloakVerifier(config: KeycloakVerifierConfig) {
  // A token is immutable and signed: once verified it stays valid until it
  // expires, so verifying it again on every request only burns CPU.
  const verified = new Map<string, TokenIdentity>();
  function remember(token: string, identity: TokenIdentity) {
    if (verified.size >= CACHE_LIMIT) {
      // Maps iterate in insertion order: drop the oldest.
      verified.delete(verified.keys().next().value!);
    }
    verified.set(token, identity);
  }

  const keycloak = new Keycloak(
    {},
    {
      realm: config.realm,
      'auth-server-url': config.url,
      resource: config.audience,
      'bearer-only': true,
      'ssl-required': 'external',
      'confidential-port': 0,
      // Not in the library's typings, read by its config loader.
      ...{ 'verify-token-audience': true },
    },
  );

  return {
    issuer: `${config.url.replace(/\/$/, '')}/realms/${config.realm}`,

    /** Verifies signature (realm JWKS), issuer, audience, type and expiry. */
    async verify(token: string | undefined | null): Promise<TokenIdentity> {
      if (!token) throw new InvalidTokenError('missing', 'no bearer token');
      const known = verified.get(token);
      if (known) {
        if (known.expiresAt.getTime() > Date.now()) return known;
        verified.delete(token);
      }
      if (token.split('.').length !== 3) throw new InvalidTokenError('malformed', 'not a JWT');
      let grant;
      try {
        grant = await keycloak.grantManager.createGrant({ access_token: token } as never);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new InvalidTokenError(reasonOf(message), message);
      }
      const content = (grant.access_token as unknown as { content: AccessTokenContent }).content;
      if (!content.sub || !content.exp)
        throw new InvalidTokenError('malformed', 'token has no subject or expiry');
      const identity: TokenIdentity = {
        subject: content.sub,
        email: content.email ?? null,
        emailVerified: content.email_verified === true,
        name: content.name ?? null,
        username: content.preferred_username ?? null,
        roles: (content.realm_access?.roles ?? []).filter(isRealmRole),
        clientId: content.azp ?? null,
        expiresAt: new Date(content.exp * 1000),
      };
      remember(token, identity);
      return identity;
    },
  };
}

export type KeycloakVerifier = ReturnType<typeof createKeycloakVerifier>;
