import { describe, expect, it } from 'vitest';
import { allowStripe } from './csp.ts';

describe('allowStripe', () => {
  it("adds Stripe's origins to the directives Stripe.js needs and keeps the rest", () => {
    const csp = allowStripe(
      "default-src 'self'; script-src 'self' 'nonce-abc'; connect-src 'self'; form-action 'self'",
    );
    expect(csp).toContain("script-src 'self' 'nonce-abc' https://js.stripe.com");
    expect(csp).toContain("connect-src 'self' https://api.stripe.com");
    expect(csp).toContain('frame-src https://js.stripe.com');
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("default-src 'self'");
  });
});
