import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousAxeViolations, signIn } from './browser.ts';
import { WEB_ORIGIN } from './stack-env.ts';

/** The first number in a text such as "Logged: 123.4 kg CO₂e.". */
const kgOf = (text: string | null) =>
  Number(/\d[\d,]*(\.\d+)?/.exec(text ?? '')?.[0].replaceAll(',', '') ?? Number.NaN);

/**
 * The rest of the carbon log as the demo member: a flight between airports
 * found by search, its edit, a CSV import with live progress, and the CSV
 * export. This run's rows carry a unique note and are deleted again.
 */
describe('the carbon log beyond car and electricity', () => {
  let close: () => Promise<void>;
  let page: Page;
  const cspViolations: string[] = [];
  const note = `e2e-${Date.now().toString(36)}`;
  const row = (text: string) => page.locator(`tbody tr:has-text("${text}")`);

  beforeAll(async () => {
    const launched = await launchBrowser();
    close = launched.close;
    page = await launched.browser.contexts()[0]!.newPage();
    page.on('console', (message) => {
      if (/Content[- ]Security[- ]Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await signIn(page, WEB_ORIGIN, 'member');
    await page.goto(`${WEB_ORIGIN}/carbon`);
  });
  afterAll(async () => {
    await close?.();
  });

  it('suggests airports as the member types', async () => {
    await page.selectOption('#act-type', 'flight');
    await page.fill('#act-from', 'LH');
    await expect.poll(() => page.locator('#act-from-list option[value="LHR"]').count()).toBe(1);
    expect(await page.locator('#act-from-list option[value="LHR"]').textContent()).toContain(
      'United Kingdom',
    );
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('names an unknown airport next to the destination field and stores nothing', async () => {
    await page.fill('#act-from', 'LHR');
    await page.fill('#act-to', 'QQQ');
    await page.fill('#act-note', note);
    await page.click('button:has-text("Add flight")');
    const error = page.locator('#act-to-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/unknown airport code 'QQQ'/);
    expect(await row(note).count()).toBe(0);
  });

  let economyKg = 0;

  it('logs the flight between the two airports', async () => {
    await page.fill('#act-to', 'CDG');
    await page.selectOption('#act-cabin', 'economy');
    await page.click('button:has-text("Add flight")');
    const status = page.locator('[role="status"] .ok');
    await status.waitFor();
    economyKg = kgOf(await status.textContent());
    // London-Paris is about 350 km; a short-haul economy seat emits some 0.1-0.3 kg per km.
    expect(economyKg).toBeGreaterThan(20);
    expect(economyKg).toBeLessThan(200);
    await row(note).first().waitFor();
    await screenshot(page, 'carbon-flight');
  });

  it('edits the flight to business class, and the kg CO₂e rises', async () => {
    await row(note).first().locator('a:has-text("Edit")').click();
    await page.locator('h2:has-text("Edit entry")').waitFor();
    expect(await page.inputValue('#act-from')).toBe('LHR');
    await page.selectOption('#act-cabin', 'business');
    await page.click('button:has-text("Save changes")');
    await page.locator('h2:has-text("Flights, trains, heating and more")').waitFor();
    await expect
      .poll(async () => kgOf(await row(note).first().locator('td.num').textContent()))
      .toBeGreaterThan(economyKg);
    await row(note).first().locator('button:has-text("Delete")').click();
    await expect.poll(() => row(note).count()).toBe(0);
  });

  it('imports a CSV with live progress', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'canopy-carbon-')), 'trips.csv');
    const today = await page.inputValue('#act-date');
    writeFileSync(
      file,
      `date,type,quantity,unit,kind,note\n${today},rail,123,km,national,${note}\n`,
    );
    await page.setInputFiles('#carbon-import-file', file);
    await page.click('button:has-text("Import file")');
    const progress = page.locator('[data-testid="import-progress"] [role="status"]');
    await progress.waitFor();
    await expect
      .poll(() => progress.textContent(), { timeout: 60_000, interval: 500 })
      .toMatch(/finished: 1 entries stored/);
    await row(note).first().waitFor();
    expect(await row(note).first().textContent()).toContain('123');
    await screenshot(page, 'carbon-imported');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('exports the entries as CSV, the imported one included', async () => {
    const today = await page.inputValue('#act-date');
    const csv = await page.evaluate(async (day) => {
      const res = await fetch(`/carbon/export?from=${day}&to=${day}`);
      return {
        type: res.headers.get('content-type'),
        disposition: res.headers.get('content-disposition'),
        text: await res.text(),
      };
    }, today);
    expect(csv.type).toContain('text/csv');
    expect(csv.disposition).toMatch(/^attachment; filename=".+\.csv"$/);
    expect(csv.text.split('\n')[0]).toMatch(/^date,category,/);
    expect(csv.text).toContain(note);
    await row(note).first().locator('button:has-text("Delete")').click();
    await expect.poll(() => row(note).count()).toBe(0);
  });

  it('ran under the Content Security Policy without violations', () => {
    expect(cspViolations).toEqual([]);
  });
});
