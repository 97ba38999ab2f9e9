import { createTestDatabase } from '@canopy/devstack/testing';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/index.ts';
import {
  createDb,
  createOrganisation,
  goalActivity,
  insertCarbonActivity,
  listMembershipsOfUser,
  migrateDown,
  migrateToLatest,
  removeMembership,
  setPrimaryOrganisation,
  upsertDaySteps,
  upsertMembership,
  upsertUserProfile,
} from '../src/index.ts';
import { migrations } from '../src/migrations/index.ts';
import { carActivity } from './fixtures.ts';

const consent = '20261204T1000-invitation-consent';

describe('the primary organisation', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Kysely<Database>;
  beforeAll(async () => {
    database = await createTestDatabase('primary-org');
    db = createDb(database.url, { max: 2 });
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  const primaryOf = async (userId: string) =>
    (
      await db
        .selectFrom('user_profiles')
        .select('primary_org_id')
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow()
    ).primary_org_id;

  it('keeps, on migrating, the organisation activity counted for before: the first by name', async () => {
    // Up to the migration before, with a member of two organisations.
    const names = Object.keys(migrations);
    await migrateToLatest(db);
    while (names.includes(consent)) {
      const [reverted] = await migrateDown(db);
      names.splice(names.indexOf(reverted!), 1);
    }
    const zeta = await createOrganisation(db, { slug: 'zeta', name: 'Zeta' });
    const beta = await createOrganisation(db, { slug: 'beta', name: 'Beta' });
    await sql`insert into user_profiles (user_id, display_name) values ('old', 'Old')`.execute(db);
    await upsertMembership(db, { orgId: zeta.id, userId: 'old', role: 'member' });
    await upsertMembership(db, { orgId: beta.id, userId: 'old', role: 'member' });

    await migrateToLatest(db);
    expect(await primaryOf('old')).toBe(beta.id);
  });

  it('is the first membership, stays when another is added, and passes on when it is left', async () => {
    const first = await createOrganisation(db, { slug: 'yew', name: 'Yew' });
    const second = await createOrganisation(db, { slug: 'ash', name: 'Ash' });
    await upsertUserProfile(db, { user_id: 'new', display_name: 'New' });
    expect(await primaryOf('new')).toBeNull();
    await upsertMembership(db, { orgId: first.id, userId: 'new', role: 'member' });
    await upsertMembership(db, { orgId: second.id, userId: 'new', role: 'member' });
    expect(await primaryOf('new')).toBe(first.id);
    // Primary first, whatever the names say.
    expect((await listMembershipsOfUser(db, 'new')).map((m) => [m.slug, m.primary])).toEqual([
      ['yew', true],
      ['ash', false],
    ]);

    expect(await setPrimaryOrganisation(db, 'new', second.id)).toBe(true);
    expect((await listMembershipsOfUser(db, 'new')).map((m) => m.slug)).toEqual(['ash', 'yew']);
    const elsewhere = await createOrganisation(db, { slug: 'elm', name: 'Elm' });
    expect(await setPrimaryOrganisation(db, 'new', elsewhere.id)).toBe(false);
    expect(await primaryOf('new')).toBe(second.id);

    await removeMembership(db, second.id, 'new');
    expect(await primaryOf('new')).toBe(first.id);
    await removeMembership(db, first.id, 'new');
    expect(await primaryOf('new')).toBeNull();
  });

  it("counts for an organisation's goals only what was attributed to it, not a newcomer's activity", async () => {
    const home = await createOrganisation(db, { slug: 'home-org', name: 'Home' });
    const other = await createOrganisation(db, { slug: 'other-org', name: 'Other' });
    for (const userId of ['stayer', 'newcomer']) {
      await upsertUserProfile(db, { user_id: userId, display_name: userId });
    }
    await upsertMembership(db, { orgId: home.id, userId: 'stayer', role: 'member' });
    await upsertMembership(db, { orgId: other.id, userId: 'newcomer', role: 'member' });
    // The newcomer joins Home but keeps Other as their primary organisation.
    await upsertMembership(db, { orgId: home.id, userId: 'newcomer', role: 'member' });
    const day = { day: '2026-11-20', steps: 9000, source: 'manual' };
    const mine = await insertCarbonActivity(db, carActivity('stayer', { org_id: home.id }));
    await insertCarbonActivity(db, carActivity('newcomer', { org_id: other.id }));
    await upsertDaySteps(db, 'stayer', day, { orgIds: [home.id] });
    await upsertDaySteps(db, 'newcomer', day, { orgIds: [other.id, home.id] });

    const counted = await goalActivity(db, { orgId: home.id }, '2026-11-01');
    expect(counted.emissions.map((e) => e.id)).toEqual([mine.row.id]);
    expect(counted.steps.map((s) => s.user_id)).toEqual(['stayer']);
    const theirs = await goalActivity(db, { orgId: other.id }, '2026-11-01');
    expect(theirs.steps.map((s) => s.user_id)).toEqual(['newcomer']);
  });

  it('is set for a profile made after its memberships', async () => {
    const org = await createOrganisation(db, { slug: 'oak', name: 'Oak' });
    await upsertMembership(db, { orgId: org.id, userId: 'late', role: 'member' });
    await upsertUserProfile(db, { user_id: 'late', display_name: 'Late' });
    expect(await primaryOf('late')).toBe(org.id);
  });
});
