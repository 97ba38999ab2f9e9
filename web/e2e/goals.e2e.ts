import { createCanopyClient, type CanopyClient } from '@canopy/client';
import { tokenFor } from '@canopy/devstack/testing';
import { localDate } from '@canopy/domain';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousAxeViolations, signIn } from './browser.ts';
import { stackEnv, WEB_ORIGIN } from './stack-env.ts';

/**
 * The demo member sets a steps goal, enters the steps that reach it on the
 * training page, and watches the goal turn achieved (the stack's worker runs
 * the goal's workflow) and the achievement arrive in the inbox. Today's step count is put back and the goal cancelled.
 */
describe('a steps goal and its notification, as the demo member', () => {
  let api: CanopyClient;
  let close: () => Promise<void>;
  let page: Page;
  let today = '';
  let stepsBefore: number | undefined;
  let target = 0;
  const title = `Walk more ${Date.now().toString(36)}`;

  beforeAll(async () => {
    api = createCanopyClient({ url: stackEnv().API_URL, token: await tokenFor('member') });
    today = localDate(new Date(), (await api.me.get.query()).timeZone);
    stepsBefore = (await api.training.steps.list.query({ from: today, to: today }))[0]?.steps;
    target = (stepsBefore ?? 0) + 500;
    const launched = await launchBrowser();
    close = launched.close;
    page = await launched.browser.contexts()[0]!.newPage();
    await signIn(page, WEB_ORIGIN, 'member');
  });
  afterAll(async () => {
    if (stepsBefore !== undefined) {
      await api.training.steps.upsert.mutate({ date: today, steps: stepsBefore });
    }
    for (const goal of await api.goals.list.query({})) {
      if (goal.title === title && goal.status === 'active') {
        await api.goals.cancel.mutate({ goalId: goal.id });
      }
    }
    await close?.();
  });

  const goalItem = () => page.locator(`[data-testid="active-goals"] li:has-text("${title}")`);

  it('opens from the navigation with no serious accessibility problems', async () => {
    await page.click('nav >> text=Goals');
    await page.waitForURL(`${WEB_ORIGIN}/goals`);
    await page.locator('h1:has-text("Goals")').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('explains a missing target next to the target field and creates nothing', async () => {
    await page.selectOption('#goal-kind', 'steps_per_day');
    await page.fill('#goal-title', title);
    await page.click('button:has-text("Create goal")');
    const error = page.locator('#goal-target-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/target must be a number/);
    expect(await goalItem().count()).toBe(0);
  });

  it('previews what counts and how today would do, then creates the goal', async () => {
    await page.fill('#goal-target', String(target));
    expect(await page.locator('.counts').textContent()).toContain(
      `achieved at ${target.toLocaleString('en-GB')} steps`,
    );
    await page.click('button:has-text("Preview")');
    const preview = page.locator('[data-testid="goal-preview"]');
    await preview.waitFor();
    expect(await preview.textContent()).toContain(
      `of ${target.toLocaleString('en-GB')} steps today`,
    );
    await screenshot(page, 'goals-preview');
    await page.click('button:has-text("Create goal")');
    await goalItem().waitFor();
    expect(await goalItem().locator('[data-testid="goal-status"]').textContent()).not.toBe(
      'Achieved',
    );
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('turns achieved once the day’s steps reach the target', async () => {
    await page.goto(`${WEB_ORIGIN}/training`);
    await page.fill('#steps-date', today);
    await page.fill('#steps-count', String(target));
    await page.click('button:has-text("Save steps")');
    await page.locator('[role="status"] .ok:has-text("steps saved")').waitFor();
    await page.goto(`${WEB_ORIGIN}/goals`);
    await expect
      .poll(
        async () => {
          await page.reload();
          return goalItem().locator('[data-testid="goal-status"]').textContent();
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe('Achieved');
    expect(await goalItem().textContent()).toContain('Streak: 1 day in a row');
    await screenshot(page, 'goals-achieved');
  });

  /** The unread count in the nav's badge; 0 when there is no badge. */
  const badgeCount = async () => {
    const badge = page.locator('[data-testid="unread-badge"] [aria-hidden="true"]');
    return (await badge.count()) === 0 ? 0 : Number(await badge.textContent());
  };

  it('tells the member in the inbox, and counts it in the nav badge', async () => {
    await page.goto(`${WEB_ORIGIN}/notifications`);
    const item = page.locator(
      `[data-testid="notifications"] li:has-text("Goal achieved: ${title}")`,
    );
    await expect
      .poll(
        async () => {
          await page.reload();
          return item.count();
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe(1);
    expect(await item.textContent()).toContain('Unread:');
    const unread = await badgeCount();
    expect(unread).toBeGreaterThan(0);
    await screenshot(page, 'notifications');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await item.locator('button:has-text("Mark read")').click();
    await expect.poll(async () => (await item.textContent())?.includes('Unread:')).toBe(false);
    expect(await badgeCount()).toBe(unread - 1);
    await page.goto(`${WEB_ORIGIN}/notifications?show=unread`);
    expect(await item.count()).toBe(0);
  });

  it('cancels the goal', async () => {
    await page.goto(`${WEB_ORIGIN}/goals`);
    await goalItem().locator('button:has-text("Cancel goal")').click();
    await expect.poll(() => goalItem().count()).toBe(0);
    await page.locator(`.past li:has-text("${title}")`).waitFor();
  });
});
