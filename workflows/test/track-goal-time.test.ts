// Months-long goal behaviour on Temporal's time-skipping test server, with the
// real activities (real Postgres, real SMTP): days and months pass in seconds.
import { randomUUID } from 'node:crypto';
import { upsertDailySteps } from '@canopy/db';
import { createMigratedTestDb } from '@canopy/db/testing';
import type { GoalDefinition } from '@canopy/domain';
import { stackEnv } from '@canopy/devstack/testing';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../src/activities/index.ts';
import type { GoalOwner, GoalProgress, KeyedGoalEvent, TrackGoalInput } from '../src/shared.ts';
import { goalQueries, goalSignals, goalWorkflowId, goalWorkflowType } from '../src/shared.ts';
import { workflowsPath } from '../src/worker.ts';
import { waitForMail } from './checkout-fixtures.ts';
import {
  insertGoal,
  insertMember,
  insertOrgEmission,
  insertOrgWith,
  notificationsOf,
  waitFor,
} from './goal-fixtures.ts';
import type { TestMember } from './goal-fixtures.ts';
import { createTimeSkippingEnv } from './time-skipping-server.ts';
import { recordHistories } from './replay.ts';

let env: TestWorkflowEnvironment;
let testDb: Awaited<ReturnType<typeof createMigratedTestDb>>;
let worker: Worker;
let running: Promise<void>;
let mailer: Transporter;
const taskQueue = `test-goal-time-${randomUUID()}`;
const DAY = 86_400_000;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  testDb = await createMigratedTestDb();
  mailer = nodemailer.createTransport(stackEnv().SMTP_URL);
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath,
    activities: createActivities({
      db: testDb.db,
      mailer,
      mailFrom: 'Canopy <notify@canopy.test>',
    }),
  });
  running = worker.run();
}, 120_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  mailer?.close();
  await testDb?.destroy();
  await env?.teardown();
});

const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const progressOf = (handle: WorkflowHandle) => handle.query<GoalProgress>(goalQueries.progress);

async function startGoal(owner: GoalOwner, definition: GoalDefinition, title: string) {
  const goalId = await insertGoal(testDb.db, owner, definition, title);
  const input: TrackGoalInput = { goalId, title, definition, owner };
  return env.client.workflow.start(goalWorkflowType, {
    workflowId: goalWorkflowId(goalId),
    taskQueue,
    args: [input],
  });
}

/** Skips to `hours` after the next UTC midnight, then lets the worker catch up. */
async function skipToNextDay(hours = 1) {
  const now = await env.currentTimeMs();
  const midnight = Math.floor(now / DAY) * DAY + DAY;
  await env.sleep(midnight + hours * 3_600_000 - now);
}

/**
 * Skips to 01:00 UTC on `day` of the next month. The test server's clock is
 * shared by every test in the file and starts from the wall clock, so a test
 * that reasons about one month must not begin on whatever day it finds.
 */
async function skipToDayOfNextMonth(day: number) {
  const now = new Date(await env.currentTimeMs());
  const target = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, day, 1);
  await env.sleep(target - now.getTime());
}

const steps = (userId: string, day: string, count: number): KeyedGoalEvent => ({
  key: `steps-${userId}-${day}`,
  event: { type: 'steps', at: day, count },
});

describe('goal workflow over days and months (time skipping)', () => {
  it('keeps its streak and only the current period across continueAsNew, and reminds on an unmet day', async () => {
    const member = await insertMember(testDb.db);
    const day0 = utcDate(await env.currentTimeMs());
    const definition: GoalDefinition = {
      kind: 'steps_per_day',
      target: 10_000,
      timeZone: 'UTC',
      startDate: day0,
    };
    const handle = await startGoal({ userId: member.userId }, definition, 'Daily steps');
    const firstRun = (await handle.describe()).runId;

    await handle.signal(goalSignals.activity, [steps(member.userId, day0, 12_000)]);
    await waitFor(
      () => notificationsOf(testDb.db, member.userId),
      (r) => r.length === 1,
    );

    await skipToNextDay();
    const day1 = utcDate(await env.currentTimeMs());
    let progress = await waitFor(
      () => progressOf(handle),
      (p) => p.period.start === day1,
    );
    // A new run began at the boundary, carrying the streak but not day 0's events.
    expect((await handle.describe()).runId).not.toBe(firstRun);
    expect(progress).toMatchObject({ value: 0, streak: 1, status: 'in_progress' });
    expect(progress.periods.map((p) => p.start)).toEqual([day1]);

    // Day 1's steps are stored but their signal is lost, and a late re-send of
    // day 0 arrives: the window ignores day 0, the reload at the close finds day 1.
    await upsertDailySteps(testDb.db, member.userId, [{ day: day1, steps: 10_000 }], 'manual');
    await handle.signal(goalSignals.activity, [steps(member.userId, day0, 1)]);
    expect(await progressOf(handle)).toMatchObject({ value: 0, streak: 1 });

    await skipToNextDay();
    const day2 = utcDate(await env.currentTimeMs());
    progress = await waitFor(
      () => progressOf(handle),
      (p) => p.period.start === day2,
    );
    // The open day neither adds to nor breaks the streak yet.
    expect(progress).toMatchObject({ streak: 2, value: 0 });

    // Day 2 stays unmet: the reminder comes six hours before it closes, then the streak breaks.
    await skipToNextDay();
    const day3 = utcDate(await env.currentTimeMs());
    progress = await waitFor(
      () => progressOf(handle),
      (p) => p.period.start === day3,
    );
    expect(progress.streak).toBe(0);
    const rows = await notificationsOf(testDb.db, member.userId);
    expect(rows.map((r) => [r.kind, (r.data as { periodStart: string }).periodStart])).toEqual([
      ['goal.achieved', day0],
      ['goal.achieved', day1],
      ['goal.reminder', day2],
    ]);

    // History stays bounded: the current run holds only its own days.
    const history = await handle.fetchHistory();
    expect(history.events?.length ?? 0).toBeLessThan(60);

    await handle.signal(goalSignals.cancel);
    expect(await handle.result()).toMatchObject({ active: false });
    // A run that began from continueAsNew, for track-goal-replay.test.ts.
    if (process.env.RECORD_GOAL_HISTORIES === '1') {
      recordHistories('goal-', [{ name: 'continued', history: await handle.fetchHistory() }]);
    }
  }, 120_000);

  it('announces a monthly carbon budget kept only when the month closes, and once', async () => {
    const member = await insertMember(testDb.db);
    // The 10th, so the day skipped below stays inside the month.
    await skipToDayOfNextMonth(10);
    const now = await env.currentTimeMs();
    const month = utcDate(now).slice(0, 7);
    const definition: GoalDefinition = {
      kind: 'co2e_budget_per_month',
      budgetKg: 100,
      timeZone: 'UTC',
      startDate: utcDate(now),
    };
    const handle = await startGoal({ userId: member.userId }, definition, 'Under 100 kg');
    await handle.signal(goalSignals.activity, [
      { key: 'emission-a', event: { type: 'emission', at: utcDate(now), kgCO2e: 40 } },
      { key: 'emission-b', event: { type: 'emission', at: utcDate(now), kgCO2e: 30 } },
      // Corrected: the same activity re-estimated replaces its first figure.
      { key: 'emission-b', event: { type: 'emission', at: utcDate(now), kgCO2e: 35.5 } },
    ]);
    expect(
      await waitFor(
        () => progressOf(handle),
        (p) => p.value > 0,
      ),
    ).toMatchObject({
      value: 75.5,
      status: 'on_track',
      achieved: false,
    });
    // Under budget mid-month is on track, not achieved, and earns no reminder.
    await env.sleep(DAY);
    expect(await notificationsOf(testDb.db, member.userId)).toEqual([]);

    const d = new Date(now);
    const nextMonth = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    await env.sleep(nextMonth + 3_600_000 - (await env.currentTimeMs()));
    const rows = await waitFor(
      () => notificationsOf(testDb.db, member.userId),
      (r) => r.length > 0,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: 'goal.achieved',
      dedupe_key: `goal-${handle.workflowId.slice(5)}-${month}-01-achieved`,
    });
    expect(rows[0]!.body).toContain('75.5 kg CO2e (target at most 100 kg CO2e)');
    expect((await waitForMail(member.email)).map((m) => m.subject)).toEqual([
      'Goal achieved: Under 100 kg',
    ]);
    const progress = await progressOf(handle);
    expect(progress).toMatchObject({ value: 0, streak: 1 });
    await handle.signal(goalSignals.cancel);
    await handle.result();
    expect(await notificationsOf(testDb.db, member.userId)).toHaveLength(1);
  }, 120_000);

  it("announces an organisation's kept carbon budget only for a month three members logged in", async () => {
    const { db } = testDb;
    const people = [await insertMember(db), await insertMember(db), await insertMember(db)];
    const [admin, member, third] = people as [TestMember, TestMember, TestMember];
    const orgId = await insertOrgWith(db, { admins: [admin], members: [member, third] });
    await skipToDayOfNextMonth(10);
    const first = new Date(await env.currentTimeMs());
    const firstMonth = utcDate(first.getTime()).slice(0, 7);
    const definition: GoalDefinition = {
      kind: 'co2e_budget_per_month',
      budgetKg: 100,
      timeZone: 'UTC',
      startDate: utcDate(first.getTime()),
    };
    const handle = await startGoal({ orgId }, definition, 'Team under 100 kg');

    /** Stores a member's emission for the organisation and signals it, as the API does. */
    async function log(who: TestMember, kg: number) {
      const day = utcDate(await env.currentTimeMs());
      const id = await insertOrgEmission(db, { userId: who.userId, orgId, day, kg });
      await handle.signal(goalSignals.activity, [
        { key: `emission-${id}`, event: { type: 'emission', at: day, kgCO2e: kg } },
      ]);
    }

    // The first month: two members, 30 kg between them, well within budget.
    await log(admin, 10);
    await log(member, 20);
    const secondStart = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 1);
    const secondMonth = utcDate(secondStart).slice(0, 7);
    await env.sleep(secondStart + 3_600_000 - (await env.currentTimeMs()));
    // The tracker closed the month and began the next one...
    await waitFor(
      () => progressOf(handle),
      (p) => p.period.start === `${secondMonth}-01`,
    );
    // ...without a word about the month two people's figures made.
    expect(await notificationsOf(db, admin.userId)).toEqual([]);

    // The second month: three members, 45 kg, announced when it closes.
    const secondRun = (await handle.describe()).runId;
    await log(admin, 10);
    await log(member, 20);
    await log(third, 15);
    const thirdStart = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 2, 1);
    await env.sleep(thirdStart + 3_600_000 - (await env.currentTimeMs()));
    const rows = await waitFor(
      () => notificationsOf(db, admin.userId),
      (r) => r.length > 0,
    );
    expect(rows.map((r) => [r.kind, (r.data as { periodStart: string }).periodStart])).toEqual([
      ['goal.achieved', `${secondMonth}-01`],
    ]);
    expect(rows[0]!.body).toContain('45 kg CO2e (target at most 100 kg CO2e)');
    expect(rows.some((r) => r.body.includes(firstMonth))).toBe(false);
    for (const p of [member, third]) expect(await notificationsOf(db, p.userId)).toEqual([]);
    await handle.signal(goalSignals.cancel);
    await handle.result();
    if (process.env.RECORD_GOAL_HISTORIES === '1') {
      // The run of the second month: the rule read the rows at its close, then announced.
      const run = env.client.workflow.getHandle(handle.workflowId, secondRun);
      recordHistories('goal-', [{ name: 'org-month', history: await run.fetchHistory() }]);
    }
  }, 120_000);
});
