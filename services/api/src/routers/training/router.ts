import { router } from '../../trpc/index.ts';
import { importProcedures } from '../imports/import-procedures.ts';
import { flagsProcedure, loadSeriesProcedure } from './load.ts';
import { readinessProcedure } from './readiness.ts';
import { createSession, deleteSession, listSessions, updateSession } from './sessions.ts';
import { listSteps, upsertManySteps, upsertSteps } from './steps.ts';
import { listWellness, upsertWellness } from './wellness.ts';

/** A long ride's GPX with one-second points runs to a few MB; 25 MB leaves room. */
export const TRAINING_IMPORT_MAX_BYTES = 25 * 1024 * 1024;
const imports = importProcedures('training_file', {
  extensions: ['gpx', 'tcx', 'fit', 'csv'],
  maxBytes: TRAINING_IMPORT_MAX_BYTES,
});

export const trainingRouter = router({
  sessions: router({
    create: createSession,
    update: updateSession,
    delete: deleteSession,
    list: listSessions,
  }),
  wellness: router({
    upsert: upsertWellness,
    list: listWellness,
  }),
  steps: router({
    upsert: upsertSteps,
    upsertMany: upsertManySteps,
    list: listSteps,
  }),
  loadSeries: loadSeriesProcedure,
  flags: flagsProcedure,
  readiness: readinessProcedure,
  importUploadUrl: imports.uploadUrl,
  importStatus: imports.status,
  importStart: imports.start,
});
