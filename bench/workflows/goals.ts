// Goal tracking through the real worker process (workflows/src/worker-main.ts)
// on a task queue of its own, with the real Temporal and Postgres of
// `scripts/stack up`. Prints two figures; asserts nothing:
//  - activity-logged → goal-achieved notification latency (p50/p99): the
//    signal a logged day of steps sends, until the in-app row is stored;
//  - signals per second into 1,000 live goal workflows.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { Db } from '@canopy/db';
import { createDb, createGoal, migrateToLatest, upsertNotificationPreferences } from '@canopy/db';
import type { GoalDefinition } from '@canopy/domain';
import { createTestDatabase, stackEnv, temporalTestClient } from '@canopy/devstack/testing';
import type { KeyedGoalEvent, TrackGoalInput } from '@canopy/workflows/shared';
import {
  goalEvents,
  goalQueries,
  goalSignals,
  goalWorkflowId,
  goalWorkflowType,
} from '@canopy/workflows/shared';

type Client = Awaited<ReturnType<typeof temporalTestClient>>;
type WorkflowHandle = ReturnType<Client['workflow']['getHandle']>;

const LATENCY_SAMPLES = Number(process.env.BENCH_LATENCY_SAMPLES ?? 100);
const LIVE_GOALS = Number(process.env.BENCH_GOALS ?? 1000);
const SIGNALS_PER_GOAL = Number(process.env.BENCH_SIGNALS_PER_GOAL ?? 10);
const CONCURRENCY = 100;
const repoRoot = resolve(import.meta.dirname, '../..');
const today = new Date().toISOString().slice(0, 10);

async function startWorker(databaseUrl: string, taskQueue: string) {
  const child = spawn(process.execPath, [resolve(repoRoot, 'workflows/src/worker-main.ts')], {
    cwd: resolve(repoRoot, 'workflows'),
    env: {
      ...process.env,
      ...stackEnv(),
      DATABASE_URL: databaseUrl,
      WORKER_TASK_QUEUES: taskQueue,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ready, fail) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('polling')) ready();
    });
    child.on('exit', (code) => fail(new Error(`worker exited with ${code}`)));
  });
  return child;
}

/** Runs `task` over `items` with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await task(items[next++]!);
    }),
  );
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** A member (in-app only, so the mail catcher is not flooded) and a started goal. */
async function startGoal(db: Db, client: Client, taskQueue: string, n: number) {
  const userId = `bench-goal-${n}-${randomUUID()}`;
  await upsertNotificationPreferences(db, userId, { email: false });
  const definition: GoalDefinition = {
    kind: 'steps_per_day',
    target: 10_000,
    timeZone: 'UTC',
    startDate: today,
  };
  const row = await createGoal(db, {
    userId,
    orgId: null,
    createdBy: userId,
    title: 'Bench steps',
    kind: definition.kind,
    definition,
    timeZone: 'UTC',
  });
  const input: TrackGoalInput = { goalId: row.id, title: row.title, definition, owner: { userId } };
  const handle = await client.workflow.start(goalWorkflowType, {
    workflowId: goalWorkflowId(row.id),
    taskQueue,
    args: [input],
  });
  return { userId, goalId: row.id, handle };
}

const steps = (userId: string, count: number): KeyedGoalEvent[] => [
  goalEvents.steps({ user_id: userId, day: today, steps: count }),
];

async function waitForNotification(db: Db, userId: string) {
  for (;;) {
    const row = await db
      .selectFrom('notifications')
      .select('created_at')
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (row) return;
    await new Promise((r) => setTimeout(r, 2));
  }
}

const testDb = await createTestDatabase('bench_goals');
const db = createDb(testDb.url, { max: 20 });
await migrateToLatest(db);
const taskQueue = `bench-goals-${randomUUID()}`;
const worker = await startWorker(testDb.url, taskQueue);
const client = await temporalTestClient();
const handles: WorkflowHandle[] = [];

try {
  // Latency, one goal at a time so each measures an idle system.
  const latencies: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const goal = await startGoal(db, client, taskQueue, i);
    handles.push(goal.handle);
    // Ready: its first task has run and it has loaded the stored rows.
    await goal.handle.query(goalQueries.progress);
    const t0 = performance.now();
    await goal.handle.signal(goalSignals.activity, steps(goal.userId, 12_000));
    await waitForNotification(db, goal.userId);
    latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);
  console.log(
    `activity logged → goal-achieved notification stored, ${LATENCY_SAMPLES} goals: p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms`,
  );

  // Throughput into many live goals (below target, so no notifications).
  const t1 = performance.now();
  const live: Awaited<ReturnType<typeof startGoal>>[] = [];
  await pool(
    Array.from({ length: LIVE_GOALS }, (_, i) => i),
    CONCURRENCY,
    async (i) => {
      live.push(await startGoal(db, client, taskQueue, LATENCY_SAMPLES + i));
    },
  );
  handles.push(...live.map((g) => g.handle));
  console.log(
    `started ${LIVE_GOALS} goal workflows in ${((performance.now() - t1) / 1000).toFixed(1)} s`,
  );
  // Each goal's signals in order (the last count is the one that stays), goals in parallel.
  const total = LIVE_GOALS * SIGNALS_PER_GOAL;
  const t2 = performance.now();
  await pool(live, CONCURRENCY, async (g) => {
    for (let k = 1; k <= SIGNALS_PER_GOAL; k++) {
      await g.handle.signal(goalSignals.activity, steps(g.userId, 100 * k));
    }
  });
  const accepted = (performance.now() - t2) / 1000;
  // Processed: every workflow shows its last count.
  // Few queries at a time: each may replay a workflow the worker evicted, and a
  // query that times out under load is simply asked again.
  await pool(live, 10, async (g) => {
    for (;;) {
      const p = await g.handle
        .query<{ value: number }>(goalQueries.progress)
        .catch(() => ({ value: -1 }));
      if (p.value === 100 * SIGNALS_PER_GOAL) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  const processed = (performance.now() - t2) / 1000;
  console.log(
    `${total} signals into ${LIVE_GOALS} live goals: accepted at ${Math.round(total / accepted)} signals/s, all applied at ${Math.round(total / processed)} signals/s`,
  );
} finally {
  await pool(handles, CONCURRENCY, async (h) => {
    await h.signal(goalSignals.cancel).catch(() => {});
  });
  worker.kill('SIGINT');
  await new Promise((done) => worker.once('exit', done));
  await client.connection.close();
  await db.destroy();
  await testDb.drop();
}
