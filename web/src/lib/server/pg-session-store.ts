import { createHash } from 'node:crypto';
import {
  deleteExpiredWebSessions,
  deleteWebSession,
  findWebSession,
  insertWebSession,
  updateWebSession,
  type Db,
  type WebSessionKind,
} from '@canopy/db';
import { newSessionId, type SessionStore } from './session-store.ts';

/** Expired rows are swept at most this often, by whichever replica creates a session. */
const SWEEP_EVERY_MS = 10 * 60 * 1000;

/** The row key: the id's SHA-256, so the table alone does not yield working cookies. */
export const hashId = (id: string) => createHash('sha256').update(id).digest('hex');

/**
 * Sessions in PostgreSQL (the web_sessions table), shared by every replica
 * of the dashboard and kept across restarts.
 */
export class PostgresSessionStore<T extends { expiresAt: number }> implements SessionStore<T> {
  readonly #db: Db;
  readonly #kind: WebSessionKind;
  #lastSweep = 0;

  constructor(db: Db, kind: WebSessionKind) {
    this.#db = db;
    this.#kind = kind;
  }

  async create(value: T): Promise<string> {
    await this.#sweep();
    const id = newSessionId();
    await insertWebSession(this.#db, {
      idHash: hashId(id),
      kind: this.#kind,
      data: value as unknown as Record<string, unknown>,
      expiresAt: new Date(value.expiresAt),
    });
    return id;
  }

  async get(id: string | undefined): Promise<T | undefined> {
    if (!id) return undefined;
    const data = await findWebSession(this.#db, hashId(id), this.#kind);
    return data as T | undefined;
  }

  async set(id: string, value: T): Promise<void> {
    await updateWebSession(
      this.#db,
      hashId(id),
      this.#kind,
      value as unknown as Record<string, unknown>,
      new Date(value.expiresAt),
    );
  }

  async delete(id: string | undefined): Promise<void> {
    if (id) await deleteWebSession(this.#db, hashId(id));
  }

  async #sweep() {
    if (Date.now() - this.#lastSweep < SWEEP_EVERY_MS) return;
    this.#lastSweep = Date.now();
    await deleteExpiredWebSessions(this.#db);
  }
}
