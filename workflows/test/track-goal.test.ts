import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { upsertDailySteps } from '@canopy/db';
import { createMigratedTestDb } from '@canopy/db/testing';
import type { GoalDefinition } from '@canopy/domain';
import { stackEnv, temporalTestClient, todayIn, zoneAtLocalHour } from '@canopy/devstack/testing';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { WorkflowFailedError } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import type { NativeConnection, Worker } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GoalOwner, GoalProgress, KeyedGoalEvent, TrackGoalInput } from '../src/shared.ts';
import { goalQueries, goalSignals, goalWorkflowId, goalWorkflowType } from '../src/shared.ts';
import { createWorker } from '../src/worker.ts';
import { mailsTo, waitForMail } from './checkout-fixtures.ts';
import {
  completedActivities,
  insertGoal,
  insertMember,
  insertOrgWith,
  markersRecorded,
  notificationsOf,
  waitFor,
} from './goal-fixtures.ts';

let testDb: Awaited<ReturnType<typeof createMigratedTestDb>>;
let client: Client;
let worker: Worker;
let workerConnection: NativeConnection;
let running: Promise<void>;
let mailer: Transporter;
const taskQueue = `test-goal-${randomUUID()}`;
const recorded = new Map<string, WorkflowHandle>();

beforeAll(async () => {
  const env = stackEnv();
  testDb = await createMigratedTestDb();
  mailer = nodemailer.createTransport(env.SMTP_URL);
  const created = await createWorker({
    temporal: { address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE },
    taskQueue,
    deps: { db: testDb.db, mailer, mailFrom: 'Canopy <notify@canopy.test>' },
  });
  worker = created.worker;
  workerConnection = created.connection;
  running = worker.run();
  client = await temporalTestClient();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await workerConnection?.close();
  await client?.connection.close();
  mailer?.close();
  await testDb?.destroy();
});

// Midday in the goal's zone: the day cannot roll over during the test.
const zone = zoneAtLocalHour(12);
const today = todayIn(zone);

async function startGoal(
  owner: GoalOwner,
  definition: GoalDefinition,
  extra: Partial<TrackGoalInput> = {},
) {
  const title = extra.title ?? '10k steps a day';
  const goalId = extra.goalId ?? (await insertGoal(testDb.db, owner, definition, title));
  const input: TrackGoalInput = { goalId, title, definition, owner, ...extra };
  return client.workflow.start(goalWorkflowType, {
    workflowId: goalWorkflowId(goalId),
    taskQueue,
    args: [input],
  });
}

const stepsGoal: GoalDefinition = {
  kind: 'steps_per_day',
  target: 10_000,
  timeZone: zone,
  startDate: today,
};
const steps = (userId: string, count: number, day = today): KeyedGoalEvent => ({
  key: `steps-${userId}-${day}`,
  event: { type: 'steps', at: day, count },
});
const progressOf = (handle: WorkflowHandle) => handle.query<GoalProgress>(goalQueries.progress);

/** A reminder lead that makes a goal started now remind about three seconds from now. */
async function leadForReminderSoon(): Promise<number> {
  const member = await insertMember(testDb.db);
  const probe = await startGoal({ userId: member.userId }, stepsGoal);
  const { period } = await progressOf(probe);
  await probe.terminate('probe only');
  return Math.floor((Date.parse(period.endsAt) - Date.now()) / 1000) - 3;
}

describe('goal workflow on the real server, with real notifications', () => {
  it('counts a re-sent day once, and announces the achievement once by app and email', async () => {
    const member = await insertMember(testDb.db);
    const handle = await startGoal({ userId: member.userId }, stepsGoal);
    recorded.set('achieved', handle);

    await handle.signal(goalSignals.activity, [steps(member.userId, 6000)]);
    await handle.signal(goalSignals.activity, [steps(member.userId, 6000)]);
    let progress = await progressOf(handle);
    // The same day sent twice is that day's count, not double.
    expect(progress).toMatchObject({
      value: 6000,
      achieved: false,
      status: 'in_progress',
      active: true,
    });
    expect(progress.period.start).toBe(today);
    expect(await notificationsOf(testDb.db, member.userId)).toEqual([]);

    await handle.signal(goalSignals.activity, [steps(member.userId, 10_500)]);
    const rows = await waitFor(
      () => notificationsOf(testDb.db, member.userId),
      (r) => r.length > 0,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: 'goal.achieved',
      title: 'Goal achieved: 10k steps a day',
      dedupe_key: `goal-${handle.workflowId.slice(5)}-${today}-achieved`,
    });
    expect(rows[0]!.body).toContain('10500 (target 10000)');
    const mails = await waitForMail(member.email);
    expect(mails.map((m) => m.subject)).toEqual(['Goal achieved: 10k steps a day']);

    // More steps, and the same signals again: still one announcement.
    await handle.signal(goalSignals.activity, [steps(member.userId, 12_000)]);
    await handle.signal(goalSignals.activity, [steps(member.userId, 12_000)]);
    progress = await progressOf(handle);
    expect(progress).toMatchObject({ value: 12_000, achieved: true, streak: 1 });
    await new Promise((r) => setTimeout(r, 1000));
    expect(await notificationsOf(testDb.db, member.userId)).toHaveLength(1);
    expect(await mailsTo(member.email)).toHaveLength(1);

    await handle.signal(goalSignals.cancel);
    expect(await handle.result()).toMatchObject({ active: false, value: 12_000 });
    // A member's own goal takes none of an organisation's steps: no patch marker, no group read.
    expect(await markersRecorded(handle)).toBe(0);
    expect(await completedActivities(handle, 'orgGoalPeriodGroups')).toBe(0);
  });

  it('tells the org admins of an organisation goal only once three members are behind the figure', async () => {
    const { db } = testDb;
    const [admin, member, third] = [
      await insertMember(db),
      await insertMember(db),
      await insertMember(db),
    ];
    const orgId = await insertOrgWith(db, { admins: [admin], members: [member, third] });
    const handle = await startGoal({ orgId }, stepsGoal, { title: 'Team steps' });
    recorded.set('org-pooled', handle);

    // Two members reach the target together: stored, then signalled, as the API does.
    await upsertDailySteps(db, admin.userId, [{ day: today, steps: 4000 }], 'manual');
    await upsertDailySteps(db, member.userId, [{ day: today, steps: 7000 }], 'manual');
    await handle.signal(goalSignals.activity, [
      steps(admin.userId, 4000),
      steps(member.userId, 7000),
    ]);
    // The tracker saw the day achieved and read who is behind it from the rows...
    await waitFor(
      () => completedActivities(handle, 'orgGoalPeriodGroups'),
      (n) => n >= 1,
    );
    // ...and, with two members, told nobody: no figure, no achievement.
    expect(await notificationsOf(db, admin.userId)).toEqual([]);
    expect(await notificationsOf(db, member.userId)).toEqual([]);
    expect(await mailsTo(admin.email)).toEqual([]);

    // A third member makes the group large enough: the day is announced once,
    // with the figure the three are behind, and never the two's 11000.
    await upsertDailySteps(db, third.userId, [{ day: today, steps: 1000 }], 'manual');
    await handle.signal(goalSignals.activity, [steps(third.userId, 1000)]);
    const rows = await waitFor(
      () => notificationsOf(db, admin.userId),
      (r) => r.length > 0,
    );
    expect(rows.map((r) => r.title)).toEqual(['Goal achieved: Team steps']);
    expect(rows[0]!.body).toContain('12000 (target 10000)');
    expect(rows[0]!.data).toMatchObject({ value: 12_000, periodStart: today });
    expect((await waitForMail(admin.email)).map((m) => m.subject)).toEqual([
      'Goal achieved: Team steps',
    ]);
    // Org admins are told; members are not.
    expect(await notificationsOf(db, member.userId)).toEqual([]);
    expect(await notificationsOf(db, third.userId)).toEqual([]);
    await handle.signal(goalSignals.cancel);
    await handle.result();
  });

  it('does not remind about an organisation period two members logged towards', async () => {
    const { db } = testDb;
    const [admin, member] = [await insertMember(db), await insertMember(db)];
    const orgId = await insertOrgWith(db, { admins: [admin], members: [member] });
    const handle = await startGoal({ orgId }, stepsGoal, {
      title: 'Team steps',
      reminderLeadSeconds: await leadForReminderSoon(),
    });
    recorded.set('org-reminder-withheld', handle);
    await upsertDailySteps(db, admin.userId, [{ day: today, steps: 1500 }], 'manual');
    await upsertDailySteps(db, member.userId, [{ day: today, steps: 1000 }], 'manual');
    await handle.signal(goalSignals.activity, [
      steps(admin.userId, 1500),
      steps(member.userId, 1000),
    ]);
    // The reminder's time came and the tracker read the group from the rows...
    await waitFor(
      () => completedActivities(handle, 'orgGoalPeriodGroups'),
      (n) => n >= 1,
    );
    // ...and sent nothing: a reminder would say the period is unmet, which is withheld.
    expect(await notificationsOf(db, admin.userId)).toEqual([]);
    expect(await mailsTo(admin.email)).toEqual([]);
    expect(await progressOf(handle)).toMatchObject({ active: true });
    await handle.signal(goalSignals.cancel);
    await handle.result();
    expect(await notificationsOf(db, admin.userId)).toEqual([]);
  });

  it('reminds the org admins with the figure when three members are behind it', async () => {
    const { db } = testDb;
    const people = [await insertMember(db), await insertMember(db), await insertMember(db)];
    const [admin] = people;
    const orgId = await insertOrgWith(db, { admins: [admin!], members: people.slice(1) });
    const handle = await startGoal({ orgId }, stepsGoal, {
      title: 'Team steps',
      reminderLeadSeconds: await leadForReminderSoon(),
    });
    for (const p of people) {
      await upsertDailySteps(db, p.userId, [{ day: today, steps: 1000 }], 'manual');
    }
    await handle.signal(
      goalSignals.activity,
      people.map((p) => steps(p.userId, 1000)),
    );
    const rows = await waitFor(
      () => notificationsOf(db, admin!.userId),
      (r) => r.length > 0,
    );
    expect(rows.map((r) => r.kind)).toEqual(['goal.reminder']);
    expect(rows[0]!.body).toContain('3000 of 10000 so far');
    await handle.signal(goalSignals.cancel);
    await handle.result();
  });

  it('reminds once before the period closes while the goal is not met', async () => {
    const member = await insertMember(testDb.db);
    const probe = await startGoal({ userId: member.userId }, stepsGoal);
    const { period } = await progressOf(probe);
    await probe.terminate('probe only');
    // The reminder falls three seconds from now.
    const lead = Math.floor((Date.parse(period.endsAt) - Date.now()) / 1000) - 3;
    const handle = await startGoal({ userId: member.userId }, stepsGoal, {
      reminderLeadSeconds: lead,
    });
    recorded.set('reminder', handle);
    await handle.signal(goalSignals.activity, [steps(member.userId, 2500)]);
    const rows = await waitFor(
      () => notificationsOf(testDb.db, member.userId),
      (r) => r.length > 0,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'goal.reminder', title: 'Reminder: 10k steps a day' });
    expect(rows[0]!.body).toContain('2500 of 10000 so far');
    expect(await waitForMail(member.email)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await notificationsOf(testDb.db, member.userId)).toHaveLength(1);
    await handle.signal(goalSignals.cancel);
    await handle.result();
  });

  it('does not remind a goal that is already met', async () => {
    const member = await insertMember(testDb.db);
    const probe = await startGoal({ userId: member.userId }, stepsGoal);
    const { period } = await progressOf(probe);
    await probe.terminate('probe only');
    const lead = Math.floor((Date.parse(period.endsAt) - Date.now()) / 1000) - 3;
    const handle = await startGoal({ userId: member.userId }, stepsGoal, {
      reminderLeadSeconds: lead,
    });
    await handle.signal(goalSignals.activity, [steps(member.userId, 10_000)]);
    await new Promise((r) => setTimeout(r, 5000));
    const rows = await notificationsOf(testDb.db, member.userId);
    expect(rows.map((r) => r.kind)).toEqual(['goal.achieved']);
    await handle.signal(goalSignals.cancel);
    await handle.result();
  });

  it('ends when cancelled, by signal or by workflow cancellation, and counts nothing after', async () => {
    const member = await insertMember(testDb.db);
    const bySignal = await startGoal({ userId: member.userId }, stepsGoal);
    recorded.set('cancelled', bySignal);
    await bySignal.signal(goalSignals.activity, [steps(member.userId, 3000)]);
    await bySignal.signal(goalSignals.cancel);
    expect(await bySignal.result()).toMatchObject({ active: false, value: 3000, achieved: false });
    expect((await bySignal.describe()).status.name).toBe('COMPLETED');
    // A signal to an ended goal is refused by the server, not counted.
    await expect(
      bySignal.signal(goalSignals.activity, [steps(member.userId, 20_000)]),
    ).rejects.toThrow();

    const byCancel = await startGoal({ userId: member.userId }, stepsGoal);
    await byCancel.cancel();
    await expect(byCancel.result()).rejects.toBeInstanceOf(WorkflowFailedError);
    expect((await byCancel.describe()).status.name).toBe('CANCELLED');
    expect(await notificationsOf(testDb.db, member.userId)).toEqual([]);
  });

  it('counts what was stored before it started, and a deletion takes an item back out', async () => {
    const member = await insertMember(testDb.db);
    await upsertDailySteps(testDb.db, member.userId, [{ day: today, steps: 4000 }], 'manual');
    const handle = await startGoal({ userId: member.userId }, stepsGoal);
    recorded.set('loaded', handle);
    // Loaded by the tracker itself from the stored rows.
    expect(
      await waitFor(
        () => progressOf(handle),
        (p) => p.value > 0,
      ),
    ).toMatchObject({
      value: 4000,
    });
    await handle.signal(goalSignals.activity, [steps(member.userId, 7000)]);
    expect(await progressOf(handle)).toMatchObject({ value: 7000 });
    await handle.signal(goalSignals.activity, [
      { key: `steps-${member.userId}-${today}`, event: null },
    ]);
    expect(await progressOf(handle)).toMatchObject({ value: 0, achieved: false });
    await handle.signal(goalSignals.cancel);
    await handle.result();
  });

  it('ends by itself when its goal is not stored or no longer active', async () => {
    const member = await insertMember(testDb.db);
    const unknown = await startGoal({ userId: member.userId }, stepsGoal, { goalId: randomUUID() });
    expect(await unknown.result()).toMatchObject({ active: false });

    const goalId = await insertGoal(testDb.db, { userId: member.userId }, stepsGoal, 'Old goal');
    await testDb.db
      .updateTable('goals')
      .set({ status: 'cancelled' })
      .where('id', '=', goalId)
      .execute();
    const cancelled = await startGoal({ userId: member.userId }, stepsGoal, { goalId });
    recorded.set('not-active', cancelled);
    expect(await cancelled.result()).toMatchObject({ active: false });
  });

  it('records goal histories for the replay test', async () => {
    // `RECORD_GOAL_HISTORIES=1` refreshes what track-goal-replay.test.ts replays;
    // a normal run never changes the fixtures.
    if (process.env.RECORD_GOAL_HISTORIES !== '1') return;
    mkdirSync(new URL('./histories/', import.meta.url), { recursive: true });
    for (const [name, handle] of recorded) {
      const history = await handle.fetchHistory();
      writeFileSync(
        new URL(`./histories/goal-${name}.json`, import.meta.url),
        historyToJSON(history) + '\n',
      );
    }
  });
});
