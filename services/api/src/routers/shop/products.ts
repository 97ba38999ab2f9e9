import { findProduct, findProductBySlug, listProducts } from '@canopy/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { Context } from '../../trpc/index.ts';
import { publicProcedure, shopAdminProcedure } from '../../trpc/index.ts';
import { toProduct } from './product-view.ts';
import { ZId, ZLimit, ZProduct, ZSlug } from './schemas.ts';

const ZPage = z.object({ items: z.array(ZProduct), nextCursor: z.string().nullable() });

const ZListInput = z
  .strictObject({
    limit: ZLimit,
    cursor: z.string({ error: 'cursor must be the nextCursor of the previous page' }).max(100),
  })
  .partial({ cursor: true });

async function page(
  ctx: Pick<Context, 'db' | 'objectStore'>,
  input: z.infer<typeof ZListInput>,
  status: 'active' | 'archived' | undefined,
) {
  // One extra row tells whether another page exists without a count query.
  const rows = await listProducts(ctx.db, {
    limit: input.limit + 1,
    afterSlug: input.cursor,
    status,
  });
  const more = rows.length > input.limit;
  const shown = more ? rows.slice(0, input.limit) : rows;
  return {
    items: await Promise.all(shown.map((r) => toProduct(ctx, r))),
    nextCursor: more ? (shown.at(-1)?.slug ?? null) : null,
  };
}

/** The shop window: active products only, for anyone. */
export const listActiveProducts = publicProcedure
  .input(ZListInput.default({ limit: 20 }))
  .output(ZPage)
  .query(({ ctx, input }) => page(ctx, input, 'active'));

export const getActiveProduct = publicProcedure
  .input(z.strictObject({ id: ZId('id') }))
  .output(ZProduct)
  .query(async ({ ctx, input }) => {
    const row = await findProduct(ctx.db, input.id, { activeOnly: true });
    if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'id: no such product' });
    return toProduct(ctx, row);
  });

/** For readable shop URLs (/shop/bamboo-bottle). */
export const getActiveProductBySlug = publicProcedure
  .input(z.strictObject({ slug: ZSlug }))
  .output(ZProduct)
  .query(async ({ ctx, input }) => {
    const row = await findProductBySlug(ctx.db, input.slug, { activeOnly: true });
    if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'slug: no such product' });
    return toProduct(ctx, row);
  });

/** Every product, archived ones included, for the people who run the shop. */
export const listAllProducts = shopAdminProcedure
  .input(
    ZListInput.extend({
      status: z.enum(['active', 'archived'], { error: 'status must be active or archived' }),
    })
      .partial({ status: true })
      .default({ limit: 20 }),
  )
  .output(ZPage)
  .query(({ ctx, input }) => page(ctx, input, input.status));
