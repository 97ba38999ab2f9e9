// Shared set-up for the import tests: a worker on a queue of its own with the
// real database and MinIO, files uploaded the way the browser does (straight
// into the imports bucket), and the imports row the API would have made.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Db, ImportKind } from '@canopy/db';
import { createImport } from '@canopy/db';
import { createMigratedTestDb } from '@canopy/db/testing';
import { minioTestClient, stackEnv, temporalTestClient } from '@canopy/devstack/testing';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { Worker } from '@temporalio/worker';
import type { IngestInput, IngestProgress } from '../src/shared.ts';
import { ingestWorkflowId, ingestWorkflowTypes } from '../src/shared.ts';
import { createWorker, workflowsPath } from '../src/worker.ts';
import { recordHistories } from './replay.ts';

export const IMPORTS_BUCKET = 'imports';

export interface IngestStack {
  db: Db;
  client: Client;
  taskQueue: string;
  close(): Promise<void>;
}

export async function startIngestStack(name: string): Promise<IngestStack> {
  const env = stackEnv();
  const testDb = await createMigratedTestDb();
  const taskQueue = `test-${name}-${randomUUID()}`;
  const created = await createWorker({
    temporal: { address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE },
    taskQueue,
    deps: { db: testDb.db, objectStore: minioTestClient(), importsBucket: IMPORTS_BUCKET },
  });
  const worker: Worker = created.worker;
  const connection: NativeConnection = created.connection;
  const running = worker.run();
  const client = await temporalTestClient();
  return {
    db: testDb.db,
    client,
    taskQueue,
    async close() {
      worker.shutdown();
      await running;
      await connection.close();
      await client.connection.close();
      await testDb.destroy();
    },
  };
}

export const newMember = () => `member-${randomBytes(5).toString('hex')}`;

/** Uploads `body` as the member's file and records the import, as the API's upload URL does. */
export async function uploadImport(
  db: Db,
  userId: string,
  kind: ImportKind,
  fileName: string,
  body: string | Buffer,
): Promise<string> {
  const importId = randomUUID();
  const ext = fileName.slice(fileName.lastIndexOf('.') + 1);
  const objectKey = `${userId}/${importId}.${ext}`;
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  await minioTestClient().putObject(IMPORTS_BUCKET, objectKey, bytes, bytes.length);
  await createImport(db, { id: importId, userId, kind, fileName, objectKey });
  return importId;
}

/** Runs of this test file kept for the replay check, by name. */
export const recorded = new Map<string, WorkflowHandle>();

export async function startIngest(
  stack: IngestStack,
  kind: ImportKind,
  input: IngestInput,
  record?: string,
): Promise<WorkflowHandle> {
  const handle = await stack.client.workflow.start(ingestWorkflowTypes[kind], {
    // A re-run of the same import in one test needs an id of its own.
    workflowId: `${ingestWorkflowId(input.importId)}-${randomBytes(3).toString('hex')}`,
    taskQueue: stack.taskQueue,
    args: [input],
  });
  if (record) recorded.set(record, handle);
  return handle;
}

export async function runIngest(
  stack: IngestStack,
  kind: ImportKind,
  input: IngestInput,
  record?: string,
): Promise<IngestProgress> {
  const handle = await startIngest(stack, kind, input, record);
  return (await handle.result()) as IngestProgress;
}

export function importRow(db: Db, importId: string) {
  return db
    .selectFrom('imports')
    .select(['status', 'total_rows', 'ok_rows', 'error_rows', 'errors'])
    .where('id', '=', importId)
    .executeTakeFirstOrThrow();
}

export async function countRows(
  db: Db,
  table: 'carbon_activities' | 'training_sessions' | 'notifications',
  userId: string,
): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Replays the recorded runs with the current workflow code; with
 * `RECORD_INGEST_HISTORIES=1` also writes them to test/histories, which
 * ingest-replay.test.ts replays on every run so a change that would break
 * imports in flight fails CI.
 */
export async function replayRecorded(): Promise<string[]> {
  const histories = await Promise.all(
    [...recorded].map(async ([name, handle]) => ({
      name,
      workflowId: handle.workflowId,
      history: await handle.fetchHistory(),
    })),
  );
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories({ workflowsPath }, histories)) {
    if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
  }
  if (process.env.RECORD_INGEST_HISTORIES === '1') {
    recordHistories('ingest-', histories);
  }
  return failures;
}
