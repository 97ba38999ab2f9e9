import { createMigratedTestDb } from '@canopy/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketStarts } from '../src/routers/carbon/buckets.ts';

describe('summary buckets', () => {
  let t: Awaited<ReturnType<typeof createMigratedTestDb>>;
  beforeAll(async () => {
    t = await createMigratedTestDb();
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it('are the ones PostgreSQL truncates days to, empty ones included', async () => {
    const ranges = [
      ['2025-12-31', '2026-03-01', 'month'],
      ['2026-11-01', '2026-11-30', 'week'],
      ['2024-02-27', '2024-03-02', 'day'],
      ['2023-01-01', '2026-12-31', 'week'],
      ['2026-11-22', '2026-11-22', 'month'],
      ['2016-02-29', '2026-01-31', 'month'],
      ['1969-12-20', '1970-01-10', 'week'],
    ] as const;
    for (const [from, to, bucket] of ranges) {
      const r = await sql<{ start: string }>`
        select to_char(b, 'YYYY-MM-DD') as start
        from generate_series(date_trunc(${bucket}, ${from}::timestamp), ${to}::timestamp,
                             ${`1 ${bucket}`}::interval) b`.execute(t.db);
      expect(bucketStarts(from, to, bucket), `${bucket} ${from}..${to}`).toEqual(
        r.rows.map((x) => x.start),
      );
    }
  });
});
