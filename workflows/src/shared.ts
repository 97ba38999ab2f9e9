// Names and types shared by workflows, activities, the worker and callers
// (the API starts, signals and queries workflows through these).

/** One task queue per concern, so each can be scaled on its own. */
export const taskQueues = {
  /** Housekeeping and connectivity checks. */
  system: 'canopy-system',
  /** Checkout sagas and refunds. */
  payments: 'canopy-payments',
  /** Goal tracking. */
  goals: 'canopy-goals',
  /** File imports and analysis. */
  ingest: 'canopy-ingest',
  /** Notifications, reports, image processing. */
  notify: 'canopy-notify',
} as const;

export interface PingInput {
  /** Who is asking; echoed back to prove the round trip. */
  from: string;
}

export interface PingResult {
  reply: string;
  /** Set by the activity, so a reply proves a worker ran real activity code. */
  workerIdentity: string;
}

// ---- Checkout saga -------------------------------------------------------

/** Workflow id of an order's checkout: one saga per order, whatever retries happen. */
export const checkoutWorkflowId = (orderId: string) => `checkout-${orderId}`;
export const checkoutWorkflowType = 'checkout';

export interface CheckoutInput {
  orderId: string;
  /** How long to wait for Stripe's webhook before cancelling, in seconds. */
  paymentDeadlineSeconds?: number;
}

export type CheckoutState =
  'reserving' | 'creating_payment' | 'awaiting_payment' | 'fulfilling' | 'paid' | 'cancelled';

export interface CheckoutStatus {
  state: CheckoutState;
  orderId: string;
  paymentIntentId: string | null;
  /** What the browser needs to confirm the card payment with Stripe.js. */
  clientSecret: string | null;
  failureReason: string | null;
}

/** The webhook's message to a checkout: one Stripe event about its PaymentIntent. */
export interface StripePaymentEvent {
  eventId: string;
  type: 'payment_intent.succeeded' | 'payment_intent.payment_failed' | 'payment_intent.canceled';
  paymentIntentId: string;
}

/** Signal name and query name, as strings so the API need not import workflow code. */
export const checkoutSignals = { paymentEvent: 'paymentEvent' } as const;
export const checkoutQueries = { status: 'status' } as const;

/** How long a checkout waits for its payment when the caller does not say. */
export const defaultPaymentDeadlineSeconds = 30 * 60;

/** ApplicationFailure types the checkout's activities raise for business outcomes. */
export const checkoutFailureTypes = {
  outOfStock: 'OutOfStock',
  orderNotPayable: 'OrderNotPayable',
  workerMisconfigured: 'WorkerMisconfigured',
} as const;

// ---- File imports (`ingest-<importId>`) ----------------------------------
export * from './ingest-shared.ts';

// ---- Goal tracking (`goal-<goalId>`) and notifications --------------------
export * from './goal-contract.ts';

// ---- Refunds (`refund-<refundId>`) ---------------------------------------
export * from './refund-contract.ts';

// ---- Monthly organisation reports (`org-report-<orgId>`) -----------------
export * from './report-contract.ts';

// ---- Uploaded images (`image-<bucket>/<key>`) -----------------------------
export * from './image-contract.ts';

// ---- Invitation emails (`invitation-email-<invitationId>-<day>`) ---------
export * from './invitation-contract.ts';
