import { DomainError } from '@canopy/domain';
import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { ObjectStoreError } from '../storage/object-store.ts';

const domainCodes: Record<DomainError['code'], TRPC_ERROR_CODE_KEY> = {
  invalid_input: 'BAD_REQUEST',
  unknown_factor_set: 'BAD_REQUEST',
  unknown_airport: 'BAD_REQUEST',
  unknown_country: 'BAD_REQUEST',
  no_factor: 'UNPROCESSABLE_CONTENT',
  invalid_data: 'INTERNAL_SERVER_ERROR',
  insufficient_data: 'PRECONDITION_FAILED',
};

interface PgError {
  code: string;
  constraint?: string;
  column?: string;
}

function isPgError(error: unknown): error is PgError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as PgError).code === 'string' &&
    /^[0-9A-Z]{5}$/.test((error as PgError).code)
  );
}

/**
 * The one place where failures become API errors: domain rule violations and
 * database constraint violations are the caller's problem (4xx) with a message
 * they can act on; anything else stays a 500 with no internals exposed.
 */
export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) return error;
  if (error instanceof DomainError) {
    return new TRPCError({ code: domainCodes[error.code], message: error.message, cause: error });
  }
  if (error instanceof ObjectStoreError) {
    const code = error.code === 'object_missing' ? 'NOT_FOUND' : 'INTERNAL_SERVER_ERROR';
    return new TRPCError({ code, message: error.message, cause: error });
  }
  if (isPgError(error)) {
    // unique_violation, foreign_key_violation, check_violation, not_null_violation
    if (error.code === '23505')
      return new TRPCError({
        code: 'CONFLICT',
        message: 'already exists',
        cause: error as unknown as Error,
      });
    if (error.code === '23503')
      return new TRPCError({
        code: 'NOT_FOUND',
        message: 'a referenced record does not exist',
        cause: error as unknown as Error,
      });
    if (error.code === '23514' || error.code === '23502' || error.code === '22P02') {
      return new TRPCError({
        code: 'BAD_REQUEST',
        message: `invalid value${error.constraint ? ` (${error.constraint})` : ''}`,
        cause: error as unknown as Error,
      });
    }
  }
  return new TRPCError({
    code: 'INTERNAL_SERVER_ERROR',
    message: 'internal error',
    cause: error instanceof Error ? error : undefined,
  });
}
