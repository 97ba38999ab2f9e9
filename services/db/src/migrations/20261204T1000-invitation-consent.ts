import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: never import application code into a migration.
//
// An invitation used to turn into a membership the moment the invitee signed
// in: an org admin could put another organisation's member into their own
// without asking. Now it is an offer the invitee accepts or declines, and it
// lapses. And a member of several organisations chooses the one their new
// activity counts for (their primary organisation), instead of it following
// whichever organisation's name sorts first.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('invitations')
    .addColumn('expires_at', 'timestamptz', (c) =>
      c.notNull().defaultTo(sql`now() + interval '14 days'`),
    )
    .addColumn('declined_at', 'timestamptz')
    .execute();
  // Open invitations already sent under the old rule get the full time to answer.
  await sql`update invitations set expires_at = now() + interval '14 days' where accepted_at is null`.execute(
    db,
  );
  await db.schema
    .alterTable('invitations')
    .addCheckConstraint(
      'invitations_answered_once',
      sql`accepted_at is null or declined_at is null`,
    )
    .execute();

  await db.schema
    .alterTable('user_profiles')
    .addColumn('primary_org_id', 'uuid', (c) =>
      c.references('organisations.id').onDelete('set null'),
    )
    .execute();
  // Everyone keeps the organisation their activity counted for until now:
  // the first of theirs by name.
  await sql`
    update user_profiles p
    set primary_org_id = (
      select m.org_id from memberships m join organisations o on o.id = m.org_id
      where m.user_id = p.user_id order by o.name, o.id limit 1
    )
  `.execute(db);

  // The first membership becomes the primary organisation; leaving the primary
  // one hands it to the oldest membership left. Kept by the database so every
  // way a membership is made or removed follows the same rule.
  await sql`
    create function memberships_keep_primary() returns trigger
    language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        update user_profiles set primary_org_id = new.org_id
        where user_id = new.user_id and primary_org_id is null;
        return null;
      end if;
      update user_profiles p set primary_org_id = (
        select m.org_id from memberships m
        where m.user_id = old.user_id
        order by m.created_at, m.org_id limit 1
      )
      where p.user_id = old.user_id and p.primary_org_id = old.org_id;
      return null;
    end $$;
  `.execute(db);
  await sql`
    create trigger memberships_keep_primary after insert or delete on memberships
    for each row execute function memberships_keep_primary()
  `.execute(db);
  // A profile made after its memberships (first sign-in after being added)
  // starts with the first of them by name, as its activity counted before.
  await sql`
    create function user_profiles_first_primary() returns trigger
    language plpgsql as $$
    begin
      if new.primary_org_id is null then
        new.primary_org_id := (
          select m.org_id from memberships m join organisations o on o.id = m.org_id
          where m.user_id = new.user_id order by o.name, o.id limit 1
        );
      end if;
      return new;
    end $$;
  `.execute(db);
  await sql`
    create trigger user_profiles_first_primary before insert on user_profiles
    for each row execute function user_profiles_first_primary()
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger user_profiles_first_primary on user_profiles`.execute(db);
  await sql`drop function user_profiles_first_primary()`.execute(db);
  await sql`drop trigger memberships_keep_primary on memberships`.execute(db);
  await sql`drop function memberships_keep_primary()`.execute(db);
  await db.schema.alterTable('user_profiles').dropColumn('primary_org_id').execute();
  await db.schema.alterTable('invitations').dropConstraint('invitations_answered_once').execute();
  // Under the old rule an open invitation is taken up at the next sign-in:
  // one that was declined or has lapsed must not be.
  await sql`
    delete from invitations
    where declined_at is not null or (accepted_at is null and expires_at <= now())
  `.execute(db);
  await db.schema.alterTable('invitations').dropColumn('declined_at').execute();
  await db.schema.alterTable('invitations').dropColumn('expires_at').execute();
}
