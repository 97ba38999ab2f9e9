import { z } from 'zod';
import { ZThumbnails } from '../../storage/image-processing.ts';

// ISO 4217 codes as the runtime knows them; Stripe writes them lower case.
const isoCurrencies = new Set(Intl.supportedValuesOf('currency').map((c) => c.toLowerCase()));

export const ZCurrency = z
  .string({ error: 'currency must be a three-letter ISO 4217 code such as gbp' })
  .regex(/^[a-z]{3}$/, 'currency must be a lower-case three-letter ISO 4217 code such as gbp')
  .refine((c) => isoCurrencies.has(c), 'currency is not an ISO 4217 currency code');

/** Prices and refunds are integers in the currency's minor unit (pence, cents). */
export const ZMinorUnits = (field: string) =>
  z
    .number({ error: `${field} must be a number of minor units (e.g. pence)` })
    .int(`${field} must be a whole number of minor units (e.g. 1250 for £12.50)`)
    .min(0, `${field} cannot be negative`)
    .max(100_000_000, `${field} is at most 100000000 minor units`);

export const ZId = (field: string) => z.uuid({ error: `${field} must be a UUID` });

export const ZSlug = z
  .string({ error: 'slug must be a string' })
  .regex(
    /^[a-z0-9][a-z0-9-]{1,80}$/,
    'slug must be 2–81 lower-case letters, digits or dashes, starting with a letter or digit',
  );

export const ZStock = z
  .number({ error: 'stock must be a number' })
  .int('stock must be a whole number')
  .min(0, 'stock cannot be negative')
  .max(1_000_000, 'stock is at most 1000000');

export const ZLimit = z
  .number({ error: 'limit must be a number' })
  .int('limit must be a whole number')
  .min(1, 'limit must be at least 1')
  .max(100, 'limit is at most 100')
  .default(20);

export const ZProduct = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  priceMinor: z.number(),
  currency: z.string(),
  stock: z.number(),
  status: z.enum(['active', 'archived']),
  imageUrl: z.string().nullable(),
  /** WebP thumbnails of the image (64 and 256 px), once made. */
  thumbnails: ZThumbnails,
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Product = z.infer<typeof ZProduct>;

export const ZOrderStatus = z.enum(
  ['pending', 'awaiting_payment', 'paid', 'cancelled', 'refunded', 'partially_refunded'],
  { error: 'status must be an order status such as paid' },
);

export const ZOrder = z.object({
  id: z.string(),
  userId: z.string(),
  status: ZOrderStatus,
  currency: z.string(),
  totalMinor: z.number(),
  refundedMinor: z.number(),
  paymentIntentId: z.string().nullable(),
  failureReason: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  paidAt: z.date().nullable(),
  items: z.array(
    z.object({
      productId: z.string(),
      name: z.string(),
      unitPriceMinor: z.number(),
      quantity: z.number(),
    }),
  ),
});
export type Order = z.infer<typeof ZOrder>;

export const ZCartQuantity = z
  .number({ error: 'quantity must be a number' })
  .int('quantity must be a whole number')
  .min(1, 'quantity must be at least 1')
  .max(100, 'quantity is at most 100');
