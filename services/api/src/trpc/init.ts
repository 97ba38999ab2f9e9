import { randomUUID } from 'node:crypto';
import { initTRPC, TRPCError } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';
import { ZodError } from 'zod';
import type { RealmRole } from '../auth/roles.ts';
import type { Context } from './context.ts';
import { toTRPCError } from './errors.ts';
import { transformer } from './transformer.ts';

/** Who may call a procedure; the authorization matrix test reads it. */
export type Access = 'public' | 'member' | RealmRole;
export interface Meta {
  access: Access;
  /** Procedures that need an organisation id the caller administers. */
  orgScoped?: boolean;
  /** Also served as a plain REST route under /api, and described in /openapi.json. */
  openapi?: NonNullable<OpenApiMeta['openapi']>;
}

/** Field path (dotted) → messages, so the web can show each next to its field. */
export type FieldErrors = Record<string, string[]>;

interface IssueLike {
  path: PropertyKey[];
  message: string;
}

/**
 * Validation issues carried by an error's cause. Zod 4's ZodError is not an
 * Error subclass, so tRPC may hand it over wrapped: look for the issues
 * themselves rather than the class.
 */
export function validationIssues(cause: unknown): IssueLike[] | null {
  if (cause instanceof ZodError) return cause.issues;
  const issues = (cause as { issues?: unknown } | null | undefined)?.issues;
  if (
    Array.isArray(issues) &&
    issues.every((i) => Array.isArray(i?.path) && typeof i?.message === 'string')
  ) {
    return issues as IssueLike[];
  }
  return null;
}

export function fieldErrorsOf(source: IssueLike[] | { issues: IssueLike[] }): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of Array.isArray(source) ? source : source.issues) {
    const key = issue.path.length ? issue.path.join('.') : '(input)';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

const errorIds = new WeakMap<object, string>();

/**
 * Gives an internal error the id its log line and its answer share: tRPC
 * calls the server's onError (which logs) before it formats the answer.
 */
export function tagWithErrorId(error: object): string {
  let id = errorIds.get(error);
  if (!id) errorIds.set(error, (id = randomUUID()));
  return id;
}
const errorIdOf = tagWithErrorId;

const t = initTRPC
  .context<Context>()
  // Partial so a procedure can add its REST route (`.meta({ openapi })`) to
  // the access its base procedure declared; the authorization matrix test
  // checks that every procedure ends up with one.
  .meta<Partial<Meta>>()
  .create({
    transformer,
    errorFormatter({ shape, error }) {
      const issues = validationIssues(error.cause);
      // What went wrong inside stays in the log; the caller gets an id to quote.
      const errorId = error.code === 'INTERNAL_SERVER_ERROR' ? errorIdOf(error) : undefined;
      return {
        ...shape,
        message: issues
          ? `invalid input: ${issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`
          : errorId
            ? `internal error (reference ${errorId})`
            : shape.message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          fieldErrors: issues ? fieldErrorsOf(issues) : null,
          ...(errorId && { errorId }),
        },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

// Errors a procedure threw on purpose keep their code; only what tRPC had to
// call internal (a DomainError, a constraint violation…) is classified here.
function classifyInternal<R extends { ok: boolean }>(result: R): R {
  if (!result.ok) {
    const { error } = result as unknown as { error: TRPCError };
    if (error.code === 'INTERNAL_SERVER_ERROR' && error.cause) {
      const mapped = toTRPCError(error.cause);
      if (mapped.code !== 'INTERNAL_SERVER_ERROR') throw mapped;
    }
  }
  return result;
}

const mapErrors = t.middleware(async ({ next }) => classifyInternal(await next()));

export const publicProcedure = t.procedure.use(mapErrors).meta({ access: 'public' });

// One middleware per procedure kind checks the caller and classifies errors:
// tRPC copies the call's options at every middleware step, which showed in
// the API's profile.
function signedIn(role?: RealmRole) {
  return t.middleware(async ({ ctx, next }) => {
    if (!ctx.user)
      throw new TRPCError({
        code: 'UNAUTHORIZED',
        message: 'sign in first: no valid bearer token',
      });
    if (role && !ctx.user.roles.includes(role)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: `this needs the ${role} role` });
    }
    // tRPC merges this into the context: procedures see a user that is there.
    return classifyInternal(await next({ ctx: { user: ctx.user } }));
  });
}

/** Any signed-in member. */
export const protectedProcedure = t.procedure.meta({ access: 'member' }).use(signedIn());

export const orgAdminProcedure = t.procedure
  .meta({ access: 'org-admin', orgScoped: true })
  .use(signedIn('org-admin'));
export const shopAdminProcedure = t.procedure
  .meta({ access: 'shop-admin' })
  .use(signedIn('shop-admin'));
export const platformAdminProcedure = t.procedure
  .meta({ access: 'platform-admin' })
  .use(signedIn('platform-admin'));
