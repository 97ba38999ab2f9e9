import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deleteExpiredWebSessions,
  deleteWebSession,
  findWebSession,
  insertWebSession,
  updateWebSession,
} from '../src/index.ts';
import { createMigratedTestDb } from '../src/testing.ts';

describe('web sessions', () => {
  let t: Awaited<ReturnType<typeof createMigratedTestDb>>;
  beforeAll(async () => {
    t = await createMigratedTestDb();
  });
  afterAll(async () => {
    await t?.destroy();
  });

  const inAnHour = () => new Date(Date.now() + 3_600_000);

  it('stores, finds, updates and deletes a session by the hash of its id', async () => {
    await insertWebSession(t.db, {
      idHash: 'h1',
      kind: 'session',
      data: { accessToken: 'a1' },
      expiresAt: inAnHour(),
    });
    expect(await findWebSession(t.db, 'h1', 'session')).toEqual({ accessToken: 'a1' });
    // A pending login's id never opens a session, nor the other way round.
    expect(await findWebSession(t.db, 'h1', 'login')).toBeUndefined();
    expect(await updateWebSession(t.db, 'h1', 'session', { accessToken: 'a2' }, inAnHour())).toBe(
      true,
    );
    expect(await findWebSession(t.db, 'h1', 'session')).toEqual({ accessToken: 'a2' });
    await deleteWebSession(t.db, 'h1');
    expect(await findWebSession(t.db, 'h1', 'session')).toBeUndefined();
    expect(await updateWebSession(t.db, 'h1', 'session', {}, inAnHour())).toBe(false);
  });

  it('treats an expired entry as gone, and the sweep removes it', async () => {
    await insertWebSession(t.db, {
      idHash: 'old',
      kind: 'login',
      data: { state: 's' },
      expiresAt: new Date(Date.now() - 1000),
    });
    await insertWebSession(t.db, { idHash: 'new', kind: 'login', data: {}, expiresAt: inAnHour() });
    expect(await findWebSession(t.db, 'old', 'login')).toBeUndefined();
    expect(await deleteExpiredWebSessions(t.db)).toBe(1);
    expect(await findWebSession(t.db, 'new', 'login')).toEqual({});
  });

  it('refuses a kind it does not know', async () => {
    await expect(
      insertWebSession(t.db, {
        idHash: 'x',
        kind: 'cookie' as 'login',
        data: {},
        expiresAt: inAnHour(),
      }),
    ).rejects.toThrow(/check constraint/);
  });
});
