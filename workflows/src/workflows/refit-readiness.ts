import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';

const steps = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 10 },
});

/**
 * Refits one member's readiness model after they logged a session or a
 * wellness check-in (workflow id `readiness-<userId>`; a newer request
 * replaces one still running). Imports refit in their own analyse step.
 */
export async function refitReadiness(input: { userId: string }) {
  return steps.refitReadiness(input);
}
