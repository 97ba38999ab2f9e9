import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../schema/index.ts';

export interface NewNotification {
  userId: string;
  kind: string;
  title: string;
  body: string;
  data?: Record<string, unknown>;
  /** Same key, same notification: workflow retries store it once. */
  dedupeKey?: string;
}

/** Stores an in-app notification once per dedupe key; returns it either way. */
export async function createNotification(db: Kysely<Database>, n: NewNotification) {
  const columns = [
    'id',
    'user_id',
    'kind',
    'title',
    'body',
    'data',
    'created_at',
    'read_at',
  ] as const;
  const inserted = await db
    .insertInto('notifications')
    .values({
      user_id: n.userId,
      kind: n.kind,
      title: n.title,
      body: n.body,
      data: n.data ?? {},
      dedupe_key: n.dedupeKey ?? null,
    })
    .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
    .returning(columns)
    .executeTakeFirst();
  if (inserted) return { ...inserted, created: true };
  const existing = await db
    .selectFrom('notifications')
    .select(columns)
    .where('user_id', '=', n.userId)
    .where('dedupe_key', '=', n.dedupeKey ?? null)
    .executeTakeFirstOrThrow();
  return { ...existing, created: false };
}

/** Newest first; `before` is the created_at/id cursor of the last item seen. */
export async function listNotifications(
  db: Kysely<Database>,
  userId: string,
  opts: { limit: number; unreadOnly?: boolean; before?: { createdAt: Date; id: string } },
) {
  let q = db
    .selectFrom('notifications as n')
    .select([
      'n.id',
      'n.kind',
      'n.title',
      'n.body',
      'n.data',
      'n.created_at',
      'n.read_at',
      (eb) =>
        eb
          .selectFrom('notification_deliveries as d')
          .select(
            sql<
              { channel: string; status: string; attempts: number; lastError: string | null }[]
            >`coalesce(json_agg(json_build_object('channel', d.channel, 'status', d.status, 'attempts', d.attempts, 'lastError', d.last_error)), '[]')`.as(
              'deliveries',
            ),
          )
          .whereRef('d.notification_id', '=', 'n.id')
          .as('deliveries'),
    ])
    .where('n.user_id', '=', userId)
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc')
    .limit(opts.limit);
  if (opts.unreadOnly) q = q.where('n.read_at', 'is', null);
  if (opts.before) {
    const { createdAt, id } = opts.before;
    // The cursor's time came through JavaScript, to the millisecond, while
    // created_at keeps microseconds: compared with it, rows stored earlier in
    // the same millisecond as the cursor's row would be skipped. The stored
    // time of the cursor's own row is exact; the cursor's is the fallback
    // once that row is gone.
    q = q.where(
      sql<boolean>`(n.created_at, n.id) < (coalesce((select c.created_at from notifications c where c.id = ${id}::uuid and c.user_id = ${userId}), ${createdAt}::timestamptz), ${id}::uuid)`,
    );
  }
  return q.execute();
}

export async function countUnread(db: Kysely<Database>, userId: string) {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks the caller's own notifications read; ids of others are silently not theirs. */
export async function markNotificationsRead(db: Kysely<Database>, userId: string, ids?: string[]) {
  let q = db
    .updateTable('notifications')
    .set({ read_at: sql<Date>`now()` })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
  if (ids) q = q.where('id', 'in', ids);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export function findNotificationPreferences(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('notification_preferences')
    .select(['user_id', 'in_app', 'email', 'webhook_url', 'webhook_secret', 'updated_at'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export function upsertNotificationPreferences(
  db: Kysely<Database>,
  userId: string,
  p: {
    inApp?: boolean;
    email?: boolean;
    webhookUrl?: string | null;
    webhookSecret?: string | null;
  },
) {
  const values = {
    ...(p.inApp !== undefined && { in_app: p.inApp }),
    ...(p.email !== undefined && { email: p.email }),
    ...(p.webhookUrl !== undefined && { webhook_url: p.webhookUrl }),
    ...(p.webhookSecret !== undefined && { webhook_secret: p.webhookSecret }),
  };
  return db
    .insertInto('notification_preferences')
    .values({ user_id: userId, webhook_url: null, webhook_secret: null, ...values })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({ ...values, updated_at: sql<Date>`now()` }),
    )
    .returning(['user_id', 'in_app', 'email', 'webhook_url', 'webhook_secret', 'updated_at'])
    .executeTakeFirstOrThrow();
}
