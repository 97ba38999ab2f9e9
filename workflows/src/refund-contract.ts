// The refund workflow's names and types, shared with the API that starts it.

/** Workflow id of one refund: a refund row is carried out by exactly one workflow. */
export const refundWorkflowId = (refundId: string) => `refund-${refundId}`;
export const refundWorkflowType = 'refund';

export interface RefundInput {
  refundId: string;
}

export interface RefundResult {
  refundId: string;
  status: 'succeeded' | 'failed';
  stripeRefundId: string | null;
  /** The order's status once this refund settled (null when it failed). */
  orderStatus: string | null;
  /** Whether this refund put the order's goods back in stock. */
  restocked: boolean;
  failureReason: string | null;
}

/** ApplicationFailure types the refund's activities raise for business outcomes. */
export const refundFailureTypes = {
  refundNotFound: 'RefundNotFound',
  stripeRefused: 'StripeRefused',
} as const;
