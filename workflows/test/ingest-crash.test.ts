// The worker process dies in the middle of a 40,000-row import; a new worker
// takes over from Temporal's history. Every row ends up stored exactly once.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createMigratedTestDb } from '@canopy/db/testing';
import { minioTestClient, stackEnv, temporalTestClient } from '@canopy/devstack/testing';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestProgress } from '../src/shared.ts';
import { ingestWorkflowTypes } from '../src/shared.ts';
import { createWorker } from '../src/worker.ts';
import {
  countRows,
  IMPORTS_BUCKET,
  importRow,
  newMember,
  uploadImport,
} from './ingest-fixtures.ts';

const workerMain = fileURLToPath(new URL('../src/worker-main.ts', import.meta.url));
const ROWS = 40_000;

let testDb: Awaited<ReturnType<typeof createMigratedTestDb>>;
let client: Client;
let child: ChildProcess | undefined;

beforeAll(async () => {
  testDb = await createMigratedTestDb();
  client = await temporalTestClient();
});

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await client?.connection.close();
  await testDb?.destroy();
});

/** `src/worker-main.ts` as its own process, as production runs it, polling one queue. */
async function spawnWorkerProcess(taskQueue: string) {
  const proc = spawn(process.execPath, [workerMain], {
    env: { ...process.env, ...stackEnv(), DATABASE_URL: testDb.url, WORKER_TASK_QUEUES: taskQueue },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  for (let i = 0; !output.includes(`polling ${taskQueue}`); i++) {
    if (proc.exitCode !== null || i > 600) throw new Error(`worker did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { proc, exited };
}

describe('carbon import across a worker crash', () => {
  it(
    'stores every row once when the worker is killed mid-import',
    { timeout: 180_000 },
    async () => {
      const { db } = testDb;
      const user = newMember();
      const lines = ['date,type,quantity,unit,note'];
      for (let i = 0; i < ROWS; i++)
        lines.push(
          `2026-02-${String(1 + (i % 28)).padStart(2, '0')},taxi,${1 + (i % 50)},km,ride ${i}`,
        );
      const importId = await uploadImport(db, user, 'carbon_csv', 'rides.csv', lines.join('\n'));
      const taskQueue = `test-ingest-crash-${randomUUID()}`;

      const first = await spawnWorkerProcess(taskQueue);
      child = first.proc;
      const handle = await client.workflow.start(ingestWorkflowTypes.carbon_csv, {
        workflowId: `ingest-${importId}`,
        taskQueue,
        args: [{ importId, chunkRows: 1000 }],
      });
      // Kill it once some chunks are stored and most are not.
      for (let i = 0; (await countRows(db, 'carbon_activities', user)) === 0; i++) {
        if (i > 600) throw new Error('the import never started storing');
        await new Promise((r) => setTimeout(r, 50));
      }
      first.proc.kill('SIGKILL');
      expect(await first.exited).toBeNull();
      const atCrash = await countRows(db, 'carbon_activities', user);
      expect(atCrash).toBeLessThan(ROWS);

      const env = stackEnv();
      const replacement = await createWorker({
        temporal: { address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE },
        taskQueue,
        deps: { db, objectStore: minioTestClient(), importsBucket: IMPORTS_BUCKET },
      });
      try {
        const result = (await replacement.worker.runUntil(handle.result())) as IngestProgress;
        expect(result).toMatchObject({
          state: 'completed',
          totalRows: ROWS,
          okRows: ROWS,
          errorRows: 0,
        });
      } finally {
        await replacement.connection.close();
      }
      expect(await countRows(db, 'carbon_activities', user)).toBe(ROWS);
      const distinct = await db
        .selectFrom('carbon_activities')
        .select((eb) => eb.fn.count<string>('note').distinct().as('n'))
        .where('user_id', '=', user)
        .executeTakeFirstOrThrow();
      expect(Number(distinct.n)).toBe(ROWS);
      expect(await importRow(db, importId)).toMatchObject({
        status: 'completed',
        total_rows: ROWS,
        ok_rows: ROWS,
        error_rows: 0,
      });
    },
  );
});
