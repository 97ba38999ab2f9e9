import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError } from 'zod';
import type { RealmRole } from '../auth/roles.ts';
import type { Context } from './context.ts';
import { toTRPCError } from './errors.ts';

/** Who may call a procedure; the authorization matrix test reads it. */
export type Access = 'public' | 'member' | RealmRole;
export interface Meta {
  access: Access;
  /** Procedures that need an organisation id the caller administers. */
  orgScoped?: boolean;
}

/** Field path (dotted) → messages, so the web can show each next to its field. */
export type FieldErrors = Record<string, string[]>;

export function fieldErrorsOf(error: ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '(input)';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const zod = error.cause instanceof ZodError ? error.cause : null;
      return {
        ...shape,
        message: zod
          ? `invalid input: ${zod.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`
          : shape.message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          fieldErrors: zod ? fieldErrorsOf(zod) : null,
        },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && !(result.error.cause instanceof ZodError)) {
    const mapped = toTRPCError(result.error.cause ?? result.error);
    if (mapped !== result.error && mapped.code !== result.error.code) throw mapped;
  }
  return result;
});

const base = t.procedure.use(mapErrors);

export const publicProcedure = base.meta({ access: 'public' });

const requireUser = t.middleware(({ ctx, next }) => {
  if (!ctx.user)
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'sign in first: no valid bearer token' });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/** Any signed-in member. */
export const protectedProcedure = base.meta({ access: 'member' }).use(requireUser);

function requireRole(role: RealmRole) {
  return t.middleware(({ ctx, next }) => {
    if (!ctx.user)
      throw new TRPCError({
        code: 'UNAUTHORIZED',
        message: 'sign in first: no valid bearer token',
      });
    if (!ctx.user.roles.includes(role)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: `this needs the ${role} role` });
    }
    return next({ ctx: { ...ctx, user: ctx.user } });
  });
}

export const orgAdminProcedure = base
  .meta({ access: 'org-admin', orgScoped: true })
  .use(requireRole('org-admin'));
export const shopAdminProcedure = base
  .meta({ access: 'shop-admin' })
  .use(requireRole('shop-admin'));
export const platformAdminProcedure = base
  .meta({ access: 'platform-admin' })
  .use(requireRole('platform-admin'));
