import { randomBytes } from 'node:crypto';
import { webhookFailureCategory } from '@canopy/domain';
import type { Db } from '@canopy/db';
import {
  countUnread,
  findNotificationPreferences,
  listNotifications,
  markNotificationsRead,
  recordAudit,
  upsertNotificationPreferences,
} from '@canopy/db';
import { z } from 'zod';
import { protectedProcedure, router } from '../../trpc/index.ts';
import { ZNotification, ZPreferences, ZWebhookUrl } from './schemas.ts';

const ZCursor = z.object({ createdAt: z.coerce.date(), id: z.uuid() });

type Delivery = { channel: string; status: string; attempts: number; lastError: string | null };

/**
 * A webhook's error is shown as its category only: the endpoint's own words
 * (and rows stored before categories) could tell what the worker can reach.
 */
function deliveryView(d: Delivery): Delivery {
  if (d.channel !== 'webhook' || d.lastError === null) return d;
  return { ...d, lastError: webhookFailureCategory(d.lastError) };
}

/** Only the host of a webhook URL is audited: paths and queries often carry tokens. */
const hostOf = (url: string | null | undefined) => (url ? new URL(url).host : null);

function secretChange(before: string | null, after: string | null) {
  if (before === after) return 'unchanged';
  if (after === null) return 'removed';
  return before === null ? 'set' : 'replaced';
}

/**
 * Changes the member's preferences and, when the webhook's URL or secret
 * changes, writes who did it to the audit log in the same transaction. The
 * secret itself is never logged.
 */
function updatePreferences(
  db: Db,
  userId: string,
  change: Parameters<typeof upsertNotificationPreferences>[2],
) {
  return db.transaction().execute(async (trx) => {
    const before = await findNotificationPreferences(trx, userId);
    const after = await upsertNotificationPreferences(trx, userId, change);
    const urlChanged = (before?.webhook_url ?? null) !== after.webhook_url;
    const secretChanged = (before?.webhook_secret ?? null) !== after.webhook_secret;
    if (urlChanged || secretChanged) {
      await recordAudit(trx, {
        actorId: userId,
        action: urlChanged ? 'notifications.webhook.url' : 'notifications.webhook.secret',
        targetType: 'user',
        targetId: userId,
        details: {
          ...(urlChanged && {
            fromHost: hostOf(before?.webhook_url),
            toHost: hostOf(after.webhook_url),
          }),
          secret: secretChange(before?.webhook_secret ?? null, after.webhook_secret),
        },
      });
    }
    return after;
  });
}

function preferencesView(p: Awaited<ReturnType<typeof findNotificationPreferences>>) {
  return {
    inApp: p?.in_app ?? true,
    email: p?.email ?? true,
    webhookUrl: p?.webhook_url ?? null,
    hasWebhookSecret: Boolean(p?.webhook_secret),
  };
}

export const notificationsRouter = router({
  list: protectedProcedure
    .input(
      z
        .strictObject({
          limit: z
            .number()
            .int()
            .min(1, 'limit must be 1–100')
            .max(100, 'limit must be 1–100')
            .default(20),
          unreadOnly: z.boolean().default(false),
          cursor: ZCursor.optional(),
        })
        .default({ limit: 20, unreadOnly: false }),
    )
    .output(
      z.object({
        items: z.array(ZNotification),
        nextCursor: ZCursor.nullable(),
        unread: z.number(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const rows = await listNotifications(ctx.db, ctx.user.id, {
        limit: input.limit,
        unreadOnly: input.unreadOnly,
        before: input.cursor,
      });
      const items = rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        title: r.title,
        body: r.body,
        data: r.data,
        createdAt: r.created_at,
        readAt: r.read_at,
        deliveries: (r.deliveries ?? []).map(deliveryView),
      }));
      const last = items.at(-1);
      return {
        items,
        nextCursor:
          items.length === input.limit && last ? { createdAt: last.createdAt, id: last.id } : null,
        unread: await countUnread(ctx.db, ctx.user.id),
      };
    }),

  markRead: protectedProcedure
    .input(z.strictObject({ ids: z.array(z.uuid('ids must be notification ids')).min(1).max(500) }))
    .output(z.object({ marked: z.number() }))
    .mutation(async ({ ctx, input }) => ({
      marked: await markNotificationsRead(ctx.db, ctx.user.id, input.ids),
    })),

  markAllRead: protectedProcedure
    .output(z.object({ marked: z.number() }))
    .mutation(async ({ ctx }) => ({ marked: await markNotificationsRead(ctx.db, ctx.user.id) })),

  preferences: router({
    get: protectedProcedure
      .output(ZPreferences)
      .query(async ({ ctx }) =>
        preferencesView(await findNotificationPreferences(ctx.db, ctx.user.id)),
      ),

    update: protectedProcedure
      .input(
        z.strictObject({
          inApp: z.boolean({ error: 'inApp must be true or false' }).optional(),
          email: z.boolean({ error: 'email must be true or false' }).optional(),
          webhookUrl: ZWebhookUrl.nullable().optional(),
        }),
      )
      .output(ZPreferences)
      .mutation(async ({ ctx, input }) =>
        preferencesView(
          await updatePreferences(ctx.db, ctx.user.id, {
            ...input,
            // Without a URL there is nothing to sign for.
            ...(input.webhookUrl === null && { webhookSecret: null }),
          }),
        ),
      ),

    /** A new signing secret for webhook deliveries, shown this once. */
    rotateWebhookSecret: protectedProcedure
      .output(z.object({ secret: z.string() }))
      .mutation(async ({ ctx }) => {
        const secret = `cnpy_whsec_${randomBytes(32).toString('base64url')}`;
        await updatePreferences(ctx.db, ctx.user.id, { webhookSecret: secret });
        return { secret };
      }),
  }),
});
