import type { Client as TemporalClient } from '@temporalio/client';
import type Stripe from 'stripe';

/**
 * Outside services the routers call. Each is created lazily by the server so
 * a request that does not need Temporal never waits for it.
 */
export interface Services {
  temporal: () => Promise<TemporalClient>;
  stripe: () => Stripe;
  /**
   * Task queues the API starts workflows on. Production uses the shared
   * names; tests use their own so no other worker picks their workflows up.
   */
  taskQueues: TaskQueues;
}

export type TaskQueues = Record<'goals' | 'ingest' | 'payments', string> & {
  /** Reports and image processing; the shared queue when not given. */
  notify?: string;
};
