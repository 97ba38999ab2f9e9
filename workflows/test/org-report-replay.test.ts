// Histories recorded from real monthly report runs (RECORD_REPORT_HISTORIES=1 with
// org-report.test.ts) must replay with today's workflow code: a change that would
// break reports in flight fails here, not in production.
import { readdirSync, readFileSync } from 'node:fs';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { workflowsPath } from '../src/worker.ts';

const dir = new URL('./histories/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.startsWith('org-report-') && f.endsWith('.json'));

describe('monthly report determinism', () => {
  it('has recorded histories to replay', () => {
    expect(files.sort()).toEqual([
      'org-report-month.json',
      'org-report-rerun.json',
      'org-report-scheduled.json',
      'org-report-withheld.json',
    ]);
  });

  it('replays every recorded report history with the current code', async () => {
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
