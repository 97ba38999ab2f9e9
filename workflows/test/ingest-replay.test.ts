// Histories recorded from real import runs (RECORD_INGEST_HISTORIES=1 with
// carbon-csv-import.test.ts and training-file-import.test.ts) must replay with
// today's workflow code: a change that would break imports in flight fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { workflowsPath } from '../src/worker.ts';

const dir = new URL('./histories/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.startsWith('ingest-') && f.endsWith('.json'));

describe('import determinism', () => {
  it('has recorded histories to replay', () => {
    expect(files.sort()).toEqual([
      'ingest-carbon-bad-header.json',
      'ingest-carbon-mixed.json',
      'ingest-training-csv-errors.json',
      'ingest-training-gpx-rpe-prompt.json',
    ]);
  });

  it('replays every recorded import history with the current code', async () => {
    const histories = files.map((file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as unknown,
    }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowsPath }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
    }
    expect(failures).toEqual([]);
  }, 60_000);
});
