import type { ColumnType } from 'kysely';
import type { DefaultTimestamp, Json } from './core.ts';

export type WebSessionKind = 'session' | 'login';

/** A dashboard sign-in session or pending login (see the web-sessions migration). */
export interface WebSessionTable {
  /** SHA-256 (hex) of the random id in the browser's cookie. */
  id_hash: string;
  kind: WebSessionKind;
  data: Json<Record<string, unknown>>;
  expires_at: ColumnType<Date, Date, Date>;
  updated_at: DefaultTimestamp;
}
