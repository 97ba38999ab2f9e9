import { describe, expect, it } from 'vitest';
import { launchBrowser, signIn } from './browser.ts';
import { WEB_ORIGIN } from './stack-env.ts';

/**
 * Keycloak's access tokens last five minutes in the dev realm; the server
 * refreshes 30 s before expiry. Slow, so only with E2E_SLOW=1.
 */
describe.skipIf(!process.env.E2E_SLOW)('a session older than its access token', () => {
  it('keeps working after the first access token has expired', { timeout: 420_000 }, async () => {
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.contexts()[0]!.newPage();
      await signIn(page, WEB_ORIGIN, 'member');
      await new Promise((r) => setTimeout(r, 300_000));
      // A lost session would also end up on /carbon, by a silent trip through
      // Keycloak's SSO; only a refresh gets there without visiting Keycloak.
      const visited: string[] = [];
      page.on('request', (request) => {
        if (request.isNavigationRequest()) visited.push(request.url());
      });
      await page.goto(`${WEB_ORIGIN}/carbon`);
      expect(visited.filter((url) => !url.startsWith(WEB_ORIGIN))).toEqual([]);
      // Still signed in, and the API accepted the refreshed token.
      expect(new URL(page.url()).pathname).toBe('/carbon');
      await expect(page.locator('h1').textContent()).resolves.toBe('Carbon log');
    } finally {
      await close();
    }
  });
});
