// SIGTERM while a request is still running: the API must let it finish
// before closing the database, even when its client has already hung up
// (a load balancer gave up, a browser tab closed).
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { demoUsers, seedDemo } from '@canopy/db';
import { createMigratedTestDb, holdRollupCell } from '@canopy/db/testing';
import { stackEnv, tokenFor } from '@canopy/devstack/testing';
import { sql } from 'kysely';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const main = resolve(import.meta.dirname, '../src/server/main.ts');
const DAY = '2026-01-05';

const freePort = () =>
  new Promise<number>((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });

describe('API shutdown', () => {
  let testDb: Awaited<ReturnType<typeof createMigratedTestDb>>;
  beforeAll(async () => {
    testDb = await createMigratedTestDb();
    await seedDemo(testDb.db);
  });
  afterAll(async () => {
    await testDb?.destroy();
  });

  it('finishes a request whose client hung up before closing the database', async () => {
    const port = await freePort();
    const api = spawn(process.execPath, [main], {
      env: {
        ...process.env,
        ...stackEnv(),
        DATABASE_URL: testDb.url,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    api.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    api.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => api.once('exit', (code) => done(code)));

    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 150; i++) {
      const ready = await fetch(`${base}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const token = await tokenFor('member');

    // Hold the member's daily rollup cell for that day: the API's insert
    // (its trigger updates the cell) waits until this transaction ends.
    const cell = await holdRollupCell(testDb.db, {
      user_id: demoUsers.member.id,
      day: DAY,
      category: 'car',
      scope: 3,
    });

    const body = JSON.stringify(
      superjson.serialize({
        occurredOn: DAY,
        activity: { type: 'car', distance: { value: 10, unit: 'km' }, fuel: 'petrol' },
      }),
    );
    const call = request(`${base}/trpc/carbon.log`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
    call.on('error', () => {});
    call.end(body);
    // Wait until the API's insert is blocked on the held cell, then hang up.
    for (let i = 0; i < 100; i++) {
      const { rows } = await sql<{ n: string }>`
        select count(*) as n from pg_stat_activity
        where wait_event_type = 'Lock' and query like 'insert into "carbon_activities"%'
      `.execute(testDb.db);
      if (Number(rows[0]!.n) > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    call.destroy();
    await new Promise((r) => setTimeout(r, 200));

    api.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 700));
    await cell.release();

    expect(await exited).toBe(0);
    expect(output).not.toContain('procedure failed');
    expect(output).not.toContain('driver has already been destroyed');
    const stored = await testDb.db
      .selectFrom('carbon_activities')
      .select('total_kg_co2e')
      .where('user_id', '=', demoUsers.member.id)
      .where('occurred_on', '=', DAY)
      .execute();
    expect(stored).toHaveLength(1);
  });
});
