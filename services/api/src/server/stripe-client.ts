import Stripe from 'stripe';
import type { ApiEnv } from '../env.ts';

/** A Stripe client; STRIPE_API_URL points it at stripe-mock in development and tests. */
export function stripeClient(env: Pick<ApiEnv, 'STRIPE_SECRET_KEY' | 'STRIPE_API_URL'>): Stripe {
  if (!env.STRIPE_API_URL) return new Stripe(env.STRIPE_SECRET_KEY, { maxNetworkRetries: 2 });
  const url = new URL(env.STRIPE_API_URL);
  return new Stripe(env.STRIPE_SECRET_KEY, {
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
    protocol: url.protocol === 'https:' ? 'https' : 'http',
    maxNetworkRetries: 2,
  });
}
