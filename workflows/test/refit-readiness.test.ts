// The readiness refit on the real Temporal dev server and Postgres: the fit a
// workflow stores is the model the member's data gives.
import { randomBytes, randomUUID } from 'node:crypto';
import { createMigratedTestDb } from '@canopy/db/testing';
import { localDate } from '@canopy/domain';
import { stackEnv, temporalTestClient } from '@canopy/devstack/testing';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../src/activities/index.ts';
import { fitReadinessFor, readinessData } from '../src/readiness-fit.ts';
import { readinessWorkflowId, readinessWorkflowType } from '../src/shared.ts';
import { createWorker, workflowsPath } from '../src/worker.ts';
import { insertReadinessHistory } from './readiness-fixtures.ts';
import { recordHistories } from './replay.ts';

const taskQueue = `test-readiness-${randomUUID()}`;
let testDb: Awaited<ReturnType<typeof createMigratedTestDb>>;
let client: Client;
let worker: Worker;
let workerConnection: NativeConnection;
let running: Promise<void>;
const recorded = new Map<string, WorkflowHandle>();

beforeAll(async () => {
  const env = stackEnv();
  testDb = await createMigratedTestDb();
  const created = await createWorker({
    temporal: { address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE },
    taskQueue,
    deps: { db: testDb.db },
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
  await testDb?.destroy();
});

const newMember = () => `member-${randomBytes(4).toString('hex')}`;
const storedModel = (userId: string) =>
  testDb.db
    .selectFrom('readiness_models')
    .select(['fitted_for', 'fingerprint', 'model'])
    .where('user_id', '=', userId)
    .executeTakeFirst();

async function refit(userId: string) {
  const handle = await client.workflow.start(readinessWorkflowType, {
    taskQueue,
    workflowId: readinessWorkflowId(userId),
    args: [{ userId }],
  });
  return { handle, result: await handle.result() };
}

describe('readiness refit', () => {
  it('stores the model the member’s data gives, for today', async () => {
    const userId = newMember();
    const today = localDate(new Date(), 'UTC');
    await insertReadinessHistory(testDb.db, userId, today, 40);

    const { handle, result } = await refit(userId);
    recorded.set('ok', handle);
    expect(result).toEqual({ status: 'ok', fittedFor: today, trainedOn: 40 });
    const stored = await storedModel(userId);
    expect(stored?.fitted_for).toBe(today);
    const expected = fitReadinessFor(today, await readinessData(testDb.db, userId, today));
    expect(stored?.model).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it('drops a stored model once the data no longer supports one', async () => {
    const userId = newMember();
    const today = localDate(new Date(), 'UTC');
    await insertReadinessHistory(testDb.db, userId, today, 30);
    expect((await refit(userId)).result).toMatchObject({ status: 'ok', trainedOn: 30 });
    // Check-ins removed: 20 are left, fewer than the 28 a fit needs.
    await testDb.db
      .deleteFrom('wellness_days')
      .where('user_id', '=', userId)
      .where('day', 'in', (await recentDays(userId)).slice(0, 10))
      .execute();
    const { handle, result } = await refit(userId);
    recorded.set('insufficient', handle);
    expect(result).toMatchObject({ status: 'insufficient_data', have: 20, need: 28 });
    expect(await storedModel(userId)).toBeUndefined();
  });

  it('is refitted by the analyse step of a training import', async () => {
    const userId = newMember();
    const today = localDate(new Date(), 'UTC');
    await insertReadinessHistory(testDb.db, userId, today, 35);
    expect(await storedModel(userId)).toBeUndefined();
    const analysed = await createActivities({ db: testDb.db }).analyseTraining({
      userId,
      importId: randomUUID(),
      dates: [today],
    });
    expect(analysed.readiness).toEqual({ status: 'ok', fittedFor: today, trainedOn: 35 });
    expect((await storedModel(userId))?.fitted_for).toBe(today);
  });

  it('replays every history recorded above with the current code', async () => {
    expect([...recorded.keys()].sort()).toEqual(['insufficient', 'ok']);
    const histories = await Promise.all(
      [...recorded].map(async ([name, handle]) => ({
        name,
        workflowId: handle.workflowId,
        history: await handle.fetchHistory(),
      })),
    );
    for await (const result of Worker.runReplayHistories({ workflowsPath }, histories)) {
      expect(result.error).toBeUndefined();
    }
    // `RECORD_READINESS_HISTORIES=1` refreshes what refit-readiness-replay.test.ts replays.
    if (process.env.RECORD_READINESS_HISTORIES === '1') {
      recordHistories('readiness-', histories);
    }
  }, 60_000);
});

async function recentDays(userId: string) {
  const rows = await testDb.db
    .selectFrom('wellness_days')
    .select(['day'])
    .where('user_id', '=', userId)
    .orderBy('day')
    .execute();
  return rows.map((r) => r.day);
}
