/** The origins Stripe.js and its Elements iframes need (Stripe's published CSP guidance). */
const STRIPE = {
  'script-src': ['https://js.stripe.com', 'https://*.js.stripe.com'],
  'frame-src': ['https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com'],
  'connect-src': ['https://api.stripe.com'],
} as const;

/**
 * Adds Stripe's origins to a built policy, for the checkout page only and
 * only when a publishable key is configured: every other page keeps
 * script-src 'self'.
 */
export function allowStripe(csp: string): string {
  let out = csp;
  for (const [directive, origins] of Object.entries(STRIPE)) {
    const pattern = new RegExp(`(^|;\\s*)${directive} ([^;]*)`);
    out = pattern.test(out)
      ? out.replace(pattern, `$1${directive} $2 ${origins.join(' ')}`)
      : `${out.replace(/;\s*$/, '')}; ${directive} ${origins.join(' ')}`;
  }
  return out;
}
