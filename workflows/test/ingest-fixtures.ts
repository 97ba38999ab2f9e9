// Shared set-up for the import tests: a worker on a queue of its own with the
// real database and MinIO, files uploaded the way the browser does (straight
// into the imports bucket), and the imports row the API would have made.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Db, ImportKind } from '@canopy/db';
import { createImport } from '@canopy/db';
import { createMigratedTestDb } from '@canopy/db/testing';
import { minioTestClient, stackEnv, temporalTestClient } from '@canopy/devstack/testing';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import type { IngestInput, IngestProgress } from '../src/shared.ts';
import { ingestWorkflowId, ingestWorkflowTypes } from '../src/shared.ts';
import { createWorker } from '../src/worker.ts';

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

export function startIngest(
  stack: IngestStack,
  kind: ImportKind,
  input: IngestInput,
): Promise<WorkflowHandle> {
  return stack.client.workflow.start(ingestWorkflowTypes[kind], {
    // A re-run of the same import in one test needs an id of its own.
    workflowId: `${ingestWorkflowId(input.importId)}-${randomBytes(3).toString('hex')}`,
    taskQueue: stack.taskQueue,
    args: [input],
  });
}

export async function runIngest(
  stack: IngestStack,
  kind: ImportKind,
  input: IngestInput,
): Promise<IngestProgress> {
  const handle = await startIngest(stack, kind, input);
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
