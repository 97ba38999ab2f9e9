import { createNotification, demoUsers } from '@canopy/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness.ts';
import { createHarness } from './harness.ts';

describe('notifications router', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('lists a member’s notifications newest first with cursor pages, and only theirs', async () => {
    for (let i = 1; i <= 5; i++) {
      await createNotification(h.db, {
        userId: demoUsers.member.id,
        kind: 'goal.achieved',
        title: `Goal ${i}`,
        body: `You did it ${i}`,
        dedupeKey: `goal-${i}`,
      });
    }
    // A retried workflow activity stores the same notification once.
    const again = await createNotification(h.db, {
      userId: demoUsers.member.id,
      kind: 'goal.achieved',
      title: 'Goal 5',
      body: 'x',
      dedupeKey: 'goal-5',
    });
    expect(again.created).toBe(false);
    await createNotification(h.db, {
      userId: demoUsers.member2.id,
      kind: 'x',
      title: 'Not yours',
      body: '',
    });

    const member = await h.as('member');
    const first = await member.notifications.list({ limit: 3 });
    expect(first.items.map((n) => n.title)).toEqual(['Goal 5', 'Goal 4', 'Goal 3']);
    expect(first.unread).toBe(5);
    const second = await member.notifications.list({ limit: 3, cursor: first.nextCursor! });
    expect(second.items.map((n) => n.title)).toEqual(['Goal 2', 'Goal 1']);
    expect(second.nextCursor).toBeNull();
  });

  it('marks only the caller’s notifications read', async () => {
    const member = await h.as('member');
    const other = await h.as('member2');
    const mine = (await member.notifications.list({ limit: 2 })).items.map((n) => n.id);
    // Someone else's ids change nothing.
    expect(await other.notifications.markRead({ ids: mine })).toEqual({ marked: 0 });
    expect(await member.notifications.markRead({ ids: mine })).toEqual({ marked: 2 });
    expect((await member.notifications.list({ unreadOnly: true, limit: 20 })).items).toHaveLength(
      3,
    );
    expect(await member.notifications.markAllRead()).toEqual({ marked: 3 });
    expect((await member.notifications.list()).unread).toBe(0);
    expect((await other.notifications.list()).unread).toBe(1);
    await expect(member.notifications.markRead({ ids: ['nope'] })).rejects.toThrow(/ids/);
  });

  it('keeps preferences, shows a webhook secret once, and refuses unsafe webhook URLs', async () => {
    const member = await h.as('member');
    expect(await member.notifications.preferences.get()).toEqual({
      inApp: true,
      email: true,
      webhookUrl: null,
      hasWebhookSecret: false,
    });
    await member.notifications.preferences.update({
      email: false,
      webhookUrl: 'https://hooks.example.org/canopy',
    });
    const { secret } = await member.notifications.preferences.rotateWebhookSecret();
    expect(secret).toMatch(/^cnpy_whsec_[\w-]{43}$/);
    expect(await member.notifications.preferences.get()).toEqual({
      inApp: true,
      email: false,
      webhookUrl: 'https://hooks.example.org/canopy',
      hasWebhookSecret: true,
    });
    for (const url of [
      'http://hooks.example.org/x',
      'https://127.0.0.1/x',
      'https://localhost/x',
      'https://[::1]/x',
      'ftp://a.b/c',
    ]) {
      await expect(member.notifications.preferences.update({ webhookUrl: url })).rejects.toThrow(
        /webhookUrl/,
      );
    }
    await member.notifications.preferences.update({ webhookUrl: null });
    expect(await member.notifications.preferences.get()).toMatchObject({
      webhookUrl: null,
      hasWebhookSecret: false,
    });
  });
});
