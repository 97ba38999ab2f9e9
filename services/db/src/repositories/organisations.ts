import type { Kysely } from 'kysely';
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

/** The organisations a person belongs to, with their role in each. */
export function listMembershipsOfUser(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('organisations', 'organisations.id', 'memberships.org_id')
    .select([
      'organisations.id as orgId',
      'organisations.slug',
      'organisations.name',
      'memberships.role',
    ])
    .where('memberships.user_id', '=', userId)
    .orderBy('organisations.name')
    .execute();
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
