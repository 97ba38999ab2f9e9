import { randomUUID } from 'node:crypto';
import type { Db } from '@canopy/db';
import { listMembershipsOfUser } from '@canopy/db';
import { TRPCError } from '@trpc/server';
import type { CreateExpressContextOptions } from '@trpc/server/adapters/express';
import pino from 'pino';
import type { KeycloakVerifier } from '../auth/keycloak-verifier.ts';
import { InvalidTokenError } from '../auth/keycloak-verifier.ts';
import { verifyOnce } from '../auth/request-identity.ts';
import type { AuthUser, Context, CreateContextInnerOptions } from './context.ts';

const silent = pino({ level: 'silent' });

/** The context without HTTP: what router tests build directly. */
export function createContextInner(opts: CreateContextInnerOptions): Context {
  return {
    ...opts,
    now: opts.now ?? (() => new Date()),
    requestId: opts.requestId ?? randomUUID(),
    log: opts.log ?? silent,
  };
}

/** Turns a verified token into the caller, with their organisations from the database. */
export async function loadUser(
  db: Db,
  identity: Awaited<ReturnType<KeycloakVerifier['verify']>>,
): Promise<AuthUser> {
  // First sight of a person creates their profile; later logins leave it alone.
  await db
    .insertInto('user_profiles')
    .values({
      user_id: identity.subject,
      display_name: (identity.name ?? identity.username ?? identity.email ?? 'Member').slice(
        0,
        100,
      ),
      email: identity.email,
    })
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
  // Invitations are never taken up here: the invitee accepts each one (orgs.invitations).
  const memberships = await listMembershipsOfUser(db, identity.subject);
  return {
    id: identity.subject,
    email: identity.email,
    emailVerified: identity.emailVerified,
    name: identity.name,
    roles: identity.roles,
    memberships,
  };
}

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1]! : '';
}

/**
 * How long a replica trusts the memberships it loaded. A membership change
 * made elsewhere reaches every replica within this time; changes made
 * through this process are seen at once (forgetUser).
 */
export const MEMBERSHIP_CACHE_MS = 15_000;
const recentUsers = new Map<string, { user: AuthUser; until: number }>();

export function forgetUser(userId: string) {
  recentUsers.delete(userId);
}

async function cachedUser(db: Db, identity: Awaited<ReturnType<KeycloakVerifier['verify']>>) {
  const hit = recentUsers.get(identity.subject);
  if (hit && hit.until > Date.now()) {
    // Roles and the address travel in the token, so they are always the token's
    // own: an address changed or unverified at the identity provider answers no
    // invitation sent to the old one, even from the cache.
    return {
      ...hit.user,
      email: identity.email,
      emailVerified: identity.emailVerified,
      name: identity.name,
      roles: identity.roles,
    };
  }
  const user = await loadUser(db, identity);
  if (recentUsers.size > 50_000) recentUsers.clear();
  recentUsers.set(identity.subject, { user, until: Date.now() + MEMBERSHIP_CACHE_MS });
  return user;
}

export function createExpressContextFactory(
  deps: Omit<CreateContextInnerOptions, 'user'> & { verifier: KeycloakVerifier },
) {
  const { verifier, ...inner } = deps;
  return async ({ req }: CreateExpressContextOptions): Promise<Context> => {
    const token = bearerToken(req.headers.authorization);
    let user: AuthUser | null = null;
    if (token !== null) {
      try {
        user = await cachedUser(inner.db, await verifyOnce(req, token, verifier));
      } catch (error) {
        if (error instanceof InvalidTokenError) {
          // A token that fails verification is an error, never anonymous access.
          throw new TRPCError({ code: 'UNAUTHORIZED', message: error.message });
        }
        throw error;
      }
    }
    const requestId = String((req as { id?: unknown }).id ?? randomUUID());
    const log = (req as { log?: Context['log'] }).log ?? inner.log;
    return createContextInner({ ...inner, user, requestId, log });
  };
}
