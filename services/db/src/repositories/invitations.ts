import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database, MembershipRole } from '../schema/index.ts';

const columns = [
  'id',
  'org_id',
  'email',
  'role',
  'invited_by',
  'created_at',
  'accepted_at',
] as const;

/** Invites an address; inviting it again updates the open invitation's role. */
export async function upsertInvitation(
  db: Kysely<Database>,
  i: { orgId: string; email: string; role: MembershipRole; invitedBy: string },
) {
  const email = i.email.trim().toLowerCase();
  const open = await db
    .updateTable('invitations')
    .set({ role: i.role, invited_by: i.invitedBy })
    .where('org_id', '=', i.orgId)
    .where('email', '=', email)
    .where('accepted_at', 'is', null)
    .returning(columns)
    .executeTakeFirst();
  if (open) return open;
  return db
    .insertInto('invitations')
    .values({ org_id: i.orgId, email, role: i.role, invited_by: i.invitedBy })
    .returning(columns)
    .executeTakeFirstOrThrow();
}

export function listOpenInvitations(db: Kysely<Database>, orgId: string) {
  return db
    .selectFrom('invitations')
    .select(columns)
    .where('org_id', '=', orgId)
    .where('accepted_at', 'is', null)
    .orderBy('created_at')
    .execute();
}

export async function revokeInvitation(db: Kysely<Database>, orgId: string, invitationId: string) {
  const r = await db
    .deleteFrom('invitations')
    .where('id', '=', invitationId)
    .where('org_id', '=', orgId)
    .where('accepted_at', 'is', null)
    .executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/**
 * Turns the open invitations for a verified address into memberships; an
 * existing membership keeps its role. Returns the organisations joined.
 */
export async function acceptInvitationsFor(db: Kysely<Database>, userId: string, email: string) {
  return db.transaction().execute(async (trx) => {
    const accepted = await trx
      .updateTable('invitations')
      .set({ accepted_at: sql<Date>`now()`, accepted_by: userId })
      .where('email', '=', email.trim().toLowerCase())
      .where('accepted_at', 'is', null)
      .returning(['org_id', 'role'])
      .execute();
    for (const inv of accepted) {
      await trx
        .insertInto('memberships')
        .values({ org_id: inv.org_id, user_id: userId, role: inv.role })
        .onConflict((oc) => oc.columns(['org_id', 'user_id']).doNothing())
        .execute();
    }
    return accepted.map((a) => a.org_id);
  });
}
