import { listCarbonActivities } from '@canopy/db';
import type { CarbonActivityType } from '@canopy/domain';
import { ZCarbonActivity } from '@canopy/domain';
import { z } from 'zod';
import { protectedProcedure } from '../../trpc/index.ts';
import { toActivityView, ZCarbonActivityView } from './schemas.ts';
import { checkRange, isSupportedDay, ZDay } from '../common-inputs.ts';

export const CATEGORIES = ZCarbonActivity.options.map(
  (o) => o.shape.type.value,
) as CarbonActivityType[];

const CURSOR = /^(\d{4}-\d{2}-\d{2})\|([0-9a-f-]{36})$/;

function encodeCursor(occurredOn: string, id: string) {
  return Buffer.from(`${occurredOn}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string) {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString());
  return match && isSupportedDay(match[1]) ? { occurredOn: match[1], id: match[2]! } : undefined;
}

export const listActivities = protectedProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: '/v1/carbon/activities',
      tags: ['carbon'],
      summary: 'A page of your activities, newest first',
    },
  })
  .input(
    z
      .strictObject({
        from: ZDay.optional(),
        to: ZDay.optional(),
        categories: z
          .array(
            z.enum(CATEGORIES as [CarbonActivityType, ...CarbonActivityType[]], {
              error: `categories must be among ${CATEGORIES.join(', ')}`,
            }),
          )
          .max(CATEGORIES.length)
          .optional(),
        limit: z
          .number({ error: 'limit must be a number' })
          .int({ error: 'limit must be a whole number' })
          .min(1, { error: 'limit must be from 1 to 200' })
          .max(200, { error: 'limit must be from 1 to 200' })
          .default(50),
        cursor: z
          .string()
          .max(200)
          .refine((c) => decodeCursor(c) !== undefined, {
            error: 'cursor must be a nextCursor from an earlier page',
          })
          .nullish(),
      })
      .superRefine(checkRange(100 * 366)),
  )
  .output(z.object({ items: z.array(ZCarbonActivityView), nextCursor: z.string().nullable() }))
  .query(async ({ ctx, input }) => {
    const after = input.cursor ? decodeCursor(input.cursor) : undefined;
    // One extra row says whether another page exists without a count query.
    const rows = await listCarbonActivities(ctx.db, ctx.user.id, {
      ...(input.from && { from: input.from }),
      ...(input.to && { to: input.to }),
      ...(input.categories && { categories: input.categories }),
      ...(after && { after }),
      limit: input.limit + 1,
    });
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    return {
      items: page.map(toActivityView),
      nextCursor:
        rows.length > input.limit && last ? encodeCursor(last.occurred_on, last.id) : null,
    };
  });
