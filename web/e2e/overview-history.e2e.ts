import { createCanopyClient, type CanopyClient } from '@canopy/client';
import { tokenFor } from '@canopy/devstack/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { launchBrowser, screenshot, SCREENSHOTS, seriousAxeViolations, signIn } from './browser.ts';
import { stackEnv, WEB_ORIGIN } from './stack-env.ts';

const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * member2 (the other demo organisation) gets two months of history through the
 * API, so the overview's charts have something to draw; everything but the
 * step counts (which re-sending replaces) is removed afterwards.
 */
describe('the overview of a member with history', () => {
  let api: CanopyClient;
  let close: () => Promise<void>;
  let page: Page;
  const sessionIds: string[] = [];
  const activityIds: string[] = [];
  let goalId: string | undefined;

  beforeAll(async () => {
    api = createCanopyClient({ url: stackEnv().API_URL, token: await tokenFor('member2') });
    await api.training.steps.upsertMany.mutate({
      source: 'e2e',
      days: Array.from({ length: 30 }, (_, i) => ({
        date: day(-i),
        steps: 6_000 + ((i * 1_733) % 7_000),
      })),
    });
    for (let i = 59; i >= 0; i -= 1) {
      if (i % 7 === 3 || i % 7 === 6) continue; // two rest days a week
      const ramp = i < 10 ? 1.6 : 1; // a recent spike, so the ratio leaves the band
      const session = await api.training.sessions.create.mutate({
        startedAt: new Date(`${day(-i)}T07:00:00Z`),
        type: i % 2 ? 'run' : 'ride',
        durationMin: Math.round((40 + (i % 5) * 8) * ramp),
        rpe: 5 + (i % 3),
      });
      sessionIds.push(session.id);
    }
    const trips: Array<[number, number]> = [
      [-3, 18],
      [-35, 120],
      [-70, 64],
      [-100, 230],
    ];
    for (const [offset, km] of trips) {
      const logged = await api.carbon.log.mutate({
        occurredOn: day(offset),
        activity: { type: 'car', distance: { value: km, unit: 'km' }, fuel: 'diesel' },
      });
      activityIds.push(logged.id);
    }
    const power = await api.carbon.log.mutate({
      occurredOn: day(-2),
      activity: { type: 'electricity', kwh: 180, country: 'GB' },
    });
    activityIds.push(power.id);
    goalId = (
      await api.goals.create.mutate({
        title: '8,000 steps a day',
        definition: { kind: 'steps_per_day', target: 8000 },
      })
    ).id;

    const launched = await launchBrowser();
    close = launched.close;
    page = await launched.browser.contexts()[0]!.newPage();
  });

  afterAll(async () => {
    await close?.();
    await Promise.allSettled([
      ...sessionIds.map((id) => api.training.sessions.delete.mutate({ id })),
      ...activityIds.map((id) => api.carbon.delete.mutate({ id })),
      ...(goalId ? [api.goals.cancel.mutate({ goalId })] : []),
    ]);
  });

  it('draws load with the ratio band, steps, categories and the goal', async () => {
    await signIn(page, WEB_ORIGIN, 'member2');
    await page.waitForSelector('[data-testid="load-chart"] svg');
    expect(await page.locator('[data-testid="load-chart"] svg rect').count()).toBeGreaterThan(30);
    expect(await page.locator('#steps').locator('..').textContent()).toMatch(
      /Average [\d,]+ steps a day/,
    );
    const goal = page.locator('#goals').locator('..');
    expect(await goal.textContent()).toContain('8,000 steps a day');
    expect(await goal.locator('progress').count()).toBe(1);
    expect(await page.locator('#carbon-trend ~ figure table thead').textContent()).toMatch(
      /Car.*Electricity|Electricity.*Car/,
    );
    await screenshot(page, 'overview-with-history');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('draws the training page: load with its averages and band, fitness and form, flags in words', async () => {
    await page.goto(`${WEB_ORIGIN}/training`);
    await page.waitForSelector('[data-testid="load-detail-chart"] svg');
    // Bars for the load, and the acute and chronic lines over them.
    expect(
      await page.locator('[data-testid="load-detail-chart"] svg rect').count(),
    ).toBeGreaterThan(30);
    expect(await page.locator('[data-testid="load-detail-chart"] .avg-line').count()).toBe(2);
    await page.waitForSelector('[data-testid="acwr-chart"] svg');
    await page.waitForSelector('[data-testid="fitness-chart"] svg');
    // Eight weeks of near-daily sessions pile up fatigue: the page says so in words.
    expect(await page.locator('[data-testid="flags"]').textContent()).toMatch(
      /(times your four-week average|Form \(TSB\) is -?\d+)/,
    );
    await screenshot(page, 'training-with-history');
    // The charts alone, the size of a screen, for the README.
    await page.screenshot({ path: join(SCREENSHOTS, 'training-charts.png') });
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
