// Histories recorded from real refund runs (RECORD_REFUND_HISTORIES=1 with
// refund.test.ts) must replay with today's workflow code: a change that would
// break refunds in flight fails here, not in production.
import { readdirSync, readFileSync } from 'node:fs';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { workflowsPath } from '../src/worker.ts';

const dir = new URL('./histories/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.startsWith('refund-') && f.endsWith('.json'));

describe('refund determinism', () => {
  it('has recorded histories to replay', () => {
    expect(files.sort()).toEqual([
      'refund-full.json',
      'refund-partial.json',
      'refund-repeated.json',
      'refund-unpaid.json',
    ]);
  });

  it('replays every recorded refund history with the current code', async () => {
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
