import { createHmac, randomUUID } from 'node:crypto';
import { stackEnv } from '@canopy/devstack/testing';

/**
 * Completes a payment the way Stripe would: a `payment_intent.succeeded`
 * event signed with the endpoint secret (Stripe's scheme: HMAC-SHA256 over
 * `${timestamp}.${payload}`, sent as `Stripe-Signature: t=…,v1=…`).
 */
export async function sendPaymentSucceeded(paymentIntentId: string, orderId: string) {
  const env = stackEnv();
  const payload = JSON.stringify({
    id: `evt_${randomUUID().replaceAll('-', '')}`,
    object: 'event',
    type: 'payment_intent.succeeded',
    data: { object: { id: paymentIntentId, object: 'payment_intent', metadata: { orderId } } },
  });
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac('sha256', env.STRIPE_WEBHOOK_SECRET)
    .update(`${t}.${payload}`)
    .digest('hex');
  const response = await fetch(`${env.API_URL}/webhooks/stripe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': `t=${t},v1=${v1}` },
    body: payload,
  });
  if (response.status !== 200) {
    throw new Error(`the API refused the webhook: ${response.status} ${await response.text()}`);
  }
}
