// Saving a webhook URL asks DNS once, as a hint: a name that already points
// inside the network is refused at once, and one that does not resolve (yet)
// is left to the worker's check at delivery.
import { describe, expect, it } from 'vitest';
import { resolvesToNonPublic, ZWebhookUrl } from '../src/routers/notifications/schemas.ts';

const answers =
  (...addresses: string[]) =>
  () =>
    Promise.resolve(addresses.map((address) => ({ address })));

describe('the webhook URL check at save time', () => {
  it('says whether a name resolves to any address that is not public', async () => {
    expect(await resolvesToNonPublic('h', answers('93.184.216.34'))).toBe(false);
    expect(await resolvesToNonPublic('h', answers('93.184.216.34', '10.0.0.7'))).toBe(true);
    expect(await resolvesToNonPublic('h', answers('::ffff:127.0.0.1'))).toBe(true);
    expect(await resolvesToNonPublic('h', answers('169.254.169.254'))).toBe(true);
  });

  it('cannot tell when the name does not resolve, or not in time', async () => {
    expect(await resolvesToNonPublic('h', () => Promise.reject(new Error('ENOTFOUND')))).toBeNull();
    expect(await resolvesToNonPublic('h', answers())).toBeNull();
    expect(await resolvesToNonPublic('h', () => new Promise(() => {}))).toBeNull();
  });

  it('refuses a local name in the schema with the field named, before any lookup', async () => {
    const result = await ZWebhookUrl.safeParseAsync('https://printer.local./hook');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/^webhookUrl /);
  });

  it('refuses an over-long URL by its length alone, checking nothing else', async () => {
    // Checked further, this host would add a second issue (and a name a lookup).
    const result = await ZWebhookUrl.safeParseAsync(`https://printer.local/${'a'.repeat(500)}`);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      'webhookUrl is at most 500 characters',
    ]);
  });
});
