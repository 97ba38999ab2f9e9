import type { Kysely } from 'kysely';
import type { Database } from './schema/index.ts';
import {
  createOrganisation,
  findOrganisationBySlug,
  upsertMembership,
} from './repositories/organisations.ts';
import { upsertUserProfile } from './repositories/user-profiles.ts';

/**
 * Demo people. Their ids are the Keycloak subjects fixed in the development
 * realm (scripts/devstack/keycloak/canopy-realm.json).
 */
export const demoUsers = {
  member: {
    id: '3f1c2a9e-6b1d-4c57-9a55-0b7c1d2e4f01',
    name: 'Mia Member',
    org: 'alder',
    role: 'member',
  },
  member2: {
    id: '3f1c2a9e-6b1d-4c57-9a55-0b7c1d2e4f02',
    name: 'Milo Meadows',
    org: 'birch',
    role: 'member',
  },
  orgadmin: {
    id: '3f1c2a9e-6b1d-4c57-9a55-0b7c1d2e4f03',
    name: 'Olga Orgadmin',
    org: 'alder',
    role: 'org-admin',
  },
  shopadmin: {
    id: '3f1c2a9e-6b1d-4c57-9a55-0b7c1d2e4f04',
    name: 'Sam Shopadmin',
    org: 'alder',
    role: 'member',
  },
  platformadmin: {
    id: '3f1c2a9e-6b1d-4c57-9a55-0b7c1d2e4f05',
    name: 'Pat Platform',
    org: 'alder',
    role: 'member',
  },
} as const;

export const demoOrganisations = [
  { slug: 'alder', name: 'Alder & Co' },
  { slug: 'birch', name: 'Birch Works' },
] as const;

/** Loads the demo organisations, memberships and profiles; safe to run again. */
export async function seedDemo(db: Kysely<Database>) {
  await db.transaction().execute(async (trx) => {
    const orgIds = new Map<string, string>();
    for (const org of demoOrganisations) {
      const found = await findOrganisationBySlug(trx, org.slug);
      orgIds.set(org.slug, (found ?? (await createOrganisation(trx, org))).id);
    }
    for (const [username, user] of Object.entries(demoUsers)) {
      await upsertUserProfile(trx, {
        user_id: user.id,
        display_name: user.name,
        email: `${username}@canopy.test`,
      });
      await upsertMembership(trx, {
        orgId: orgIds.get(user.org)!,
        userId: user.id,
        role: user.role,
      });
    }
  });
}
