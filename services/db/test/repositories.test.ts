import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrganisation,
  findUserProfile,
  listAuditForOrganisation,
  listNotifications,
  listMembersOfOrganisation,
  listMembershipsOfUser,
  recordAudit,
  removeMembership,
  seedDemo,
  demoUsers,
  updateUserProfile,
  upsertMembership,
  upsertUserProfile,
} from '../src/index.ts';
import { createMigratedTestDb } from '../src/testing.ts';

describe('repositories against PostgreSQL', () => {
  let t: Awaited<ReturnType<typeof createMigratedTestDb>>;
  beforeAll(async () => {
    t = await createMigratedTestDb();
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it('round-trips an organisation, its members, a profile and an audit entry', async () => {
    const { db } = t;
    const org = await createOrganisation(db, { slug: 'rowan', name: 'Rowan Ltd' });
    expect(org.id).toMatch(/^[0-9a-f-]{36}$/);

    await upsertUserProfile(db, {
      user_id: 'kc-sub-1',
      display_name: 'Ada',
      email: 'ada@example.test',
    });
    await upsertMembership(db, { orgId: org.id, userId: 'kc-sub-1', role: 'member' });
    await upsertMembership(db, { orgId: org.id, userId: 'kc-sub-2', role: 'member' });
    // Changing a role is an upsert, not a second row.
    await upsertMembership(db, { orgId: org.id, userId: 'kc-sub-1', role: 'org-admin' });

    const members = await listMembersOfOrganisation(db, org.id);
    expect(members.map((m) => [m.userId, m.role, m.displayName])).toEqual([
      ['kc-sub-1', 'org-admin', 'Ada'],
      ['kc-sub-2', 'member', null],
    ]);
    expect(await listMembershipsOfUser(db, 'kc-sub-1')).toEqual([
      { orgId: org.id, slug: 'rowan', name: 'Rowan Ltd', role: 'org-admin', primary: true },
    ]);

    const updated = await updateUserProfile(db, 'kc-sub-1', {
      units: 'imperial',
      timeZone: 'Europe/London',
    });
    expect(updated).toMatchObject({
      units: 'imperial',
      time_zone: 'Europe/London',
      display_name: 'Ada',
    });
    // A later login refreshes the name without resetting preferences.
    await upsertUserProfile(db, {
      user_id: 'kc-sub-1',
      display_name: 'Ada L.',
      email: 'ada@example.test',
    });
    expect(await findUserProfile(db, 'kc-sub-1')).toMatchObject({
      display_name: 'Ada L.',
      units: 'imperial',
    });

    expect(await removeMembership(db, org.id, 'kc-sub-2')).toBe(true);
    expect(await removeMembership(db, org.id, 'kc-sub-2')).toBe(false);

    await recordAudit(db, {
      actorId: 'kc-sub-1',
      action: 'membership.remove',
      orgId: org.id,
      targetType: 'user',
      targetId: 'kc-sub-2',
      details: { reason: 'left' },
    });
    const audit = await listAuditForOrganisation(db, org.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'membership.remove',
      target_id: 'kc-sub-2',
      details: { reason: 'left' },
    });
  });

  it('rejects values the schema forbids and leaves stored rows as they were', async () => {
    const { db } = t;
    await upsertUserProfile(db, { user_id: 'kc-sub-9', display_name: 'Bo' });
    await expect(updateUserProfile(db, 'kc-sub-9', { units: 'furlongs' as never })).rejects.toThrow(
      /units/,
    );
    expect(await findUserProfile(db, 'kc-sub-9')).toMatchObject({ units: 'metric' });
    await expect(createOrganisation(db, { slug: 'Not A Slug!', name: 'x' })).rejects.toThrow(
      /slug/,
    );
    await expect(
      upsertMembership(db, {
        orgId: '00000000-0000-0000-0000-000000000000',
        userId: 'u',
        role: 'member',
      }),
    ).rejects.toThrow(/foreign key/);
  });

  it('loads the demo data twice without duplicating it', async () => {
    const { db } = t;
    await seedDemo(db);
    await seedDemo(db);
    const mine = await listMembershipsOfUser(db, demoUsers.member.id);
    expect(mine.map((m) => m.slug)).toEqual(['alder']);
    const theirs = await listMembershipsOfUser(db, demoUsers.member2.id);
    expect(theirs.map((m) => m.slug)).toEqual(['birch']);
  });

  it('pages through notifications stored within one millisecond without skipping any', async () => {
    const { db } = t;
    // PostgreSQL keeps microseconds; a cursor that went through JavaScript
    // keeps milliseconds. All four fall in the same millisecond.
    for (const [title, at] of [
      ['first', '2026-11-01T10:00:00.123100Z'],
      ['second', '2026-11-01T10:00:00.123200Z'],
      ['third', '2026-11-01T10:00:00.123300Z'],
      ['fourth', '2026-11-01T10:00:00.123400Z'],
    ] as const) {
      await db
        .insertInto('notifications')
        .values({
          user_id: 'kc-pager',
          kind: 'goal.achieved',
          title,
          body: '',
          created_at: sql<Date>`${at}::timestamptz`,
        })
        .execute();
    }
    const seen: string[] = [];
    let before: { createdAt: Date; id: string } | undefined;
    for (let page = 0; page < 6; page++) {
      const rows = await listNotifications(db, 'kc-pager', { limit: 1, before });
      if (rows.length === 0) break;
      seen.push(rows[0]!.title);
      before = { createdAt: rows[0]!.created_at, id: rows[0]!.id };
    }
    expect(seen).toEqual(['fourth', 'third', 'second', 'first']);
  });
});
