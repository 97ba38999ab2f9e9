import type { Db } from '@canopy/db';
import { findStripeEvent, markStripeEventProcessed, recordStripeEvent } from '@canopy/db';
import type { StripePaymentEvent } from '@canopy/workflows/shared';
import { checkoutSignals, checkoutWorkflowId } from '@canopy/workflows/shared';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import express from 'express';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type Stripe from 'stripe';
import { sendError } from './error-body.ts';

export interface StripeWebhookDeps {
  db: Db;
  stripe: Stripe;
  /** The endpoint's signing secret (whsec_…). */
  webhookSecret: string;
  temporal: () => Promise<Client>;
  log: Logger;
  now?: () => Date;
}

const paymentEventTypes = new Set<string>([
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
] satisfies StripePaymentEvent['type'][]);

const isPaymentEvent = (type: string): type is StripePaymentEvent['type'] =>
  paymentEventTypes.has(type);

/**
 * POST /stripe (mounted under /webhooks): verifies Stripe's signature on the
 * raw bytes, stores each event once, and hands payment events to the order's
 * checkout saga. Stripe retries anything but a 2xx, so only a failure we can
 * recover from by retrying answers 5xx.
 */
export function createStripeWebhookRouter(deps: StripeWebhookDeps) {
  const now = deps.now ?? (() => new Date());
  const webhooks = express.Router();

  async function handOver(event: Stripe.Event, log: Logger) {
    if (!isPaymentEvent(event.type)) return;
    const intent = event.data.object as Stripe.PaymentIntent;
    const orderId = intent.metadata?.orderId;
    if (!orderId) {
      log.warn({ eventId: event.id, paymentIntentId: intent.id }, 'PaymentIntent has no orderId');
      return;
    }
    const message: StripePaymentEvent = {
      eventId: event.id,
      type: event.type,
      paymentIntentId: intent.id,
    };
    const client = await deps.temporal();
    try {
      await client.workflow
        .getHandle(checkoutWorkflowId(orderId))
        .signal(checkoutSignals.paymentEvent, message);
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      // Nothing waits for this payment (the order is unknown or its saga
      // ended); retrying would not change that.
      log.warn({ eventId: event.id, orderId }, 'no checkout workflow for this payment event');
    }
  }

  webhooks.post(
    '/stripe',
    express.raw({ type: 'application/json', limit: '1mb' }),
    async (req: Request, res: Response) => {
      const log = (req as Request & { log?: Logger }).log ?? deps.log;
      const signature = req.headers['stripe-signature'];
      if (typeof signature !== 'string' || signature === '') {
        sendError(req, res, 400, 'BAD_REQUEST', 'missing Stripe-Signature header');
        return;
      }
      if (!Buffer.isBuffer(req.body)) {
        sendError(req, res, 400, 'BAD_REQUEST', 'expected a JSON body (application/json)');
        return;
      }
      let event: Stripe.Event;
      try {
        event = deps.stripe.webhooks.constructEvent(req.body, signature, deps.webhookSecret);
      } catch (error) {
        sendError(
          req,
          res,
          400,
          'BAD_REQUEST',
          `bad Stripe-Signature: ${error instanceof Error ? error.message : 'could not verify'}`,
        );
        return;
      }

      try {
        const fresh = await recordStripeEvent(deps.db, {
          id: event.id,
          type: event.type,
          payload: event as unknown as Record<string, unknown>,
        });
        if (!fresh) {
          // A replay, or Stripe retrying: finish only what an earlier delivery left undone.
          const stored = await findStripeEvent(deps.db, event.id);
          if (stored?.processed_at) {
            res.json({ received: true, duplicate: true });
            return;
          }
        }
        await handOver(event, log);
        await markStripeEventProcessed(deps.db, event.id, now());
        res.json({ received: true });
      } catch (error) {
        log.error({ err: error, eventId: event.id }, 'could not process a Stripe event');
        sendError(
          req,
          res,
          500,
          'INTERNAL_SERVER_ERROR',
          'could not process the event; retry later',
        );
      }
    },
  );
  return webhooks;
}
