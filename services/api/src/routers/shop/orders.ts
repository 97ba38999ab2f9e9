import type { Db, OrderStatus } from '@canopy/db';
import { findOrder, listOrders } from '@canopy/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { protectedProcedure, shopAdminProcedure } from '../../trpc/index.ts';
import { toOrders } from './order-view.ts';
import { ZId, ZLimit, ZOrder, ZOrderStatus } from './schemas.ts';

const ZPage = z.object({ items: z.array(ZOrder), nextCursor: z.string().nullable() });
const ZCursor = z.uuid({ error: 'cursor must be the nextCursor of the previous page' });

async function page(
  db: Db,
  options: { limit: number; cursor?: string; userId?: string; status?: OrderStatus },
) {
  const rows = await listOrders(db, {
    limit: options.limit + 1,
    beforeId: options.cursor,
    userId: options.userId,
    status: options.status,
  });
  const more = rows.length > options.limit;
  const shown = more ? rows.slice(0, options.limit) : rows;
  return {
    items: await toOrders(db, shown),
    nextCursor: more ? (shown.at(-1)?.id ?? null) : null,
  };
}

export const myOrders = protectedProcedure
  .input(z.strictObject({ limit: ZLimit, cursor: ZCursor.optional() }).default({ limit: 20 }))
  .output(ZPage)
  .query(({ ctx, input }) => page(ctx.db, { ...input, userId: ctx.user.id }));

export const allOrders = shopAdminProcedure
  .input(
    z
      .strictObject({
        limit: ZLimit,
        cursor: ZCursor.optional(),
        status: ZOrderStatus.optional(),
        userId: z.string().min(1, 'userId cannot be empty').max(100).optional(),
      })
      .default({ limit: 20 }),
  )
  .output(ZPage)
  .query(({ ctx, input }) => page(ctx.db, input));

/** A member's own order; shop admins may open anyone's (to answer and refund). */
export const getOrder = protectedProcedure
  .input(z.strictObject({ id: ZId('id') }))
  .output(ZOrder)
  .query(async ({ ctx, input }) => {
    const anyOrder = ctx.user.roles.includes('shop-admin');
    const row = await findOrder(ctx.db, input.id, anyOrder ? {} : { userId: ctx.user.id });
    if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'id: no such order' });
    const [order] = await toOrders(ctx.db, [row]);
    return order!;
  });
