import {
  ApplicationFailure,
  defineQuery,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { goalSignals, goalWorkflowId } from '../goal-contract.ts';
import { ingestQueries } from '../ingest-shared.ts';
import type { IngestInput, IngestProgress, IngestRowError } from '../ingest-shared.ts';
import { failImport } from './ingest-common.ts';

const DEFAULT_RPE_PROMPT_DELAY_SECONDS = 30 * 60;

const steps = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 10 },
});

/** Analysis and prompts come after the import is recorded: a failure there must not undo it. */
const followUp = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 10 },
});

export const trainingProgressQuery = defineQuery<IngestProgress>(ingestQueries.progress);

/**
 * A training file import (workflow id `ingest-<importId>`): GPX, TCX, FIT or
 * CSV → validate (plausibility, duplicates, overlaps) → store → analyse the
 * load series and notify new flags, tell the member's session goals → after a while, ask for the RPE of each
 * imported session that has none.
 */
export async function trainingFileImport(input: IngestInput): Promise<IngestProgress> {
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
  setHandler(trainingProgressQuery, () => progress);
  let errors: IngestRowError[] = [];

  let outcome;
  let userId: string;
  try {
    const begun = await steps.beginImport({ importId, kind: 'training_file' });
    userId = begun.userId;
    progress.state = 'validating';
    outcome = await steps.storeTrainingFile({ importId, begun });
    errors = outcome.errors;
    if (outcome.unreadable) {
      // Nothing in the file could be read as a session: the import failed, not "0 of 0 stored".
      throw ApplicationFailure.nonRetryable(
        errors[0]?.message ?? 'the file holds no sessions',
        'BadImportFile',
      );
    }
    Object.assign(progress, {
      totalRows: outcome.totalRows,
      doneRows: outcome.totalRows,
      okRows: outcome.okRows,
      storedRows: outcome.storedRows,
      errorRows: outcome.errorRows,
    });
    await steps.finishImport({
      importId,
      status: 'completed',
      totalRows: outcome.totalRows,
      okRows: outcome.okRows,
      errorRows: outcome.errorRows,
      errors,
    });
  } catch (error) {
    await failImport(steps, progress, errors, error);
    throw error;
  }

  progress.state = 'analysing';
  if (outcome.storedDates.length > 0) {
    await followUp.analyseTraining({ userId, importId, dates: outcome.storedDates });
  }
  if (outcome.goalEvents.length > 0) {
    // Session keys make a repeated signal replace, not add, in the goal's count.
    for (const goalId of await followUp.sessionGoalsOf({ userId })) {
      try {
        await getExternalWorkflowHandle(goalWorkflowId(goalId)).signal(
          goalSignals.activity,
          outcome.goalEvents,
        );
      } catch (error) {
        // A goal without a live tracker counts the stored rows when it next loads.
        log.warn('goal not signalled', { goalId, error: String(error) });
      }
    }
  }
  if (outcome.withoutRpe.length > 0) {
    progress.state = 'awaiting_rpe';
    await sleep((input.rpePromptDelaySeconds ?? DEFAULT_RPE_PROMPT_DELAY_SECONDS) * 1000);
    await followUp.promptForRpe({ userId, sessionIds: outcome.withoutRpe });
  }
  progress.state = 'completed';
  return progress;
}
