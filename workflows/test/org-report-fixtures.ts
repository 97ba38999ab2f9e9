// An organisation with members and an admin, and emissions inserted straight
// into the database, for the monthly report tests.
import { randomBytes } from 'node:crypto';
import type { Db } from '@canopy/db';
import type { Client as MinioClient } from 'minio';

export interface TestOrg {
  orgId: string;
  name: string;
  adminId: string;
  adminEmail: string;
  members: string[];
}

/** An organisation with `members` members plus one org admin who logs nothing. */
export async function insertOrg(db: Db, members: number): Promise<TestOrg> {
  const tag = randomBytes(4).toString('hex');
  const name = `Larch ${tag}`;
  const org = await db
    .insertInto('organisations')
    .values({ slug: `larch-${tag}`, name })
    .returning(['id'])
    .executeTakeFirstOrThrow();
  const adminId = `admin-${tag}`;
  const adminEmail = `admin-${tag}@example.test`;
  const ids = Array.from({ length: members }, (_, i) => `member-${tag}-${i}`);
  await db
    .insertInto('user_profiles')
    .values([
      { user_id: adminId, display_name: `Admin ${tag}`, email: adminEmail },
      ...ids.map((id) => ({ user_id: id, display_name: id, email: `${id}@example.test` })),
    ])
    .execute();
  await db
    .insertInto('memberships')
    .values([
      { org_id: org.id, user_id: adminId, role: 'org-admin' as const },
      ...ids.map((id) => ({ org_id: org.id, user_id: id, role: 'member' as const })),
    ])
    .execute();
  return { orgId: org.id, name, adminId, adminEmail, members: ids };
}

/** One logged emission of `kg` for a member of the organisation. */
export async function insertEmission(
  db: Db,
  org: TestOrg,
  e: { member: number; day: string; category: string; kg: number },
) {
  await db
    .insertInto('carbon_activities')
    .values({
      user_id: org.members[e.member]!,
      org_id: org.orgId,
      occurred_on: e.day,
      category: e.category,
      activity: { category: e.category },
      kg_co2e: e.kg,
      total_kg_co2e: e.kg,
      scope: 3,
      factor_id: 'test-factor',
      factor_source: 'test',
      factor_edition: '2026',
      factor_unit: 'kg',
      factor_kg_per_unit: 1,
      quantity_value: e.kg,
      quantity_unit: 'kg',
    })
    .execute();
}

export async function readObject(store: MinioClient, bucket: string, key: string) {
  const stream = await store.getObject(bucket, key);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function listKeys(store: MinioClient, bucket: string, prefix: string) {
  const keys: string[] = [];
  for await (const item of store.listObjectsV2(bucket, prefix, true)) {
    if (item.name) keys.push(item.name);
  }
  return keys.sort();
}
