import { checkWebhookUrl } from '@canopy/domain';
import { z } from 'zod';

export const ZNotification = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  data: z.record(z.string(), z.unknown()),
  createdAt: z.date(),
  readAt: z.date().nullable(),
  /** Email and webhook attempts; a permanent failure shows here rather than vanishing. */
  deliveries: z.array(
    z.object({
      channel: z.string(),
      status: z.string(),
      attempts: z.number(),
      lastError: z.string().nullable(),
    }),
  ),
});

export const ZPreferences = z.object({
  inApp: z.boolean(),
  email: z.boolean(),
  webhookUrl: z.string().nullable(),
  /** The secret itself is shown once, when rotated. */
  hasWebhookSecret: z.boolean(),
});

/**
 * Webhooks leave the platform: HTTPS to a named public host only (the whole
 * rule is `checkWebhookUrl`, which the worker applies again before delivery,
 * together with a check of every address the name resolves to).
 */
export const ZWebhookUrl = z
  .string({ error: 'webhookUrl must be an https:// URL' })
  .max(500, 'webhookUrl is at most 500 characters')
  .superRefine((url, ctx) => {
    const check = checkWebhookUrl(url);
    if (!check.ok) ctx.addIssue({ code: 'custom', message: `webhookUrl ${check.reason}` });
  });
