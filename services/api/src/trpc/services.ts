import type { Client as TemporalClient } from '@temporalio/client';
import type Stripe from 'stripe';

/**
 * Outside services the routers call. Each is created lazily by the server so
 * a request that does not need Temporal never waits for it.
 */
export interface Services {
  temporal: () => Promise<TemporalClient>;
  stripe: () => Stripe;
}
