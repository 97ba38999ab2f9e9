import { lookup } from 'node:dns/promises';
import { checkWebhookUrl, isPublicAddress } from '@canopy/domain';
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

/** How long saving waits for the name to resolve before leaving the check to the worker. */
const SAVE_LOOKUP_MS = 2_000;

/**
 * Whether the name resolves, right now, to an address that is not public:
 * true or false when it resolved in time, null when it did not (no DNS, a
 * name not yet published). Only a hint for the member: the worker resolves
 * and checks again at every delivery, and that check is the one that counts.
 */
export async function resolvesToNonPublic(
  hostname: string,
  resolve: (host: string) => Promise<{ address: string }[]> = (host) =>
    lookup(host, { all: true, verbatim: true }),
): Promise<boolean | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const addresses = await Promise.race([
      resolve(hostname),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('lookup timed out')), SAVE_LOOKUP_MS);
      }),
    ]);
    return addresses.length > 0 ? addresses.some((a) => !isPublicAddress(a.address)) : null;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Webhooks leave the platform: HTTPS to a named public host only (the whole
 * rule is `checkWebhookUrl`, which the worker applies again before delivery,
 * together with a check of every address the name resolves to). Where the
 * name already resolves to a private address, saving says so at once.
 */
export const ZWebhookUrl = z
  .string({ error: 'webhookUrl must be an https:// URL' })
  // An over-long URL stops here: no parse and no DNS lookup on the member's behalf.
  .max(500, { error: 'webhookUrl is at most 500 characters', abort: true })
  .superRefine(async (url, ctx) => {
    const check = checkWebhookUrl(url);
    if (!check.ok) {
      ctx.addIssue({ code: 'custom', message: `webhookUrl ${check.reason}` });
    } else if (await resolvesToNonPublic(check.url.hostname)) {
      ctx.addIssue({
        code: 'custom',
        message: `webhookUrl ${check.url.hostname} resolves to an address that is not public`,
      });
    }
  });
