import { describe, expect, it } from 'vitest';
import {
  decodeCursor,
  deliveryProblem,
  encodeCursor,
  loadNotifications,
  type NotificationsApi,
} from './load-notifications.ts';

const ID = '0b7e6f0c-1d2a-4c1e-9f00-3a7d2b9c0e11';

function fakeApi(items: number, more: boolean) {
  const asked: unknown[] = [];
  const api = {
    me: { get: { query: async () => ({ timeZone: 'Europe/Berlin' }) } },
    notifications: {
      list: {
        query: async (input: unknown) => {
          asked.push(input);
          return {
            unread: 3,
            items: Array.from({ length: items }, (_, i) => ({
              id: `n${i}`,
              kind: 'goal.achieved',
              title: 'Goal achieved',
              body: 'You reached 8,000 steps today.',
              data: {},
              createdAt: new Date('2026-11-22T08:00:00Z'),
              readAt: i === 0 ? null : new Date('2026-11-22T09:00:00Z'),
              deliveries:
                i === 0
                  ? [{ channel: 'email', status: 'failed', attempts: 5, lastError: '550' }]
                  : [],
            })),
            nextCursor: more ? { createdAt: new Date('2026-11-20T10:00:00Z'), id: ID } : null,
          };
        },
      },
    },
  };
  return { api: api as unknown as NotificationsApi, asked };
}

describe('loadNotifications', () => {
  it('reads the filter and the page from the address, and links the older page', async () => {
    const { api, asked } = fakeApi(2, true);
    const page = await loadNotifications(
      api,
      new URL(`http://x/notifications?show=unread&before=2026-11-21T10:00:00.000Z_${ID}`),
    );
    expect(asked).toEqual([
      {
        limit: 20,
        unreadOnly: true,
        cursor: { createdAt: new Date('2026-11-21T10:00:00Z'), id: ID },
      },
    ]);
    expect(page.isFirstPage).toBe(false);
    expect(page.timeZone).toBe('Europe/Berlin');
    expect(page.older).toBe(`2026-11-20T10:00:00.000Z_${ID}`);
    expect(page.items[0]).toMatchObject({
      read: false,
      problems: ['Email not delivered after 5 attempts: 550.'],
    });
    expect(page.items[1]).toMatchObject({ read: true, problems: [] });
  });

  it('ignores a cursor that is not one, and shows the first page', async () => {
    const { api, asked } = fakeApi(0, false);
    const page = await loadNotifications(api, new URL('http://x/notifications?before=yesterday'));
    expect(asked).toEqual([{ limit: 20, unreadOnly: false }]);
    expect(page).toMatchObject({ isFirstPage: true, older: null, items: [] });
  });
});

describe('cursors and deliveries', () => {
  it('round-trips a cursor', () => {
    const c = { createdAt: new Date('2026-11-20T10:00:00.123Z'), id: ID };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
  });

  it('says nothing about a delivery that arrived or is still being tried', () => {
    expect(
      deliveryProblem({ channel: 'webhook', status: 'sent', attempts: 1, lastError: null }),
    ).toBeNull();
    expect(
      deliveryProblem({ channel: 'webhook', status: 'pending', attempts: 2, lastError: 'x' }),
    ).toBeNull();
  });
});
