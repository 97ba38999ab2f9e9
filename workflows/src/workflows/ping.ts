import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import type { PingInput, PingResult } from '../shared.ts';

const { describeWorker } = proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3 },
});

/** The smallest end-to-end proof that the engine, a worker and an activity talk. */
export async function ping(input: PingInput): Promise<PingResult> {
  const workerIdentity = await describeWorker();
  return { reply: `pong to ${input.from}`, workerIdentity };
}
