// Shared body of the *-replay tests: the recorded histories of one workflow
// (files `histories/<prefix>*.json`) must all replay with today's code.
import { readdirSync, readFileSync } from 'node:fs';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { workflowsPath } from '../src/worker.ts';

const dir = new URL('./histories/', import.meta.url);

export function describeReplay(what: string, prefix: string, expected: string[]) {
  const files = readdirSync(dir).filter((f) => f.startsWith(prefix) && f.endsWith('.json'));

  describe(`${what} determinism`, () => {
    it('has recorded histories to replay', () => {
      expect(files.sort()).toEqual([...expected].sort());
    });

    it(`replays every recorded ${what} history with the current code`, async () => {
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
}
