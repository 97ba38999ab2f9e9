import { randomBytes } from 'node:crypto';

export interface Session {
  user: { id: string; name: string; email: string | null };
  accessToken: string;
  /** Epoch milliseconds when the access token stops being accepted. */
  accessTokenExpiresAt: number;
  refreshToken: string | null;
  /** Kept for logout: Keycloak's end-session endpoint wants it as id_token_hint. */
  idToken: string | null;
  /** Epoch milliseconds after which the session is forgotten even if never used. */
  expiresAt: number;
}

/**
 * Tokens stay on the server, keyed by a random session id that is the only
 * thing the browser holds. This slice keeps them in memory: one replica, and
 * a restart signs everyone out. A shared store (Redis, PostgreSQL) replaces
 * it when the dashboard runs on more than one pod.
 */
export class MemorySessionStore<T extends { expiresAt: number }> {
  readonly #entries = new Map<string, T>();

  create(value: T): string {
    this.#sweep();
    const id = randomBytes(32).toString('base64url');
    this.#entries.set(id, value);
    return id;
  }

  get(id: string | undefined): T | undefined {
    if (!id) return undefined;
    const value = this.#entries.get(id);
    if (value && value.expiresAt <= Date.now()) {
      this.#entries.delete(id);
      return undefined;
    }
    return value;
  }

  set(id: string, value: T) {
    this.#entries.set(id, value);
  }

  delete(id: string | undefined) {
    if (id) this.#entries.delete(id);
  }

  #sweep() {
    const now = Date.now();
    for (const [id, value] of this.#entries) if (value.expiresAt <= now) this.#entries.delete(id);
  }
}

export interface PendingLogin {
  codeVerifier: string;
  state: string;
  nonce: string;
  returnTo: string;
  expiresAt: number;
}

export const sessions = new MemorySessionStore<Session>();
export const pendingLogins = new MemorySessionStore<PendingLogin>();
