import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database, NewUserProfile, Units } from '../schema/index.ts';

const profileColumns = [
  'user_id',
  'display_name',
  'email',
  'units',
  'time_zone',
  'avatar_key',
  'avatar_thumbnails',
  'created_at',
  'updated_at',
] as const;

export function findUserProfile(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('user_profiles')
    .select(profileColumns)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/**
 * Creates the profile on first sight of a person (their first login), or
 * refreshes it; fields not given keep their stored value.
 */
export function upsertUserProfile(db: Kysely<Database>, profile: NewUserProfile) {
  return db
    .insertInto('user_profiles')
    .values(profile)
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet((eb) => ({
        display_name: eb.ref('excluded.display_name'),
        email: eb.ref('excluded.email'),
        ...(profile.units !== undefined && { units: eb.ref('excluded.units') }),
        ...(profile.time_zone !== undefined && { time_zone: eb.ref('excluded.time_zone') }),
        ...(profile.avatar_key !== undefined && { avatar_key: eb.ref('excluded.avatar_key') }),
        updated_at: sql<Date>`now()`,
      })),
    )
    .returning(profileColumns)
    .executeTakeFirstOrThrow();
}

export function updateUserProfile(
  db: Kysely<Database>,
  userId: string,
  changes: { displayName?: string; units?: Units; timeZone?: string; avatarKey?: string | null },
) {
  return db
    .updateTable('user_profiles')
    .set({
      ...(changes.displayName !== undefined && { display_name: changes.displayName }),
      ...(changes.units !== undefined && { units: changes.units }),
      ...(changes.timeZone !== undefined && { time_zone: changes.timeZone }),
      // Thumbnails always describe the current avatar: a new one starts without.
      ...(changes.avatarKey !== undefined && {
        avatar_key: changes.avatarKey,
        avatar_thumbnails: null,
      }),
      updated_at: sql<Date>`now()`,
    })
    .where('user_id', '=', userId)
    .returning(profileColumns)
    .executeTakeFirst();
}
