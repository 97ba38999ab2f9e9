import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tokenFor } from '@canopy/devstack/testing';
import { createMigratedTestDb } from '@canopy/db/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashId, PostgresSessionStore } from '../src/lib/server/pg-session-store.ts';
import type { Session } from '../src/lib/server/session-store.ts';
import { launchBrowser } from './browser.ts';
import { stackEnv, WEB_PORT } from './stack-env.ts';

const WEB_DIR = fileURLToPath(new URL('..', import.meta.url));
/** Two replicas of the built app beside the one global-setup runs. */
const PORTS = [WEB_PORT + 21, WEB_PORT + 22];

/**
 * SESSION_STORE=postgres: a session kept in PostgreSQL is good on every
 * replica and outlives a restart. The session is stored through the store
 * with a real access token (Keycloak's login page is covered elsewhere and
 * only redirects back to the configured origins).
 */
describe('sessions in PostgreSQL', () => {
  let t: Awaited<ReturnType<typeof createMigratedTestDb>>;
  let store: PostgresSessionStore<Session>;
  const servers = new Map<number, ChildProcess>();

  async function startReplica(port: number) {
    const server = spawn('node', ['build'], {
      cwd: WEB_DIR,
      env: {
        ...process.env,
        ...stackEnv(),
        PORT: String(port),
        HOST: '127.0.0.1',
        OIDC_CLIENT_SECRET: process.env.OIDC_CLIENT_SECRET ?? 'canopy-web-dev-secret',
        SESSION_STORE: 'postgres',
        DATABASE_URL: t.url,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    servers.set(port, server);
    await expect
      .poll(
        () =>
          fetch(`http://127.0.0.1:${port}/signed-out`)
            .then((r) => r.status)
            .catch(() => 0),
        { timeout: 30_000, interval: 250 },
      )
      .toBe(200);
  }

  function stopReplica(port: number) {
    const server = servers.get(port);
    servers.delete(port);
    if (!server) return Promise.resolve();
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    return exited;
  }

  beforeAll(async () => {
    t = await createMigratedTestDb();
    store = new PostgresSessionStore<Session>(t.db, 'session');
  });
  afterAll(async () => {
    await Promise.all([...servers.keys()].map(stopReplica));
    await t?.destroy();
  });

  const session = (accessToken: string): Session => ({
    user: { id: 'member', name: 'Replica Tester', email: null },
    accessToken,
    accessTokenExpiresAt: Date.now() + 5 * 60_000,
    refreshToken: null,
    idToken: null,
    expiresAt: Date.now() + 60 * 60_000,
  });

  it('stores a session under the hash of its id, never the id itself', async () => {
    const id = await store.create(session('token-1'));
    expect(await store.get(id)).toMatchObject({ accessToken: 'token-1' });
    const keys = await t.db.selectFrom('web_sessions').select('id_hash').execute();
    expect(keys.map((r) => r.id_hash)).toEqual([hashId(id)]);
    await store.set(id, session('token-2'));
    expect(await store.get(id)).toMatchObject({ accessToken: 'token-2' });
    await store.delete(id);
    expect(await store.get(id)).toBeUndefined();
  });

  it('forgets an expired session', async () => {
    const id = await store.create({ ...session('old'), expiresAt: Date.now() - 1 });
    expect(await store.get(id)).toBeUndefined();
    expect(await store.get('not-an-id')).toBeUndefined();
  });

  it('signs the member in on every replica, and after a restart', async () => {
    const id = await store.create(session(await tokenFor('member')));
    await Promise.all(PORTS.map(startReplica));
    const { browser, close } = await launchBrowser();
    try {
      const context = browser.contexts()[0]!;
      // Cookies are per host, not per port: both replicas get this one.
      await context.addCookies([
        { name: 'canopy_session', value: id, domain: '127.0.0.1', path: '/', httpOnly: true },
      ]);
      const page: Page = await context.newPage();
      const signedInOn = async (port: number) => {
        await page.goto(`http://127.0.0.1:${port}/training`);
        return page.locator('header .who').textContent();
      };
      for (const port of PORTS) expect(await signedInOn(port)).toContain('Replica Tester');
      await stopReplica(PORTS[0]!);
      await startReplica(PORTS[0]!);
      expect(await signedInOn(PORTS[0]!)).toContain('Replica Tester');
      // An unknown id is no session: the replica sends the browser to sign in.
      await context.clearCookies();
      await page.goto(`http://127.0.0.1:${PORTS[1]}/training`);
      expect(page.url()).toContain('/realms/canopy/protocol/openid-connect/auth');
    } finally {
      await close();
    }
  });
});
