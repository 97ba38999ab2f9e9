// Rows per second of a 100,000-row carbon CSV import through the real worker
// process (workflows/src/worker-main.ts) on a task queue of its own, with the
// real Temporal, MinIO and Postgres of `scripts/stack up`. A second run of the
// same file shows the cost of finding every row already there. Prints; asserts nothing.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { createDb, createImport, migrateToLatest } from '@canopy/db';
import {
  createTestDatabase,
  minioTestClient,
  stackEnv,
  temporalTestClient,
} from '@canopy/devstack/testing';
import type { IngestProgress } from '@canopy/workflows/shared';
import { ingestWorkflowTypes } from '@canopy/workflows/shared';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const BUCKET = 'imports';
const repoRoot = resolve(import.meta.dirname, '../..');

/** Distinct rows over the activity kinds, a year of dates in order, as a spreadsheet export has them. */
function generateCsv(rows: number): string {
  const lines = ['date,type,quantity,unit,fuel,size,kind,from,to,cabin,country,passengers,note'];
  const airports = ['LHR', 'CDG', 'AMS', 'MAD', 'FRA', 'DUB'];
  for (let i = 0; i < rows; i++) {
    const day = new Date(Date.UTC(2025, 0, 1) + Math.floor((i * 365) / rows) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const q = (1 + (i % 997) / 10).toFixed(1);
    switch (i % 6) {
      case 0:
        lines.push(`${day},electricity,${q},kwh,,,,,,,GB,,meter ${i}`);
        break;
      case 1:
        lines.push(`${day},car,${q},km,petrol,medium,,,,,,1,trip ${i}`);
        break;
      case 2:
        lines.push(`${day},rail,${q},km,,,national,,,,,,trip ${i}`);
        break;
      case 3:
        lines.push(`${day},natural_gas,${q},kwh,,,,,,,,,bill ${i}`);
        break;
      case 4:
        lines.push(`${day},bus,${q},mi,,,local,,,,,,trip ${i}`);
        break;
      default:
        lines.push(
          `${day},flight,,,,,,${airports[i % 6]},${airports[(i + 1) % 6]},economy,,,flight ${i}`,
        );
    }
  }
  return lines.join('\n') + '\n';
}

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

const testDb = await createTestDatabase('bench_import');
const db = createDb(testDb.url, { max: 4 });
await migrateToLatest(db);
const taskQueue = `bench-ingest-${randomUUID()}`;
const worker = await startWorker(testDb.url, taskQueue);
const client = await temporalTestClient();
const minio = minioTestClient();
const userId = `bench-${randomUUID()}`;

try {
  const csv = Buffer.from(generateCsv(ROWS));
  console.log(`generated ${ROWS} rows, ${(csv.length / 1e6).toFixed(1)} MB`);
  for (const pass of ['first import', 'same file again']) {
    const importId = randomUUID();
    const objectKey = `${userId}/${importId}.csv`;
    await minio.putObject(BUCKET, objectKey, csv, csv.length);
    await createImport(db, {
      id: importId,
      userId,
      kind: 'carbon_csv',
      fileName: 'bench.csv',
      objectKey,
    });
    const t0 = performance.now();
    const handle = await client.workflow.start(ingestWorkflowTypes.carbon_csv, {
      workflowId: `ingest-${importId}`,
      taskQueue,
      args: [{ importId }],
    });
    const result = (await handle.result()) as IngestProgress;
    const seconds = (performance.now() - t0) / 1000;
    console.log(
      `${pass}: ${result.totalRows} rows (${result.storedRows} stored, ${result.errorRows} errors) in ${seconds.toFixed(2)} s = ${Math.round(result.totalRows / seconds)} rows/s`,
    );
    await minio.removeObject(BUCKET, objectKey);
  }
} finally {
  worker.kill('SIGINT');
  await new Promise((done) => worker.once('exit', done));
  await client.connection.close();
  await db.destroy();
  await testDb.drop();
}
