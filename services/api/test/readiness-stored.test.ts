// Readiness predictions read the model the refit workflow stored after the
// member's last change, and fit on request when the data moved on since.
import { demoUsers } from '@canopy/db';
import { addDays, localDate } from '@canopy/domain';
import { readinessWorkflowId } from '@canopy/workflows/shared';
import { createWorker } from '@canopy/workflows/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller, Harness } from './harness.ts';
import { createHarness, env, services } from './harness.ts';

type Worker = Awaited<ReturnType<typeof createWorker>>;

describe('readiness with a stored fit', () => {
  let h: Harness;
  let worker: Worker;
  let running: Promise<void>;
  let member: Caller;
  const userId = demoUsers.member2.id;
  const today = localDate(new Date(), 'UTC');

  async function refitted() {
    return (await services.temporal()).workflow.getHandle(readinessWorkflowId(userId)).result();
  }

  beforeAll(async () => {
    h = await createHarness();
    worker = await createWorker({
      temporal: { address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE },
      taskQueue: services.taskQueues.ingest,
      deps: { db: h.db },
    });
    running = worker.worker.run();
    member = await h.as('member2');
    // 35 days of check-ins, readiness falling with fatigue, inserted as a sync would.
    await h.db
      .insertInto('wellness_days')
      .values(
        Array.from({ length: 35 }, (_, k) => {
          const i = k + 2;
          const fatigue = 1 + ((i * 7) % 10);
          const sleep = 5 + ((i * 3) % 5);
          return {
            user_id: userId,
            day: addDays(today, -i),
            fatigue,
            sleep_hours: sleep,
            mood: 1 + ((i * 5) % 10),
            readiness: Math.max(
              1,
              Math.min(10, Math.round(11 - fatigue * 0.6 + (sleep - 7) * 0.8)),
            ),
          };
        }),
      )
      .execute();
  }, 120_000);

  afterAll(async () => {
    worker?.worker.shutdown();
    await running;
    await worker?.connection.close();
    await h?.close();
  });

  it('logging a check-in refits and stores the model; predictions then read it', async () => {
    const before = await member.training.readiness({});
    expect(before).toMatchObject({ status: 'ok', date: today });

    await member.training.wellness.upsert({ date: addDays(today, -1), fatigue: 3, readiness: 8 });
    expect(await refitted()).toEqual({ status: 'ok', fittedFor: today, trainedOn: 36 });
    const stored = await h.db
      .selectFrom('readiness_models')
      .select(['fitted_for', 'model'])
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    expect(stored.fitted_for).toBe(today);
    const fresh = await member.training.readiness({});
    expect(fresh).toMatchObject({ status: 'ok', model: { trainedOn: 36 } });

    // Proof the stored fit is what answers: pin its range, and the prediction follows.
    await h.db
      .updateTable('readiness_models')
      .set({ model: { ...stored.model, range: { min: 2, max: 2 } } })
      .where('user_id', '=', userId)
      .execute();
    expect(await member.training.readiness({})).toMatchObject({ status: 'ok', predicted: 2 });

    // A change the refit has not seen yet: the stale fit is ignored, the answer fitted here.
    await h.db
      .insertInto('wellness_days')
      .values({ user_id: userId, day: addDays(today, -60), fatigue: 5, readiness: 5 })
      .execute();
    const refitHere = await member.training.readiness({});
    expect(refitHere).toMatchObject({ status: 'ok', model: { trainedOn: 37 } });
    expect(refitHere.status === 'ok' && refitHere.predicted).not.toBe(2);

    // Another day asked for: never the stored fit, which saw only days before today.
    const yesterday = await member.training.readiness({ date: addDays(today, -1) });
    expect(yesterday).toMatchObject({ status: 'ok', model: { trainedOn: 36 } });
  });
});
