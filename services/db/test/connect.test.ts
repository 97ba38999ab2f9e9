// A connection the server ends while it sits idle in the pool (a restart, a
// failover, an administrator) must not take the process down with it.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../src/index.ts';
import { createMigratedTestDb } from '../src/testing.ts';

describe('the connection pool', () => {
  let t: Awaited<ReturnType<typeof createMigratedTestDb>>;
  beforeAll(async () => {
    t = await createMigratedTestDb();
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it('lets an idle connection die, says so, and serves the next query on a new one', async () => {
    const errors: Error[] = [];
    const db = createDb(t.url, { max: 1, onIdleError: (e) => errors.push(e) });
    try {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db);
      const pid = rows[0]!.pid;
      // Ended by the server while the pool holds it idle.
      await sql`select pg_terminate_backend(${pid})`.execute(t.db);
      await expect.poll(() => errors.length).toBe(1);
      expect((errors[0] as Error & { code?: string }).code).toBe('57P01');
      const again = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db);
      expect(again.rows[0]!.pid).not.toBe(pid);
    } finally {
      await db.destroy();
    }
  });
});
