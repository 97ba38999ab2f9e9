export {
  router,
  createCallerFactory,
  publicProcedure,
  protectedProcedure,
  shopAdminProcedure,
  platformAdminProcedure,
  type Meta,
  type Access,
  type FieldErrors,
} from './init.ts';
export { orgAdminProcedure } from './org-scope.ts';
export type { Context, AuthUser, OrgMembership } from './context.ts';
export { createContextInner } from './create-context.ts';
