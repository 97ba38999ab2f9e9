/**
 * What a member is told about a webhook delivery that did not arrive: a
 * category, never the endpoint's error text or reply, so the channel cannot be
 * used to probe what the worker can reach.
 */
export const webhookFailures = {
  refusedUrl: 'refused: URL not allowed',
  nonPublicAddress: 'refused: non-public address',
  dns: 'DNS lookup failed',
  timedOut: 'timed out',
  connection: 'connection failed',
  redirect: 'redirect refused',
  /** The operator's egress proxy answered CONNECT with anything but 200. */
  proxyRefused: 'proxy refused',
  unknown: 'delivery failed',
} as const;

/** An endpoint's HTTP answer other than 2xx or 3xx. */
export const httpFailure = (status: number) => `HTTP ${status}`;

const known = new Set<string>(Object.values(webhookFailures));

/** A stored delivery error as a member may see it: a known category, or the generic one. */
export function webhookFailureCategory(error: string): string {
  if (known.has(error) || /^HTTP [1-5]\d\d$/.test(error)) return error;
  return webhookFailures.unknown;
}
