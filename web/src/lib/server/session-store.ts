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
 * thing the browser holds. Where they are kept is the store's business: in
 * memory (one replica; a restart signs everyone out) or in PostgreSQL
 * (pg-session-store.ts) for several replicas. stores.ts picks one.
 */
export interface SessionStore<T extends { expiresAt: number }> {
  /** Stores the value under a new random id and returns the id. */
  create(value: T): Promise<string>;
  /** The live value, or undefined when unknown or expired. */
  get(id: string | undefined): Promise<T | undefined>;
  set(id: string, value: T): Promise<void>;
  delete(id: string | undefined): Promise<void>;
}

/** A session id: 256 random bits, URL-safe. */
export const newSessionId = () => randomBytes(32).toString('base64url');

export class MemorySessionStore<T extends { expiresAt: number }> implements SessionStore<T> {
  readonly #entries = new Map<string, T>();

  async create(value: T): Promise<string> {
    this.#sweep();
    const id = newSessionId();
    this.#entries.set(id, value);
    return id;
  }

  async get(id: string | undefined): Promise<T | undefined> {
    if (!id) return undefined;
    const value = this.#entries.get(id);
    if (value && value.expiresAt <= Date.now()) {
      this.#entries.delete(id);
      return undefined;
    }
    return value;
  }

  async set(id: string, value: T) {
    this.#entries.set(id, value);
  }

  async delete(id: string | undefined) {
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
