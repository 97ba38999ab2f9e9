// Histories recorded from real import runs (RECORD_INGEST_HISTORIES=1 with
// carbon-csv-import.test.ts and training-file-import.test.ts) must replay with
// today's workflow code: a change that would break imports in flight fails here.
import { describeReplay } from './replay.ts';

describeReplay('import', 'ingest-', [
  'ingest-carbon-bad-header.json',
  'ingest-carbon-mixed.json',
  'ingest-training-csv-errors.json',
  'ingest-training-gpx-rpe-prompt.json',
]);
