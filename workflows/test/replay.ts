// Shared body of the *-replay tests: the recorded histories of one workflow
// (files `histories/<prefix>*.json`) must all replay with today's code.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
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

/** The checkout's root, so recorded stack traces name files relative to it. */
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Writes histories for the *-replay tests (`histories/<prefix><name>.json`),
 * with this machine's checkout path taken out of any recorded stack trace.
 */
export function recordHistories(prefix: string, histories: { name: string; history: unknown }[]) {
  mkdirSync(dir, { recursive: true });
  for (const { name, history } of histories) {
    const json = historyToJSON(history as Parameters<typeof historyToJSON>[0]);
    writeFileSync(new URL(`${prefix}${name}.json`, dir), json.replaceAll(repoRoot, '') + '\n');
  }
}
