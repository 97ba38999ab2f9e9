import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createCanopyClient, type CanopyClient } from '@canopy/client';
import { temporalTestClient, tokenFor, type DemoUser } from '@canopy/devstack/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousAxeViolations, signIn } from './browser.ts';
import { stackEnv, WEB_ORIGIN } from './stack-env.ts';

/** A year nobody else logs in, so this run's one entry is the only figure in it. */
const LONELY_YEAR = '2001';
/** Another such year, for figures pooled from three members. */
const POOLED_YEAR = '2002';

describe('organisation admin, as the demo org admin', () => {
  const tag = randomUUID().slice(0, 8);
  const invitee = `e2e-${tag}@example.org`;
  let admin: CanopyClient;
  let orgId = '';
  let activityId = '';
  const pooledEntries: Array<{ user: DemoUser; id: string }> = [];
  let close: () => Promise<void>;
  let page: Page;

  beforeAll(async () => {
    admin = createCanopyClient({ url: stackEnv().API_URL, token: await tokenFor('orgadmin') });
    const me = await admin.me.get.query();
    orgId = me.organisations.find((o) => o.role === 'org-admin')!.orgId;
    activityId = (
      await admin.carbon.log.mutate({
        occurredOn: `${LONELY_YEAR}-03-15`,
        activity: { type: 'car', distance: { value: 12, unit: 'km' }, fuel: 'petrol' },
      })
    ).id;
    const launched = await launchBrowser();
    close = launched.close;
    page = await launched.browser.contexts()[0]!.newPage();
    await signIn(page, WEB_ORIGIN, 'orgadmin');
  });

  afterAll(async () => {
    await close?.();
    if (activityId) await admin.carbon.delete.mutate({ id: activityId }).catch(() => {});
    for (const { user, id } of pooledEntries) {
      const api = createCanopyClient({ url: stackEnv().API_URL, token: await tokenFor(user) });
      await api.carbon.delete.mutate({ id }).catch(() => {});
    }
    for (const i of await admin.orgs.invitations.list.query({ orgId }).catch(() => [])) {
      if (i.email === invitee)
        await admin.orgs.revokeInvitation.mutate({ orgId, invitationId: i.id });
    }
  });

  it('lists the members and the pooled report', async () => {
    await page.click('nav[aria-label="Main"] a:has-text("Organisation")');
    await page.waitForURL(`${WEB_ORIGIN}/admin/org`);
    const members = page.locator('#members-heading ~ .scroll table tbody');
    await members.locator('tr:has-text("member@canopy.test")').waitFor();
    expect(await members.locator('tr:has-text("(you)")').count()).toBe(1);
    expect(await page.locator('#report-heading').textContent()).toBe('Pooled emissions');
    const main = (await page.textContent('main'))!.replace(/\s+/g, ' ');
    expect(main).toContain('no number rests on fewer than 3 people');
    await screenshot(page, 'org-admin');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('withholds a figure that rests on fewer than three people, and says why', async () => {
    await page.selectOption('#report-granularity', 'year');
    await page.fill('#report-from', LONELY_YEAR);
    await page.fill('#report-to', LONELY_YEAR);
    await Promise.all([page.waitForURL(/granularity=year/), page.click('button:has-text("Show")')]);
    const row = page.locator(`[data-testid="pooled-report"] tbody tr:has-text("${LONELY_YEAR}")`);
    await row.waitFor();
    expect(await row.textContent()).toContain('withheld (fewer than 3 members)');
    // The member's 12 km trip is nowhere on the page.
    expect(await row.textContent()).not.toMatch(/\d\.\d/);
  });

  it('shows pooled figures once three members logged, and withholds categories with fewer', async () => {
    // Three alder members log in a year nobody else uses: May and June have three people in
    // their only category, July has three people overall but two in one category.
    const { API_URL } = stackEnv();
    const plan: Array<[DemoUser, string, 'car' | 'electricity', number]> = [
      ['member', '05', 'car', 10],
      ['orgadmin', '05', 'car', 20],
      ['shopadmin', '05', 'car', 30],
      ['member', '06', 'electricity', 100],
      ['orgadmin', '06', 'electricity', 200],
      ['shopadmin', '06', 'electricity', 300],
      ['member', '07', 'car', 40],
      ['orgadmin', '07', 'car', 50],
      ['shopadmin', '07', 'electricity', 150],
    ];
    const totals = new Map<string, number>();
    for (const [user, month, kind, amount] of plan) {
      const api = createCanopyClient({ url: API_URL, token: await tokenFor(user) });
      const logged = await api.carbon.log.mutate({
        occurredOn: `${POOLED_YEAR}-${month}-10`,
        activity:
          kind === 'car'
            ? { type: 'car', distance: { value: amount, unit: 'km' }, fuel: 'diesel' }
            : { type: 'electricity', kwh: amount, country: 'GB' },
      });
      pooledEntries.push({ user, id: logged.id });
      totals.set(month, (totals.get(month) ?? 0) + logged.totalKgCO2e);
    }
    await page.goto(
      `${WEB_ORIGIN}/admin/org?granularity=month&from=${POOLED_YEAR}-01&to=${POOLED_YEAR}-12`,
    );
    const table = page.locator('[data-testid="pooled-report"]');
    await table.waitFor();
    const kg = (v: number) => v.toLocaleString('en-GB', { maximumFractionDigits: 1 });
    const may = await table.locator(`tr:has-text("May ${POOLED_YEAR}")`).textContent();
    expect(may).toContain(kg(totals.get('05')!));
    const july = await table.locator(`tr:has-text("Jul ${POOLED_YEAR}")`).textContent();
    expect(july).toContain(kg(totals.get('07')!));
    expect(july).toContain('withheld (fewer than 3 members)');
    await page.locator('[data-testid="category-trend-chart"] svg').first().waitFor();
    await screenshot(page, 'org-admin-pooled');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('downloads the report as CSV with the same period and the reason in it', async () => {
    await page.goto(
      `${WEB_ORIGIN}/admin/org?granularity=year&from=${LONELY_YEAR}&to=${LONELY_YEAR}`,
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('a:has-text("Download this report (CSV)")'),
    ]);
    expect(download.suggestedFilename()).toMatch(/-emissions-2001-to-2001-by-year\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8').split('\r\n');
    expect(csv[0]).toMatch(/^period,start,end,members,total_kg_co2e,.*withheld$/);
    // A year is the sum of its published months: here none had a figure to
    // show, and the one month with entries is withheld, which the row says.
    expect(csv[1]).toBe(
      '2001,2001-01-01,2001-12-31,,0,,total: 1 month withheld; car: withheld (fewer than 3 members)',
    );
  });

  it('explains a backwards period beside the To field', async () => {
    await page.goto(`${WEB_ORIGIN}/admin/org?granularity=year&from=2026&to=2025`);
    const error = page.locator('#report-to-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('to must not be before from');
  });

  it('refuses a range of days beside the From field, saying which periods it takes', async () => {
    await page.goto(`${WEB_ORIGIN}/admin/org?granularity=month&from=2026-05-22&to=2026-05`);
    const error = page.locator('#report-from-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/never a range of days/);
  });

  it('lists the monthly reports and downloads one (when the stack makes them)', async () => {
    const offered = await admin.reports.monthly.list
      .query({ orgId })
      .then(() => true)
      .catch((e: unknown) => !/No procedure found/.test(String(e)));
    if (!offered) {
      // A stack started before monthly reports existed: the page says so instead of failing.
      await page.goto(`${WEB_ORIGIN}/admin/org`);
      expect(await page.textContent('[data-testid="monthly-unavailable"]')).toContain(
        'does not make monthly reports yet',
      );
      return;
    }
    // The month of this run's lonely entry, made by the worker the way the schedule would.
    const temporal = await temporalTestClient();
    await temporal.workflow.execute('orgMonthlyReport', {
      workflowId: `org-report-${orgId}-${LONELY_YEAR}-03-e2e-${tag}`,
      taskQueue: 'canopy-notify',
      args: [{ orgId, month: `${LONELY_YEAR}-03` }],
    });
    await page.goto(`${WEB_ORIGIN}/admin/org`);
    const row = page.locator(`[data-testid="monthly-reports"] tr:has-text("March ${LONELY_YEAR}")`);
    await row.waitFor();
    expect(await row.textContent()).toContain('withheld (fewer than 3 members)');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.locator('a:has-text("CSV")').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/emissions-2001-03\.csv$/);
    expect(readFileSync((await download.path())!, 'utf8')).toContain('2001-03');
    // The HTML version arrives as a file too, never rendered under the dashboard's origin.
    const [html] = await Promise.all([
      page.waitForEvent('download'),
      row.locator('a:has-text("HTML")').click(),
    ]);
    expect(html.suggestedFilename()).toMatch(/emissions-2001-03\.html$/);
    expect(readFileSync((await html.path())!, 'utf8')).toMatch(/<html/i);
  });

  it('will not let the last org admin step down or leave, and says so beside their row', async () => {
    await page.goto(`${WEB_ORIGIN}/admin/org`);
    const me = (await admin.me.get.query()).id;
    const row = page.locator(`tr[data-user-id="${me}"]`);
    await row.locator('select').selectOption('member');
    await row.locator('button:has-text("Save")').click();
    const error = page.locator(`#member-${me}-error`);
    await error.waitFor();
    expect(await error.textContent()).toContain('an organisation needs at least one org admin');
    expect(await row.locator('select').getAttribute('aria-invalid')).toBe('true');

    page.once('dialog', (dialog) => void dialog.accept());
    await row.locator('button:has-text("Remove")').click();
    await expect.poll(() => error.textContent()).toContain('the last org admin cannot be removed');
    const members = await admin.orgs.members.query({ orgId });
    expect(members.find((m) => m.userId === me)?.role).toBe('org-admin');
  });

  it('explains a wrong address beside the email field, then invites and withdraws', async () => {
    await page.goto(`${WEB_ORIGIN}/admin/org`);
    await page.fill('#invite-email', 'not-an-address');
    await page.click('button:has-text("Send invitation")');
    await page.locator('#invite-email-error').waitFor();
    expect(await page.textContent('#invite-email-error')).toContain(
      'email must be an email address',
    );
    expect(await page.inputValue('#invite-email')).toBe('not-an-address');

    await page.fill('#invite-email', invitee);
    await page.click('button:has-text("Send invitation")');
    const item = page.locator(`[data-invitation="${invitee}"]`);
    await item.waitFor();
    expect(await page.textContent('[role="status"]')).toContain(`Invitation sent to ${invitee}`);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await item.locator('button:has-text("Withdraw")').click();
    await expect.poll(() => item.count()).toBe(0);
    const open = await admin.orgs.invitations.list.query({ orgId });
    expect(open.some((i) => i.email === invitee)).toBe(false);
  });

  it('fits a 390 px phone: the tables scroll inside their cards, not the page', async () => {
    const size = page.viewportSize();
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(
        `${WEB_ORIGIN}/admin/org?granularity=month&from=${POOLED_YEAR}-01&to=${POOLED_YEAR}-12`,
      );
      await page.locator('[data-testid="pooled-report"]').waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        390,
      );
    } finally {
      if (size) await page.setViewportSize(size);
    }
  });
});

describe('admin pages, as a plain member', () => {
  let close: () => Promise<void>;
  let page: Page;

  beforeAll(async () => {
    const launched = await launchBrowser();
    close = launched.close;
    page = await launched.browser.contexts()[0]!.newPage();
    await signIn(page, WEB_ORIGIN, 'member');
  });
  afterAll(async () => {
    await close?.();
  });

  it('shows no admin links', async () => {
    const nav = await page.textContent('nav[aria-label="Main"]');
    expect(nav).not.toContain('Organisation');
    expect(nav).not.toContain('Shop admin');
  });

  it('is refused the organisation and shop admin pages by the server', async () => {
    for (const path of ['/admin/org/report.csv', '/admin/org', '/admin/shop']) {
      const response = await page.goto(`${WEB_ORIGIN}${path}`);
      expect(response?.status(), path).toBe(403);
    }
    expect(await page.textContent('h1')).toBe('Not allowed');
    await screenshot(page, 'admin-refused');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('cannot post the admin forms either: the invitation is refused and nothing is stored', async () => {
    const email = `e2e-refused-${randomUUID().slice(0, 8)}@example.org`;
    const response = await page.request.post(`${WEB_ORIGIN}/admin/org?/invite`, {
      form: { email, role: 'org-admin' },
      headers: { origin: WEB_ORIGIN, accept: 'application/json' },
    });
    expect(response.status()).toBe(403);
    const admin = createCanopyClient({
      url: stackEnv().API_URL,
      token: await tokenFor('orgadmin'),
    });
    const orgId = (await admin.me.get.query()).organisations[0]!.orgId;
    const open = await admin.orgs.invitations.list.query({ orgId });
    expect(open.some((i) => i.email === email)).toBe(false);
  });
});
