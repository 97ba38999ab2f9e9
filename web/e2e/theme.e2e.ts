import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousAxeViolations, signIn } from './browser.ts';
import { WEB_ORIGIN } from './stack-env.ts';

const background = (page: Page) =>
  page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const theme = (page: Page) => page.evaluate(() => document.documentElement.dataset.theme ?? '');

describe('the theme toggle', () => {
  let close: () => Promise<void>;
  let page: Page;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    const launched = await launchBrowser();
    close = launched.close;
    page = await launched.browser.contexts()[0]!.newPage();
    page.on('console', (message) => {
      if (/Content[- ]Security[- ]Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await page.emulateMedia({ colorScheme: 'light' });
    await signIn(page, WEB_ORIGIN, 'member');
  });
  afterAll(async () => {
    await close?.();
  });

  let light = '';

  it("follows the system's light scheme until the member chooses", async () => {
    await page.goto(`${WEB_ORIGIN}/training`);
    expect(await theme(page)).toBe('');
    light = await background(page);
    expect(await page.textContent('[data-testid="theme-toggle"]')).toContain('Dark theme');
  });

  it('switches to dark in place, and remembers it on the next page load', async () => {
    await page.click('[data-testid="theme-toggle"]');
    await expect.poll(() => theme(page)).toBe('dark');
    expect(await background(page)).not.toBe(light);
    // The choice is saved in the background: wait for the cookie, then load afresh.
    await expect
      .poll(
        async () => (await page.context().cookies()).find((c) => c.name === 'canopy_theme')?.value,
      )
      .toBe('dark');
    await page.reload();
    expect(await theme(page)).toBe('dark');
    expect(await background(page)).not.toBe(light);
    expect(await page.textContent('[data-testid="theme-toggle"]')).toContain('Light theme');
    await screenshot(page, 'training-dark-chosen');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('keeps the chosen light theme on a dark system', async () => {
    await page.click('[data-testid="theme-toggle"]');
    await expect.poll(() => theme(page)).toBe('light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect
      .poll(
        async () => (await page.context().cookies()).find((c) => c.name === 'canopy_theme')?.value,
      )
      .toBe('light');
    await page.reload();
    expect(await theme(page)).toBe('light');
    expect(await background(page)).toBe(light);
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('ran under the Content Security Policy without violations', () => {
    expect(cspViolations).toEqual([]);
  });
});
