import { createCanopyClient, type CanopyClient } from '@canopy/client';
import { tokenFor } from '@canopy/devstack/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousAxeViolations, signIn } from './browser.ts';
import { stackEnv, WEB_ORIGIN } from './stack-env.ts';

/**
 * member2 (Birch Works), on a phone-sized screen, is invited to Alder & Co:
 * declines, is asked again and accepts, and then makes Alder the organisation
 * their activity counts for. Everything is put back afterwards: member2 leaves
 * Alder (Birch is primary again) and no invitation is left open.
 */
describe('invitations and the primary organisation, as the second demo member at 390 px', () => {
  let admin: CanopyClient;
  let member2: CanopyClient;
  let alder = '';
  let close: () => Promise<void>;
  let page: Page;

  const invite = () => admin.orgs.invite.mutate({ orgId: alder, email: 'member2@canopy.test' });
  const openFor = async () =>
    (await admin.orgs.invitations.list.query({ orgId: alder })).filter(
      (i) => i.email === 'member2@canopy.test',
    );

  beforeAll(async () => {
    const url = stackEnv().API_URL;
    admin = createCanopyClient({ url, token: await tokenFor('orgadmin') });
    member2 = createCanopyClient({ url, token: await tokenFor('member2') });
    alder = (await admin.orgs.mine.query()).find((o) => o.slug === 'alder')!.orgId;
    await invite();
    const launched = await launchBrowser();
    close = launched.close;
    page = await launched.browser.contexts()[0]!.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, WEB_ORIGIN, 'member2');
  });
  afterAll(async () => {
    for (const i of await openFor().catch(() => [])) {
      await admin.orgs.revokeInvitation.mutate({ orgId: alder, invitationId: i.id });
    }
    const me = await member2.me.get.query();
    if (me.organisations.some((o) => o.orgId === alder)) {
      const userId = me.id;
      await admin.orgs.removeMember.mutate({ orgId: alder, userId });
    }
    await close?.();
  });

  const fitsTheScreen = () => page.evaluate(() => document.documentElement.scrollWidth <= 390);

  it('shows a banner that leads to the invitation, with no serious accessibility problems', async () => {
    await page.locator('[data-testid="invitation-banner"]').waitFor();
    await page.click('[data-testid="invitation-banner"] a');
    await page.waitForURL(`${WEB_ORIGIN}/invitations`);
    const item = page.locator('li[data-invitation="Alder & Co"]');
    await item.waitFor();
    expect(await item.textContent()).toContain('Olga Orgadmin invited you as a member');
    expect(await fitsTheScreen()).toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'invitations-390');
  });

  it('declines, and the organisation still sees the invitation as unanswered', async () => {
    await page.waitForSelector('html[data-hydrated]');
    await page.click('li[data-invitation="Alder & Co"] button:has-text("Decline")');
    await page
      .locator('.status .ok:has-text("You declined the invitation from Alder & Co")')
      .waitFor();
    expect(await page.locator('li[data-invitation]').count()).toBe(0);
    expect((await openFor()).map((i) => i.status)).toEqual(['pending']);
    expect((await member2.me.get.query()).organisations.map((o) => o.slug)).toEqual(['birch']);
  });

  it('accepts a new invitation, and Birch stays the organisation their activity counts for', async () => {
    for (const i of await openFor()) {
      await admin.orgs.revokeInvitation.mutate({ orgId: alder, invitationId: i.id });
    }
    await invite();
    await page.goto(`${WEB_ORIGIN}/invitations`);
    await page.waitForSelector('html[data-hydrated]');
    await page.click('li[data-invitation="Alder & Co"] button:has-text("Accept")');
    await page.locator('.status .ok:has-text("You joined Alder & Co.")').waitFor();
    expect(await page.textContent('.status')).toContain(
      'Your activity still counts for Birch Works',
    );
    const me = await member2.me.get.query();
    expect(me.organisations.map((o) => [o.slug, o.primary])).toEqual([
      ['birch', true],
      ['alder', false],
    ]);
  });

  it('makes Alder the primary organisation on the profile', async () => {
    await page.goto(`${WEB_ORIGIN}/profile`);
    await page.waitForSelector('html[data-hydrated]');
    const choices = page.locator('#orgs-heading ~ form input[name="orgId"]');
    expect(await choices.count()).toBe(2);
    await page.check(`#orgs-heading ~ form input[name="orgId"][value="${alder}"]`);
    await page.click('button:has-text("Save organisation")');
    await page.locator('#orgs-heading ~ form [role="status"]:has-text("Saved.")').waitFor();
    const me = await member2.me.get.query();
    expect(me.organisations.find((o) => o.primary)?.slug).toBe('alder');
    await page.reload();
    expect(await page.isChecked(`#orgs-heading ~ form input[name="orgId"][value="${alder}"]`)).toBe(
      true,
    );
    expect(await fitsTheScreen()).toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
