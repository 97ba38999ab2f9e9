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

/** Webhooks leave the platform: HTTPS only, and never to a bare IP or local name. */
export const ZWebhookUrl = z
  .url({ protocol: /^https$/, error: 'webhookUrl must be an https:// URL' })
  .max(500, 'webhookUrl is at most 500 characters')
  .refine((u) => {
    const host = new URL(u).hostname;
    return (
      host.includes('.') &&
      !/^[\d.]+$/.test(host) &&
      !host.startsWith('[') &&
      !host.endsWith('.local') &&
      host !== 'localhost'
    );
  }, 'webhookUrl must name a public host, not an IP address or local name');
