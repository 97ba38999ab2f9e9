import { ActivityFailure, ApplicationFailure, CancellationScope } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import type { IngestProgress, IngestRowError } from '../ingest-shared.ts';

/** What went wrong, in words the member can read on the import. */
export function failureMessage(error: unknown): string {
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) {
    return error.cause.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Records a failed import on its row, whatever cancelled or broke the workflow. */
export async function failImport(
  steps: Pick<Activities, 'finishImport'>,
  progress: IngestProgress,
  errors: IngestRowError[],
  error: unknown,
): Promise<void> {
  progress.state = 'failed';
  progress.failureReason = failureMessage(error);
  const reported =
    errors.length > 0 ? errors : [{ line: 0, field: null, message: progress.failureReason }];
  await CancellationScope.nonCancellable(() =>
    steps.finishImport({
      importId: progress.importId,
      status: 'failed',
      totalRows: progress.totalRows,
      okRows: progress.okRows,
      errorRows: progress.errorRows,
      errors: reported,
    }),
  );
}
