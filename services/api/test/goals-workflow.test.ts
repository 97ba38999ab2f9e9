// Goals through the API with the goal tracker really running: a worker on the
// goals queue, the real Temporal dev server and the harness's own database.
import { findOrganisationBySlug } from '@canopy/db';
import { stackEnv, todayIn, zoneAtLocalHour } from '@canopy/devstack/testing';
import { goalQueries, goalWorkflowId } from '@canopy/workflows/shared';
import type { GoalProgress } from '@canopy/workflows/shared';
import type { WorkflowHandle } from '@temporalio/client';
import { createWorker } from '@canopy/workflows/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller, Harness } from './harness.ts';
import { createHarness, services } from './harness.ts';

type Worker = Awaited<ReturnType<typeof createWorker>>;

async function eventually<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 20_000) {
  const until = Date.now() + ms;
  let value = await read();
  while (!done(value) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 250));
    value = await read();
  }
  return value;
}

/**
 * The activities a goal's tracker has finished, by name, and whether it is
 * waiting (its last step started a timer): a test that expects nothing to be
 * told waits for the tracker to have looked first.
 */
async function trackerActivities(handle: WorkflowHandle) {
  const events = (await handle.fetchHistory()).events ?? [];
  const names = new Map(
    events.map((e) => [
      String(e.eventId),
      e.activityTaskScheduledEventAttributes?.activityType?.name,
    ]),
  );
  return {
    completed: events.flatMap((e) => {
      const id = e.activityTaskCompletedEventAttributes?.scheduledEventId;
      return id ? [names.get(String(id)) ?? ''] : [];
    }),
    idle: events.at(-1)?.timerStartedEventAttributes !== undefined,
  };
}

const goalNotices = async (caller: Caller) =>
  (await caller.notifications.list({})).items.filter((n) => n.kind.startsWith('goal.'));

describe('goals with their tracker workflow running', () => {
  let h: Harness;
  let created: Worker;
  let running: Promise<void>;
  // Goals in a zone where it is about noon: the test's day and week cannot
  // roll over while it runs, and the reminder six hours before a period
  // closes cannot fire in the middle of it.
  const zone = zoneAtLocalHour(12);
  const today = todayIn(zone);

  beforeAll(async () => {
    h = await createHarness();
    const env = stackEnv();
    // The queue this test process's API starts goal trackers on.
    created = await createWorker({
      temporal: { address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE },
      taskQueue: services.taskQueues.goals,
      deps: { db: h.db },
    });
    running = created.worker.run();
    for (const user of ['member', 'orgadmin'] as const) {
      // This worker sends no email; the in-app notification is what is checked.
      await (await h.as(user)).notifications.preferences.update({ email: false });
    }
  }, 120_000);

  afterAll(async () => {
    created?.worker.shutdown();
    await running;
    await created?.connection.close();
    await h?.close();
  });

  it('logging steps reaches the goal: one achievement notification, however often the day is re-sent', async () => {
    const member = await h.as('member');
    const goal = await member.goals.create({
      title: 'Ten thousand',
      definition: { kind: 'steps_per_day', target: 10_000, timeZone: zone, startDate: today },
    });
    const handle = (await services.temporal()).workflow.getHandle(goalWorkflowId(goal.id));

    await member.training.steps.upsert({ date: today, steps: 6000 });
    const live = await eventually(
      () => handle.query<GoalProgress>(goalQueries.progress),
      (p) => p.value === 6000,
    );
    expect(live).toMatchObject({ value: 6000, achieved: false, goalId: goal.id });
    expect(await member.goals.progress({ goalId: goal.id })).toMatchObject({ value: 6000 });

    await member.training.steps.upsertMany({ days: [{ date: today, steps: 10_500 }] });
    const notices = await eventually(
      () => goalNotices(member),
      (n) => n.length > 0,
    );
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      kind: 'goal.achieved',
      title: 'Goal achieved: Ten thousand',
    });
    expect(notices[0]!.body).toContain('10500 (target 10000)');

    await member.training.steps.upsert({ date: today, steps: 10_500 });
    await member.training.steps.upsert({ date: today, steps: 11_000 });
    expect(
      await eventually(
        () => handle.query<GoalProgress>(goalQueries.progress),
        (p) => p.value === 11_000,
      ),
    ).toMatchObject({ achieved: true, streak: 1 });
    expect(await goalNotices(member)).toHaveLength(1);

    // Another tenant's steps never reach this member's goal.
    await (await h.as('member2')).training.steps.upsert({ date: today, steps: 150_000 });
    expect((await member.goals.progress({ goalId: goal.id })).value).toBe(11_000);

    await member.goals.cancel({ goalId: goal.id });
    await expect(handle.result()).resolves.toMatchObject({ active: false });
  });

  it('an org goal counts its members’ logged activity and tells its org admin once three are behind it', async () => {
    const orgadmin = await h.as('orgadmin');
    const alder = (await findOrganisationBySlug(h.db, 'alder'))!.id;
    // Sessions an hour or two ago: about 10 and 11 o'clock today in the goal's zone.
    const earlier = new Date(Date.now() - 2 * 3_600_000);
    const goal = await orgadmin.goals.createForOrg({
      orgId: alder,
      title: 'Alder sessions',
      definition: {
        kind: 'sessions_per_week',
        target: 2,
        timeZone: zone,
        startDate: today,
      },
    });
    const member = await h.as('member');
    await member.training.sessions.create({
      startedAt: earlier,
      type: 'run',
      durationMin: 30,
      rpe: 5,
    });
    const second = await orgadmin.training.sessions.create({
      startedAt: new Date(Date.now() - 3_600_000),
      type: 'ride',
      durationMin: 45,
      rpe: 6,
    });
    const handle = (await services.temporal()).workflow.getHandle(goalWorkflowId(goal.id));
    // Two sessions by two members reach the target: the tracker reads who is
    // behind the week from the rows, and tells nobody about two people.
    const looked = await eventually(
      () => trackerActivities(handle),
      (t) => t.idle && t.completed.includes('orgGoalPeriodGroups'),
    );
    // Nobody was looked up to be told, and nothing was stored.
    expect(looked.completed).not.toContain('goalRecipients');
    expect(await goalNotices(orgadmin)).toEqual([]);

    // A third member's session: the week is announced, with its figure.
    const shopadmin = await h.as('shopadmin');
    await shopadmin.training.sessions.create({
      startedAt: earlier,
      type: 'walk',
      durationMin: 20,
      rpe: 3,
    });
    const notices = await eventually(
      () => goalNotices(orgadmin),
      (n) => n.length > 0,
    );
    expect(notices.map((n) => n.title)).toEqual(['Goal achieved: Alder sessions']);
    expect(notices[0]!.body).toContain('3 (target 2)');
    // Org goals are announced to org admins, not to every member.
    expect((await goalNotices(member)).filter((n) => n.data.goalId === goal.id)).toEqual([]);

    // A deleted session is taken back out of the count.
    await orgadmin.training.sessions.delete({ id: second.id });
    expect(
      await eventually(
        () => handle.query<GoalProgress>(goalQueries.progress),
        (p) => p.value === 2,
      ),
    ).toMatchObject({ value: 2, achieved: true });
    await orgadmin.goals.cancelForOrg({ orgId: alder, goalId: goal.id });
    await expect(handle.result()).resolves.toMatchObject({ active: false });
  });
});
