import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));

/** Debian's headless Chromium with a throwaway profile, nothing phoning home. */
export async function launchBrowser(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'canopy-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
  });
  const browser = context.browser();
  if (!browser) throw new Error('Chromium started without a browser handle');
  return {
    browser,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/**
 * Runs axe-core in the page. Evaluated through the DevTools protocol, which
 * the page's Content Security Policy does not govern, so the CSP stays as
 * strict in the test as in production.
 */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run: () => Promise<{ violations: unknown[] }> } }
    ).axe;
    return (await axe.run()).violations;
  });
  return (violations as AxeViolation[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    );
}

/** Signs in on the real Keycloak page the app sends an anonymous visitor to. */
export async function signIn(page: Page, origin: string, username: string) {
  await page.goto(`${origin}/`);
  await page.waitForSelector('#username');
  await page.fill('#username', username);
  await page.fill('#password', 'canopy-demo');
  await Promise.all([page.waitForURL(`${origin}/`), page.click('#kc-login')]);
}

/**
 * Opens `url` with its scripts held back, as on a slow connection, runs `act`
 * (typing, ticking) once `selector` is there in the server-rendered page, and
 * returns once the page has come to life.
 */
export async function beforeScripts(
  page: Page,
  url: string,
  selector: string,
  act: () => Promise<void>,
) {
  const scripts = '**/_app/immutable/**';
  await page.route(scripts, async (route) => {
    await new Promise((r) => setTimeout(r, 1_500));
    await route.continue();
  });
  try {
    await page.goto(url, { waitUntil: 'commit' });
    await page.locator(selector).waitFor();
    await act();
    // Still not live, or `act` did not test what happens before the scripts.
    expect(await page.locator('html[data-hydrated]').count()).toBe(0);
    // The root layout marks <html> once the page has hydrated.
    await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
  } finally {
    await page.unroute(scripts);
  }
}
