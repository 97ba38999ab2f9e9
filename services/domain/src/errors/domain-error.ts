/** Codes callers may branch on; the API maps them to HTTP/tRPC codes in one place. */
export type DomainErrorCode =
  | 'invalid_input'
  | 'unknown_factor_set'
  | 'unknown_airport'
  | 'unknown_country'
  | 'no_factor'
  | 'invalid_data'
  | 'insufficient_data';

/** A failure of domain rules, as opposed to a bug: safe to show to the member. */
export class DomainError extends Error {
  readonly code: DomainErrorCode;

  constructor(code: DomainErrorCode, message: string) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
  }
}
