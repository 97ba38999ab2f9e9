import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database, MembershipRole } from '../schema/index.ts';

/** How long an invitation waits for its answer; inviting again renews it. */
export const INVITATION_LIFETIME_DAYS = 14;
const lifetime = sql<Date>`now() + make_interval(days => ${INVITATION_LIFETIME_DAYS})`;

// What the inviting organisation may know of an invitation: nothing the
// invitee did. A declined invitation reads as unanswered until it lapses, so
// the organisation cannot learn that an address belongs to someone here.
const orgColumns = [
  'id',
  'org_id',
  'email',
  'role',
  'invited_by',
  'created_at',
  'expires_at',
] as const;

export type InvitationStatus = 'pending' | 'expired';

const normalise = (email: string) => email.trim().toLowerCase();

/**
 * Invites an address. Inviting it again while unanswered changes the role and
 * renews the time to answer, and answers exactly as a first invitation would.
 * Nothing about any account with that address is read. One statement against
 * the one-open-invitation index, so two admins inviting the same address at
 * once both get the one invitation, never a conflict.
 */
export function upsertInvitation(
  db: Kysely<Database>,
  i: { orgId: string; email: string; role: MembershipRole; invitedBy: string },
) {
  return db
    .insertInto('invitations')
    .values({
      org_id: i.orgId,
      email: normalise(i.email),
      role: i.role,
      invited_by: i.invitedBy,
      expires_at: lifetime,
    })
    .onConflict((oc) =>
      oc
        .columns(['org_id', 'email'])
        .where('accepted_at', 'is', null)
        .doUpdateSet((eb) => ({
          role: eb.ref('excluded.role'),
          invited_by: eb.ref('excluded.invited_by'),
          expires_at: eb.ref('excluded.expires_at'),
        })),
    )
    .returning(orgColumns)
    .executeTakeFirstOrThrow();
}

/** The organisation's invitations not (yet) accepted, as the organisation may see them. */
export async function listOpenInvitations(db: Kysely<Database>, orgId: string) {
  const rows = await db
    .selectFrom('invitations')
    .select([...orgColumns, sql<boolean>`expires_at <= now()`.as('lapsed')])
    .where('org_id', '=', orgId)
    .where('accepted_at', 'is', null)
    .orderBy('created_at')
    .execute();
  return rows.map(({ lapsed, ...row }) => ({
    ...row,
    status: (lapsed ? 'expired' : 'pending') as InvitationStatus,
  }));
}

/** Withdraws an invitation that was not accepted (answered or not: the organisation cannot tell). */
export async function revokeInvitation(db: Kysely<Database>, orgId: string, invitationId: string) {
  const r = await db
    .deleteFrom('invitations')
    .where('id', '=', invitationId)
    .where('org_id', '=', orgId)
    .where('accepted_at', 'is', null)
    .executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/** Who may answer an invitation: the signed-in person whose verified address it was sent to. */
export interface Invitee {
  userId: string;
  /** Their verified address; null when the identity provider has not verified one. */
  verifiedEmail: string | null;
}

/** Invitations still waiting for this person's answer, newest first. */
export function listPendingInvitationsFor(db: Kysely<Database>, invitee: Invitee) {
  if (!invitee.verifiedEmail) return Promise.resolve([]);
  return db
    .selectFrom('invitations')
    .innerJoin('organisations', 'organisations.id', 'invitations.org_id')
    .leftJoin('user_profiles', 'user_profiles.user_id', 'invitations.invited_by')
    .select([
      'invitations.id',
      'invitations.org_id as orgId',
      'organisations.name as orgName',
      'organisations.slug as orgSlug',
      'invitations.role',
      'user_profiles.display_name as invitedByName',
      'invitations.created_at as createdAt',
      'invitations.expires_at as expiresAt',
    ])
    .where('invitations.email', '=', normalise(invitee.verifiedEmail))
    .where('invitations.accepted_at', 'is', null)
    .where('invitations.declined_at', 'is', null)
    .where('invitations.expires_at', '>', sql<Date>`now()`)
    .orderBy('invitations.created_at', 'desc')
    .execute();
}

/**
 * Answers one of the invitee's pending invitations. Anything else — another
 * person's invitation, an answered or lapsed one, an unknown id — changes
 * nothing and returns undefined, all alike. Call it inside a transaction:
 * accepting marks the invitation and makes the membership.
 */
export async function answerInvitation(
  db: Kysely<Database>,
  invitee: Invitee,
  invitationId: string,
  answer: 'accept' | 'decline',
) {
  if (!invitee.verifiedEmail) return undefined;
  const email = normalise(invitee.verifiedEmail);
  const answered = await db
    .updateTable('invitations')
    .set(
      answer === 'accept'
        ? { accepted_at: sql<Date>`now()`, accepted_by: invitee.userId }
        : { declined_at: sql<Date>`now()` },
    )
    .where('id', '=', invitationId)
    .where('email', '=', email)
    .where('accepted_at', 'is', null)
    .where('declined_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning(['id', 'org_id', 'role'])
    .executeTakeFirst();
  if (!answered) return undefined;
  if (answer === 'accept') {
    // Already a member: the membership keeps its role.
    await db
      .insertInto('memberships')
      .values({ org_id: answered.org_id, user_id: invitee.userId, role: answered.role })
      .onConflict((oc) => oc.columns(['org_id', 'user_id']).doNothing())
      .execute();
  }
  return { id: answered.id, orgId: answered.org_id, role: answered.role };
}

/**
 * What the invitation email says, while the invitation still waits for an
 * answer; undefined once it was answered, withdrawn or lapsed, so a late
 * email is never sent for an offer that no longer stands.
 */
export function findPendingInvitationForEmail(db: Kysely<Database>, invitationId: string) {
  return db
    .selectFrom('invitations')
    .innerJoin('organisations', 'organisations.id', 'invitations.org_id')
    .leftJoin('user_profiles', 'user_profiles.user_id', 'invitations.invited_by')
    .select([
      'invitations.id',
      'invitations.email',
      'organisations.name as orgName',
      'user_profiles.display_name as invitedByName',
      'invitations.expires_at as expiresAt',
    ])
    .where('invitations.id', '=', invitationId)
    .where('invitations.accepted_at', 'is', null)
    .where('invitations.declined_at', 'is', null)
    .where('invitations.expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
}
