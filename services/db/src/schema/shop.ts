import type { Generated } from 'kysely';
import type { DefaultTimestamp, ImageThumbnails, Json } from './core.ts';

export type ProductStatus = 'active' | 'archived';
export type OrderStatus =
  'pending' | 'awaiting_payment' | 'paid' | 'cancelled' | 'refunded' | 'partially_refunded';

export interface ProductTable {
  id: Generated<string>;
  slug: string;
  name: string;
  description: Generated<string>;
  /** Price in the currency's minor unit (pence, cents). */
  price_minor: number;
  /** ISO 4217, lower case as Stripe writes it. */
  currency: string;
  stock: Generated<number>;
  image_key: string | null;
  /** WebP thumbnails of the image by size in px; null until made. */
  image_thumbnails: Json<ImageThumbnails | null>;
  status: Generated<ProductStatus>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface CartItemTable {
  user_id: string;
  product_id: string;
  quantity: number;
  updated_at: DefaultTimestamp;
}

export interface OrderTable {
  id: Generated<string>;
  user_id: string;
  status: Generated<OrderStatus>;
  currency: string;
  total_minor: number;
  refunded_minor: Generated<number>;
  payment_intent_id: string | null;
  failure_reason: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  paid_at: Date | null;
}

export interface OrderItemTable {
  order_id: string;
  product_id: string;
  name: string;
  unit_price_minor: number;
  quantity: number;
}

export interface StockReservationTable {
  order_id: string;
  product_id: string;
  quantity: number;
  expires_at: Date;
  released_at: Date | null;
  committed_at: Date | null;
}

export interface RefundTable {
  id: Generated<string>;
  order_id: string;
  amount_minor: number;
  reason: string | null;
  status: Generated<'pending' | 'succeeded' | 'failed'>;
  stripe_refund_id: string | null;
  created_by: string;
  created_at: DefaultTimestamp;
  /** The client's key for one refund request: the same key again gets the same refund. */
  request_key: string | null;
  failure_reason: string | null;
  /** True once a full refund has put the order's goods back in stock. */
  restocked: Generated<boolean>;
  settled_at: Date | null;
}

export interface StripeEventTable {
  id: string;
  type: string;
  payload: Json<Record<string, unknown>>;
  received_at: DefaultTimestamp;
  processed_at: Date | null;
}
