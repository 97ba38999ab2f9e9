import type { CanopyClient } from '@canopy/client';

export interface NotificationsApi {
  me: { get: Pick<CanopyClient['me']['get'], 'query'> };
  notifications: { list: Pick<CanopyClient['notifications']['list'], 'query'> };
}

export const PAGE_SIZE = 20;

/** A page cursor in the address: "<ISO time>_<id>", as the API's nextCursor. */
export function encodeCursor(cursor: { createdAt: Date; id: string }): string {
  return `${cursor.createdAt.toISOString()}_${cursor.id}`;
}

export function decodeCursor(text: string | null): { createdAt: Date; id: string } | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)_([0-9a-f-]{36})$/.exec(text ?? '');
  if (!match) return undefined;
  const createdAt = new Date(match[1]!);
  return Number.isNaN(createdAt.getTime()) ? undefined : { createdAt, id: match[2]! };
}

const CHANNEL = { email: 'Email', webhook: 'Webhook' } as Record<string, string>;

/** A delivery that did not arrive, in words; null for one that did or is still trying. */
export function deliveryProblem(d: {
  channel: string;
  status: string;
  attempts: number;
  lastError: string | null;
}): string | null {
  if (d.status !== 'failed') return null;
  const tries = d.attempts === 1 ? '1 attempt' : `${d.attempts} attempts`;
  return `${CHANNEL[d.channel] ?? d.channel} not delivered after ${tries}${d.lastError ? `: ${d.lastError}` : ''}.`;
}

export async function loadNotifications(api: NotificationsApi, url: URL) {
  const unreadOnly = url.searchParams.get('show') === 'unread';
  const cursor = decodeCursor(url.searchParams.get('before'));
  const [profile, page] = await Promise.all([
    api.me.get.query(),
    api.notifications.list.query({ limit: PAGE_SIZE, unreadOnly, ...(cursor && { cursor }) }),
  ]);
  return {
    // Times are shown on the member's clock, the same on the server and in the browser.
    timeZone: profile.timeZone,
    unreadOnly,
    isFirstPage: !cursor,
    unread: page.unread,
    items: page.items.map((n) => ({
      id: n.id,
      kind: n.kind,
      title: n.title,
      body: n.body,
      createdAt: n.createdAt,
      read: n.readAt !== null,
      problems: n.deliveries.map(deliveryProblem).filter((p): p is string => p !== null),
    })),
    older: page.nextCursor ? encodeCursor(page.nextCursor) : null,
  };
}

export type NotificationsPage = Awaited<ReturnType<typeof loadNotifications>>;
