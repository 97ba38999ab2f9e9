import type { ColumnType } from 'kysely';

/** A caller's request budget, shared by every API replica (see the rate-limits migration). */
export interface ApiRateLimitTable {
  /** `user:<subject>` for a verified caller, `ip:<address>` for anyone else. */
  key: string;
  /** Calls left; refills at the limit per minute up to the limit. */
  tokens: number;
  /** Whether the last request found too few tokens (and took none). */
  refused: ColumnType<boolean, boolean | undefined, boolean>;
  updated_at: ColumnType<Date, Date | string, Date | string>;
}
