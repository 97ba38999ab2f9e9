import { createDb } from '@canopy/db';
import { env } from './env.ts';
import { PostgresSessionStore } from './pg-session-store.ts';
import {
  MemorySessionStore,
  type PendingLogin,
  type Session,
  type SessionStore,
} from './session-store.ts';

function choose(): { sessions: SessionStore<Session>; pendingLogins: SessionStore<PendingLogin> } {
  if (env.sessionStore === 'postgres' && env.databaseUrl) {
    // A small pool: a page load touches its session once or twice.
    const db = createDb(env.databaseUrl, { max: 5 });
    return {
      sessions: new PostgresSessionStore<Session>(db, 'session'),
      pendingLogins: new PostgresSessionStore<PendingLogin>(db, 'login'),
    };
  }
  return {
    sessions: new MemorySessionStore<Session>(),
    pendingLogins: new MemorySessionStore<PendingLogin>(),
  };
}

/** The stores SESSION_STORE names: memory (default, one replica) or postgres (DATABASE_URL). */
export const { sessions, pendingLogins } = choose();
