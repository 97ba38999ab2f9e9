import type { Db } from '@canopy/db';
import { deleteReadinessModel, findUserProfile, upsertReadinessModel } from '@canopy/db';
import { localDate } from '@canopy/domain';
import { ApplicationFailure } from '@temporalio/activity';
import { fitReadinessFor, readinessData, readinessDataFingerprint } from '../readiness-fit.ts';

export type RefitOutcome =
  | { status: 'ok'; fittedFor: string; trainedOn: number }
  | { status: 'insufficient_data'; fittedFor: string; have: number; need: number };

/**
 * Refits the member's readiness model for today where they live and stores
 * it with the fingerprint of the data it saw; with too little data any
 * stored model is dropped, so nobody predicts from a fit the data no longer gives.
 */
export async function refitMemberReadiness(
  db: Db,
  userId: string,
  now: Date,
): Promise<RefitOutcome> {
  const timeZone = (await findUserProfile(db, userId))?.time_zone ?? 'UTC';
  const date = localDate(now, timeZone);
  // Fingerprint first: a change landing during the fit makes the stored one stale, never wrong.
  const fingerprint = await readinessDataFingerprint(db, userId, date);
  const model = fitReadinessFor(date, await readinessData(db, userId, date));
  if (model.status !== 'ok') {
    await deleteReadinessModel(db, userId);
    return { status: model.status, fittedFor: date, have: model.have, need: model.need };
  }
  await upsertReadinessModel(db, { userId, fittedFor: date, fingerprint, model });
  return { status: 'ok', fittedFor: date, trainedOn: model.trainedOn };
}

export function createReadinessActivities(deps: { db?: Db }) {
  return {
    async refitReadiness(input: { userId: string }): Promise<RefitOutcome> {
      if (!deps.db) {
        throw ApplicationFailure.nonRetryable(
          'the worker was started without db',
          'WorkerMisconfigured',
        );
      }
      return refitMemberReadiness(deps.db, input.userId, new Date());
    },
  };
}
