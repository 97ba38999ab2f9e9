// A crafted returnTo, as a phishing link would carry it: the sign-in still
// works and ends on the dashboard's overview, never on another site or an
// error page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { WEB_ORIGIN } from './stack-env.ts';

describe('signing in from a link with a hostile returnTo', () => {
  let browser: Browser;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ browser, close } = await launchBrowser());
  });
  afterAll(async () => {
    await close?.();
  });

  it.each([
    '/\t/evil.example/x',
    '//evil.example/x',
    '/\\evil.example',
    'https://evil.example/',
    '/..//evil.example',
  ])('lands on the overview for returnTo=%j', async (returnTo) => {
    // Signed out everywhere, Keycloak included, so its form shows.
    const context = browser.contexts()[0]!;
    await context.clearCookies();
    const page = await context.newPage();
    try {
      const statuses: number[] = [];
      page.on('response', (response) => {
        if (response.url().startsWith(WEB_ORIGIN)) statuses.push(response.status());
      });
      await page.goto(`${WEB_ORIGIN}/login?returnTo=${encodeURIComponent(returnTo)}`);
      await page.waitForSelector('#username');
      await page.fill('#username', 'member');
      await page.fill('#password', 'canopy-demo');
      await Promise.all([page.waitForURL(`${WEB_ORIGIN}/`), page.click('#kc-login')]);
      expect(new URL(page.url()).origin).toBe(WEB_ORIGIN);
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('still returns to a page on this site', async () => {
    // Signed out everywhere, Keycloak included, so its form shows.
    const context = browser.contexts()[0]!;
    await context.clearCookies();
    const page = await context.newPage();
    try {
      await page.goto(`${WEB_ORIGIN}/login?returnTo=${encodeURIComponent('/carbon?from=link')}`);
      await page.waitForSelector('#username');
      await page.fill('#username', 'member');
      await page.fill('#password', 'canopy-demo');
      await Promise.all([
        page.waitForURL(`${WEB_ORIGIN}/carbon?from=link`),
        page.click('#kc-login'),
      ]);
      expect(await page.locator('h1').textContent()).toBe('Carbon log');
    } finally {
      await page.close();
    }
  });
});
