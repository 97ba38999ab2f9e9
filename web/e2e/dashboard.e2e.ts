import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beforeScripts, launchBrowser, screenshot, seriousAxeViolations } from './browser.ts';
import { WEB_ORIGIN } from './stack-env.ts';

/** The first number in a text such as "Logged: 6.8 kg CO₂e." or "1,234.5". */
const kgOf = (text: string | null) =>
  Number(/\d[\d,]*(\.\d+)?/.exec(text ?? '')?.[0].replaceAll(',', '') ?? Number.NaN);
/** An unusual distance, so this run's entry is told apart from the demo data. */
const DISTANCE = '42.37';

describe('the dashboard, as the demo member', () => {
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
  });
  afterAll(async () => {
    await close?.();
  });

  it('signs in through the real Keycloak login page', async () => {
    await page.goto(`${WEB_ORIGIN}/`);
    // Not signed in: the app sends the browser to Keycloak.
    await page.waitForSelector('#username');
    expect(new URL(page.url()).pathname).toContain('/realms/canopy/protocol/openid-connect/auth');
    await page.fill('#username', 'member');
    await page.fill('#password', 'canopy-demo');
    await Promise.all([page.waitForURL(`${WEB_ORIGIN}/`), page.click('#kc-login')]);
    await expect(page.locator('h1').textContent()).resolves.toMatch(/^Hello, /);
    // The session cookie is httpOnly: page scripts cannot read it.
    expect(await page.evaluate(() => document.cookie)).not.toContain('canopy_session');
  });

  it('shows the overview with no serious accessibility problems', async () => {
    await page.waitForSelector('[data-testid="month-kg"]');
    await screenshot(page, 'overview-before');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  let monthBefore = 0;
  let logged = 0;

  it('explains a missing distance next to the distance field and stores nothing', async () => {
    monthBefore = kgOf(await page.locator('[data-testid="month-kg"]').textContent());
    await page.goto(`${WEB_ORIGIN}/carbon`);
    const rowsBefore = await page.locator('tbody tr').count();
    await page.click('button:has-text("Add car trip")');
    const error = page.locator('#car-distance-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/distance\.value must be a number/);
    expect(await page.getAttribute('#car-distance', 'aria-invalid')).toBe('true');
    expect(await page.locator('tbody tr').count()).toBe(rowsBefore);
    await screenshot(page, 'carbon-field-error');
  });

  it('keeps a distance typed before the page has finished loading', async () => {
    await beforeScripts(page, `${WEB_ORIGIN}/carbon`, '#car-distance', () =>
      page.fill('#car-distance', '17'),
    );
    expect(await page.inputValue('#car-distance')).toBe('17');
  });

  it('logs a car trip and shows its kg CO₂e', async () => {
    await page.fill('#car-distance', DISTANCE);
    await page.selectOption('#car-unit', 'km');
    await page.selectOption('#car-fuel', 'petrol');
    await page.click('button:has-text("Add car trip")');
    const status = page.locator('[role="status"] .ok');
    await status.waitFor();
    logged = kgOf(await status.textContent());
    // A petrol car emits roughly 0.1-0.3 kg CO₂e per km.
    expect(logged).toBeGreaterThan(42.37 * 0.1);
    expect(logged).toBeLessThan(42.37 * 0.3);
    await page.locator(`tbody tr:has-text("${DISTANCE} km")`).first().waitFor();
    // Ready for the next trip: the amount is cleared, the date and fuel are kept.
    expect(await page.inputValue('#car-distance')).toBe('');
    expect(await page.inputValue('#car-date')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await screenshot(page, 'carbon-logged');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('explains a wrong country next to the electricity country field', async () => {
    const rowsBefore = await page.locator('tbody tr').count();
    await page.fill('#el-kwh', '120');
    await page.fill('#el-country', 'Atlantis');
    await page.click('button:has-text("Add electricity")');
    const error = page.locator('#el-country-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/country must be an ISO 3166 code/);
    // The member's numbers stay in the form to be corrected.
    expect(await page.inputValue('#el-kwh')).toBe('120');
    expect(await page.locator('tbody tr').count()).toBe(rowsBefore);
  });

  it('adds the trip to this month on the overview and to the chart', async () => {
    await page.goto(`${WEB_ORIGIN}/`);
    const month = kgOf(await page.locator('[data-testid="month-kg"]').textContent());
    expect(month).toBeCloseTo(monthBefore + logged, 0);
    const chart = page.locator('[data-testid="category-trend-chart"]');
    // The chart measures its box before it draws: wait for a mark on screen.
    await chart.locator('svg rect:visible, svg path:visible').first().waitFor();
    // The screen-reader table under the chart carries the car column with this month's figure.
    expect(await page.locator('#carbon-trend ~ figure table thead').textContent()).toContain('Car');
    await screenshot(page, 'overview-after-car-trip');
  });

  it('renders the overview in the dark theme', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.reload();
    await page.waitForSelector('[data-testid="month-kg"]');
    // The system's dark scheme alone (no choice made) paints the dark palette.
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
      'rgb(17, 22, 19)',
    );
    await screenshot(page, 'overview-dark');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it("deletes this run's trip, and the month goes back", async () => {
    await page.goto(`${WEB_ORIGIN}/carbon`);
    const row = page.locator(`tbody tr:has-text("${DISTANCE} km")`).first();
    const before = await page.locator(`tbody tr:has-text("${DISTANCE} km")`).count();
    await row.locator('button:has-text("Delete")').click();
    await expect
      .poll(() => page.locator(`tbody tr:has-text("${DISTANCE} km")`).count())
      .toBe(before - 1);
    await page.goto(`${WEB_ORIGIN}/`);
    const month = kgOf(await page.locator('[data-testid="month-kg"]').textContent());
    expect(month).toBeCloseTo(monthBefore, 0);
  });

  it('signs out of Canopy and of Keycloak', async () => {
    await Promise.all([
      page.waitForURL(`${WEB_ORIGIN}/signed-out`),
      page.click('button:has-text("Sign out")'),
    ]);
    await page.goto(`${WEB_ORIGIN}/`);
    // Keycloak asks for the password again: its SSO session ended too.
    await page.waitForSelector('#username');
  });

  it('ran under the Content Security Policy without violations', () => {
    expect(cspViolations).toEqual([]);
  });
});
