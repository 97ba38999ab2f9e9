import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanopyClient, type CanopyClient } from '@canopy/client';
import { tokenFor } from '@canopy/devstack/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  beforeScripts,
  launchBrowser,
  screenshot,
  seriousAxeViolations,
  signIn,
} from './browser.ts';
import { stackEnv, WEB_ORIGIN } from './stack-env.ts';

/** A 1×1 PNG: the API checks the signature, so it must be a real one. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * member2 changes their profile (units, name, picture, notification settings)
 * and sees distances follow the units; everything but the picture is put back.
 * member2 rather than member, so a changed time zone or unit never surprises
 * another browser test of the same demo database.
 */
describe('the profile, as the second demo member', () => {
  let api: CanopyClient;
  let close: () => Promise<void>;
  let page: Page;
  let before: Awaited<ReturnType<CanopyClient['me']['get']['query']>>;
  let preferences: Awaited<
    ReturnType<CanopyClient['notifications']['preferences']['get']['query']>
  >;
  let sessionId = '';

  beforeAll(async () => {
    api = createCanopyClient({ url: stackEnv().API_URL, token: await tokenFor('member2') });
    before = await api.me.get.query();
    preferences = await api.notifications.preferences.get.query();
    const session = await api.training.sessions.create.mutate({
      startedAt: new Date(Date.now() - 86_400_000),
      type: 'run',
      durationMin: 50,
      rpe: 5,
      distanceKm: 16.0934,
    });
    sessionId = session.id;
    const launched = await launchBrowser();
    close = launched.close;
    page = await launched.browser.contexts()[0]!.newPage();
    await signIn(page, WEB_ORIGIN, 'member2');
  });
  afterAll(async () => {
    await api.training.sessions.delete.mutate({ id: sessionId }).catch(() => undefined);
    await api.me.update.mutate({
      displayName: before.displayName,
      units: before.units,
      timeZone: before.timeZone,
    });
    await api.notifications.preferences.update.mutate({
      inApp: preferences.inApp,
      email: preferences.email,
      webhookUrl: preferences.webhookUrl,
    });
    await close?.();
  });

  it('opens from the navigation with no serious accessibility problems', async () => {
    await page.click('nav >> text=Profile');
    await page.waitForURL(`${WEB_ORIGIN}/profile`);
    await page.locator('h1:has-text("Profile")').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('switches to imperial units, and the training page shows miles', async () => {
    await page.check('input[name="units"][value="imperial"]');
    await page.fill('#profile-name', 'Birch Runner');
    await page.click('button:has-text("Save profile")');
    await page.locator('form[action="?/profile"] [role="status"]:has-text("Saved.")').waitFor();
    await page.goto(`${WEB_ORIGIN}/training`);
    // 16.0934 km is 10 miles.
    await page.locator('tbody tr:has-text("10 mi")').first().waitFor();
    expect(await page.textContent('label[for="session-distance"]')).toContain('mi');
    await page.goto(`${WEB_ORIGIN}/`);
    expect(await page.textContent('h1')).toBe('Hello, Birch Runner');
  });

  it('explains an empty name next to the field', async () => {
    await page.goto(`${WEB_ORIGIN}/profile`);
    await page.fill('#profile-name', ' ');
    await page.click('button:has-text("Save profile")');
    const error = page.locator('#profile-name-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/displayName cannot be empty/);
  });

  it('uploads a picture and shows it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'canopy-avatar-')), 'me.png');
    writeFileSync(file, PNG);
    await page.setInputFiles('#avatar-file', file);
    await page.click('button:has-text("Upload picture")');
    const img = page.locator('img[data-testid="avatar"]');
    await img.waitFor();
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(1);
  });

  it('refuses a plain-http webhook next to the URL field', async () => {
    await page.fill('#webhook-url', 'http://hooks.example.org/canopy');
    await page.click('button:has-text("Save notification settings")');
    await expect
      .poll(() =>
        page
          .locator('#webhook-url-error')
          .textContent({ timeout: 2_000 })
          .catch(() => ''),
      )
      .toMatch(/webhookUrl must be an https:\/\/ URL/);
  });

  it('sets a webhook and shows its new secret once', async () => {
    await page.fill('#webhook-url', 'https://hooks.example.org/canopy-e2e');
    await page.click('button:has-text("Save notification settings")');
    const make = page.locator('.secret button');
    await make.waitFor();
    await make.click();
    const secret = page.locator('[data-testid="webhook-secret"]');
    await secret.waitFor();
    expect(await secret.textContent()).toMatch(/^cnpy_whsec_/);
    await screenshot(page, 'profile');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.reload();
    await page.locator('.secret:has-text("A secret is set")').waitFor();
    expect(await secret.count()).toBe(0);
  });

  it('keeps a box ticked before the page has finished loading', async () => {
    // Left unsaved: the member's stored preferences stay as the other tests expect.
    const box = 'input[type="checkbox"][name="email"]';
    let stored = false;
    let ticked = false;
    await beforeScripts(page, `${WEB_ORIGIN}/profile`, box, async () => {
      stored = await page.isChecked(box);
      await page.click(box);
      ticked = await page.isChecked(box);
    });
    // The click changed the box, and the page coming to life did not change it back.
    expect(ticked).toBe(!stored);
    expect(await page.isChecked(box)).toBe(ticked);
  });
});
