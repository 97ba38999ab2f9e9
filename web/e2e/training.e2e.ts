import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousAxeViolations, signIn } from './browser.ts';
import { WEB_ORIGIN } from './stack-env.ts';

/** The number after "Today's load:" in the load card, 0 when there is no chart yet. */
async function todaysLoad(page: Page): Promise<number> {
  const summary = page.locator('[data-testid="load-summary"]');
  if ((await summary.count()) === 0) return 0;
  const match = /Today's load:\s*([\d,]+)/.exec((await summary.textContent()) ?? '');
  return Number(match?.[1]?.replaceAll(',', '') ?? Number.NaN);
}

/** Unusual figures, so this run's rows are told apart from the demo data. */
const MINUTES = '47';
const RPE = '7';
const IMPORT_MINUTES = '33';

describe('the training page, as the demo member', () => {
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
    await signIn(page, WEB_ORIGIN, 'member');
  });
  afterAll(async () => {
    await close?.();
  });

  let loadBefore = 0;

  it('opens from the navigation with no serious accessibility problems', async () => {
    await page.click('nav >> text=Training');
    await page.waitForURL(`${WEB_ORIGIN}/training`);
    await page.locator('h1:has-text("Training")').waitFor();
    loadBefore = await todaysLoad(page);
    // Readiness is either predicted or says how many check-ins it still needs.
    expect(await page.locator('[data-testid="readiness"]').textContent()).toMatch(
      /Predicted readiness: \d+(\.\d)? \/ 10|\d+ so far, \d+ needed/,
    );
    await screenshot(page, 'training-before');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('explains a missing duration next to the duration field and stores nothing', async () => {
    const rowsBefore = await page.locator('tbody tr').count();
    await page.fill('#session-type', 'run');
    await page.click('button:has-text("Log session")');
    const error = page.locator('#session-duration-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/durationMin must be a number/);
    expect(await page.getAttribute('#session-duration', 'aria-invalid')).toBe('true');
    expect(await page.locator('tbody tr').count()).toBe(rowsBefore);
  });

  it('logs a session and the load chart takes it in', async () => {
    await page.fill('#session-type', 'row');
    await page.fill('#session-duration', MINUTES);
    await page.selectOption('#session-rpe', RPE);
    await page.click('button:has-text("Log session")');
    const status = page.locator('[role="status"] .ok');
    await status.waitFor();
    // Foster's session load: minutes × RPE.
    expect(await status.textContent()).toContain(`load ${47 * 7} AU`);
    await page.locator('[data-testid="load-detail-chart"]').waitFor();
    await expect.poll(() => todaysLoad(page)).toBe(loadBefore + 47 * 7);
    expect(
      await page
        .locator(
          '[data-testid="load-detail-chart"] svg rect, [data-testid="load-detail-chart"] svg path',
        )
        .count(),
    ).toBeGreaterThan(0);
    await page.locator('[data-testid="fitness-chart"]').waitFor();
    await page.locator(`tbody tr:has-text("row"):has-text("${MINUTES}")`).first().waitFor();
    // Ready for the next session: the figures are cleared, the sport and day are kept.
    expect(await page.inputValue('#session-duration')).toBe('');
    expect(await page.inputValue('#session-type')).toBe('row');
    expect(await page.inputValue('#session-date')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await screenshot(page, 'training-logged');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('edits the session, and the load follows', async () => {
    const row = page.locator(`tbody tr:has-text("row"):has-text("${MINUTES}")`).first();
    await row.locator('a:has-text("Edit")').click();
    await page.locator('h2:has-text("Edit session")').waitFor();
    expect(await page.inputValue('#session-duration')).toBe(MINUTES);
    await page.fill('#session-duration', '50');
    await page.click('button:has-text("Save changes")');
    await page.locator('h2:has-text("Log a session")').waitFor();
    await expect.poll(() => todaysLoad(page)).toBe(loadBefore + 50 * 7);
  });

  it('deletes the session, and the load goes back', async () => {
    const rows = page.locator('tbody tr:has-text("row"):has-text("50")');
    const before = await rows.count();
    await rows.first().locator('button:has-text("Delete")').click();
    await expect.poll(() => rows.count()).toBe(before - 1);
    await expect.poll(() => todaysLoad(page)).toBe(loadBefore);
  });

  it('refuses a negative step count next to the field', async () => {
    await page.fill('#steps-count', '-5');
    await page.click('button:has-text("Save steps")');
    const error = page.locator('#steps-count-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/steps must not be negative/);
  });

  it('imports a CSV file with live progress, and the session appears', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'canopy-import-'));
    const file = join(dir, 'e2e-sessions.csv');
    const start = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    writeFileSync(
      file,
      `start,sport,duration_min,rpe\n${start}T06:00:00Z,row,${IMPORT_MINUTES},4\n`,
    );
    await page.setInputFiles('#training-import-file', file);
    await page.click('button:has-text("Import file")');
    const progress = page.locator('[data-testid="import-progress"] [role="status"]');
    await progress.waitFor();
    await expect
      .poll(() => progress.textContent(), { timeout: 60_000, interval: 500 })
      .toMatch(/finished: 1 sessions stored/);
    const imported = page.locator(`tbody tr:has-text("row"):has-text("${IMPORT_MINUTES}")`);
    await imported.first().waitFor();
    await screenshot(page, 'training-imported');
    expect(await seriousAxeViolations(page)).toEqual([]);
    const before = await imported.count();
    await imported.first().locator('button:has-text("Delete")').click();
    await expect.poll(() => imported.count()).toBe(before - 1);
  });

  it('renders in the dark theme', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.reload();
    await page.locator('h1:has-text("Training")').waitFor();
    await screenshot(page, 'training-dark');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('ran under the Content Security Policy without violations', () => {
    expect(cspViolations).toEqual([]);
  });
});
