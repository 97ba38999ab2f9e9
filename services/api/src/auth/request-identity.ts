import type { IncomingMessage } from 'node:http';
import type { KeycloakVerifier, TokenIdentity } from './keycloak-verifier.ts';

const verified = new WeakMap<IncomingMessage, Promise<TokenIdentity>>();

/**
 * Verifies a request's bearer token once, however many steps ask: the rate
 * limiter needs the subject before the procedure's context does, and a
 * forged token should cost one verification, not two.
 */
export function verifyOnce(
  req: IncomingMessage,
  token: string,
  verifier: KeycloakVerifier,
): Promise<TokenIdentity> {
  let identity = verified.get(req);
  if (!identity) verified.set(req, (identity = verifier.verify(token)));
  return identity;
}
