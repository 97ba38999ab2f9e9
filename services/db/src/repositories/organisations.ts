import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database, MembershipRole, NewOrganisation } from '../schema/index.ts';

const orgColumns = ['id', 'slug', 'name', 'created_at'] as const;

export function createOrganisation(db: Kysely<Database>, org: NewOrganisation) {
  return db.insertInto('organisations').values(org).returning(orgColumns).executeTakeFirstOrThrow();
}

export function findOrganisationBySlug(db: Kysely<Database>, slug: string) {
  return db
    .selectFrom('organisations')
    .select(orgColumns)
    .where('slug', '=', slug)
    .executeTakeFirst();
}

export function findOrganisation(db: Kysely<Database>, id: string) {
  return db.selectFrom('organisations').select(orgColumns).where('id', '=', id).executeTakeFirst();
}

/** Adds a member, or changes the role of an existing one. */
export function upsertMembership(
  db: Kysely<Database>,
  m: { orgId: string; userId: string; role: MembershipRole },
) {
  return db
    .insertInto('memberships')
    .values({ org_id: m.orgId, user_id: m.userId, role: m.role })
    .onConflict((oc) => oc.columns(['org_id', 'user_id']).doUpdateSet({ role: m.role }))
    .returning(['org_id', 'user_id', 'role', 'created_at'])
    .executeTakeFirstOrThrow();
}

export async function removeMembership(db: Kysely<Database>, orgId: string, userId: string) {
  const result = await db
    .deleteFrom('memberships')
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/**
 * The organisations a person belongs to, with their role in each: their
 * primary organisation first (the one their new activity counts for, flagged
 * `primary`), then the others by name. Without a stored primary that is still
 * one of theirs, the first by name stands in, as it did before members chose.
 */
export async function listMembershipsOfUser(db: Kysely<Database>, userId: string) {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('organisations', 'organisations.id', 'memberships.org_id')
    .leftJoin('user_profiles', 'user_profiles.user_id', 'memberships.user_id')
    .select([
      'organisations.id as orgId',
      'organisations.slug',
      'organisations.name',
      'memberships.role',
    ])
    .where('memberships.user_id', '=', userId)
    .orderBy(sql`coalesce(memberships.org_id = user_profiles.primary_org_id, false)`, 'desc')
    .orderBy('organisations.name')
    .orderBy('organisations.id')
    .execute();
  return rows.map((row, i) => ({ ...row, primary: i === 0 }));
}

/**
 * Makes one of the member's organisations their primary one; activity they
 * log from now on counts for it, what they logged before keeps its
 * organisation. False when they are not a member of it.
 */
export async function setPrimaryOrganisation(db: Kysely<Database>, userId: string, orgId: string) {
  const r = await db
    .updateTable('user_profiles')
    .set({ primary_org_id: orgId })
    .where('user_id', '=', userId)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('memberships')
          .select('org_id')
          .where('memberships.user_id', '=', userId)
          .where('memberships.org_id', '=', orgId),
      ),
    )
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export function listMembersOfOrganisation(db: Kysely<Database>, orgId: string) {
  return db
    .selectFrom('memberships')
    .leftJoin('user_profiles', 'user_profiles.user_id', 'memberships.user_id')
    .select([
      'memberships.user_id as userId',
      'memberships.role',
      'memberships.created_at as joinedAt',
      'user_profiles.display_name as displayName',
      'user_profiles.email',
    ])
    .where('memberships.org_id', '=', orgId)
    .orderBy('memberships.created_at')
    .execute();
}
