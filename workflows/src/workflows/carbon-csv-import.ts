import { ApplicationFailure, defineQuery, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { ingestQueries, MAX_REPORTED_ROW_ERRORS } from '../ingest-shared.ts';
import type { IngestInput, IngestProgress, IngestRowError } from '../ingest-shared.ts';
import { failImport } from './ingest-common.ts';

const DEFAULT_CHUNK_ROWS = 2000;
/** A chunk is stored in one statement: this keeps that statement a few MB at most. */
const MAX_CHUNK_ROWS = 10_000;
/** Chunks in flight at once: enough to keep Postgres busy, few enough not to starve other imports. */
const PARALLEL_CHUNKS = 4;

const steps = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 10 },
});

const chunks = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  // Short enough that a chunk whose worker died is retried soon; a chunk heartbeats every few seconds.
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 10 },
});

export const progressQuery = defineQuery<IngestProgress>(ingestQueries.progress);

/**
 * A carbon CSV import (workflow id `ingest-<importId>`): plan the file in
 * chunks of whole records, then validate, estimate and store each chunk in one
 * activity, a few at a time, so a 100,000-row file makes a short history. A bad
 * row is reported with its line and column and never stops the good ones.
 */
export async function carbonCsvImport(input: IngestInput): Promise<IngestProgress> {
  const { importId } = input;
  const progress: IngestProgress = {
    importId,
    state: 'starting',
    totalRows: 0,
    doneRows: 0,
    okRows: 0,
    storedRows: 0,
    errorRows: 0,
    failureReason: null,
  };
  setHandler(progressQuery, () => progress);
  const errors: IngestRowError[] = [];

  try {
    const begun = await steps.beginImport({ importId, kind: 'carbon_csv' });
    progress.state = 'validating';
    const plan = await chunks.planCarbonCsv({
      objectKey: begun.objectKey,
      chunkRows: Math.min(MAX_CHUNK_ROWS, Math.max(1, input.chunkRows ?? DEFAULT_CHUNK_ROWS)),
    });
    if (!plan.ok) {
      progress.errorRows = 1;
      errors.push(plan.error);
      throw ApplicationFailure.nonRetryable(plan.error.message, 'BadImportFile');
    }
    progress.totalRows = plan.totalRows;
    progress.state = 'storing';

    let next = 0;
    const lane = async () => {
      while (next < plan.chunks.length) {
        const chunk = plan.chunks[next++]!;
        const outcome = await chunks.importCarbonChunk({
          importId,
          userId: begun.userId,
          orgId: begun.orgId,
          objectKey: begun.objectKey,
          columns: plan.columns,
          chunk,
        });
        progress.doneRows += outcome.rows;
        progress.okRows += outcome.okRows;
        progress.storedRows += outcome.storedRows;
        progress.errorRows += outcome.errorRows;
        errors.push(...outcome.errors.slice(0, MAX_REPORTED_ROW_ERRORS - errors.length));
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_CHUNKS }, lane));
    // The planner's count cannot see records a stray quote merged; the parser's can.
    progress.totalRows = progress.doneRows;
    errors.sort((a, b) => a.line - b.line);

    await steps.finishImport({
      importId,
      status: 'completed',
      totalRows: progress.totalRows,
      okRows: progress.okRows,
      errorRows: progress.errorRows,
      errors,
    });
    progress.state = 'completed';
    return progress;
  } catch (error) {
    await failImport(steps, progress, errors, error);
    throw error;
  }
}
