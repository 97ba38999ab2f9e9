import type { Kysely } from 'kysely';
import type { Database } from '../../schema/index.ts';

/**
 * Stores a Stripe event once. Returns false when its id was already stored
 * (Stripe delivers at least once, and anyone can replay a captured request).
 */
export async function recordStripeEvent(
  db: Kysely<Database>,
  event: { id: string; type: string; payload: Record<string, unknown> },
) {
  const row = await db
    .insertInto('stripe_events')
    .values({ id: event.id, type: event.type, payload: event.payload })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export function findStripeEvent(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('stripe_events')
    .select(['id', 'type', 'received_at', 'processed_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function markStripeEventProcessed(db: Kysely<Database>, id: string, at: Date) {
  await db.updateTable('stripe_events').set({ processed_at: at }).where('id', '=', id).execute();
}
