import { createCanopyClient, type CanopyClient } from '@canopy/client';
import { tokenFor } from '@canopy/devstack/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousAxeViolations } from './browser.ts';
import { stackEnv, WEB_ORIGIN } from './stack-env.ts';

/**
 * The links of an invitation email, `/invitations?accept=<id>` and
 * `?decline=<id>`: opened signed out they lead through the sign-in back to
 * the invitation, which is shown and focused but not answered until its
 * invitee presses the button; anyone else sees the same message as for an id
 * that does not exist. member2 leaves Alder again afterwards.
 */
describe('the invitation email links, followed by the invitee and by someone else', () => {
  let admin: CanopyClient;
  let member2: CanopyClient;
  let alder = '';
  let close: () => Promise<void>;
  let newPage: () => Promise<Page>;

  const invite = () => admin.orgs.invite.mutate({ orgId: alder, email: 'member2@canopy.test' });
  const pendingFor = async () => (await member2.orgs.invitations.mine.query()).map((i) => i.id);

  /** Opens `path` signed out and signs in as `username` on the way, landing back on it. */
  async function openSignedOutAs(path: string, username: string) {
    const page = await newPage();
    await page.goto(`${WEB_ORIGIN}${path}`);
    await page.waitForSelector('#username');
    await page.fill('#username', username);
    await page.fill('#password', 'canopy-demo');
    await Promise.all([page.waitForURL(`${WEB_ORIGIN}${path}`), page.click('#kc-login')]);
    await page.waitForSelector('html[data-hydrated]');
    return page;
  }

  beforeAll(async () => {
    const url = stackEnv().API_URL;
    admin = createCanopyClient({ url, token: await tokenFor('orgadmin') });
    member2 = createCanopyClient({ url, token: await tokenFor('member2') });
    alder = (await admin.orgs.mine.query()).find((o) => o.slug === 'alder')!.orgId;
    const launched = await launchBrowser();
    close = launched.close;
    // One person at a time: each page starts with no session, here or at Keycloak.
    newPage = async () => {
      const context = launched.browser.contexts()[0]!;
      await context.clearCookies();
      const page = await context.newPage();
      for (const other of context.pages()) if (other !== page) await other.close();
      return page;
    };
  });
  afterAll(async () => {
    const open = await admin.orgs.invitations.list.query({ orgId: alder }).catch(() => []);
    for (const i of open.filter((i) => i.email === 'member2@canopy.test')) {
      await admin.orgs.revokeInvitation.mutate({ orgId: alder, invitationId: i.id });
    }
    const me = await member2.me.get.query();
    if (me.organisations.some((o) => o.orgId === alder)) {
      await admin.orgs.removeMember.mutate({ orgId: alder, userId: me.id });
    }
    await close?.();
  });

  it('shows someone else the message of an unknown id, and answers nothing', async () => {
    const invitation = await invite();
    const page = await openSignedOutAs(`/invitations?decline=${invitation.id}`, 'member');
    const missing = page.locator('[data-testid="invitation-link-missing"]');
    const message = await missing.textContent();
    expect(message).toContain('You have no pending invitation from that link.');
    expect(await page.locator(`#invitation-${invitation.id}`).count()).toBe(0);

    await page.goto(`${WEB_ORIGIN}/invitations?decline=00000000-0000-4000-8000-000000000000`);
    expect(await missing.textContent()).toBe(message);
    await page.goto(`${WEB_ORIGIN}/invitations?accept=%3Cscript%3E`);
    expect(await missing.textContent()).toBe(message);
    expect(await pendingFor()).toContain(invitation.id);
  });

  it('leads the signed-out invitee through sign-in to the invitation, focused, and answers only on the button', async () => {
    const [invitation] = await pendingFor();
    const page = await openSignedOutAs(`/invitations?accept=${invitation}`, 'member2');
    const item = page.locator(`#invitation-${invitation}`);
    expect(await item.getAttribute('aria-current')).toBe('true');
    expect(await item.locator('.linked-note').textContent()).toContain('accept it with the button');
    expect(
      await page.evaluate(() => document.activeElement?.textContent?.replace(/\s+/g, ' ').trim()),
    ).toBe('Accept the invitation from Alder & Co');
    expect(await page.locator('[data-testid="invitation-link-missing"]').count()).toBe(0);
    // Opening the link answered nothing.
    expect(await pendingFor()).toEqual([invitation]);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'invitation-link');

    await item.locator('button:has-text("Accept")').click();
    await page.locator('.status .ok:has-text("You joined Alder & Co.")').waitFor();
    // Answered here, the link's invitation is gone without a "no pending invitation" message.
    expect(await page.locator('[data-testid="invitation-link-missing"]').count()).toBe(0);
    expect((await member2.me.get.query()).organisations.map((o) => o.slug)).toContain('alder');
  });
});
