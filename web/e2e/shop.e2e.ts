import { randomUUID } from 'node:crypto';
import { createCanopyClient, type CanopyClient } from '@canopy/client';
import { tokenFor } from '@canopy/devstack/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousAxeViolations, signIn } from './browser.ts';
import { solidPng } from './png.ts';
import { stackEnv, WEB_ORIGIN } from './stack-env.ts';
import { sendPaymentSucceeded } from './stripe-webhook.ts';

/**
 * A product made for this run (with a picture) bought by the demo member:
 * catalogue, product page, cart, checkout, Stripe's signed webhook, paid.
 */
describe('the shop, as the demo member', () => {
  const tag = randomUUID().slice(0, 8);
  const name = `Seed bomb ${tag}`;
  let admin: CanopyClient;
  let member: CanopyClient;
  let productId = '';
  let orderId = '';
  let close: () => Promise<void>;
  let page: Page;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    const { API_URL } = stackEnv();
    admin = createCanopyClient({ url: API_URL, token: await tokenFor('shopadmin') });
    member = createCanopyClient({ url: API_URL, token: await tokenFor('member') });
    const product = await admin.shop.products.create.mutate({
      slug: `seed-bomb-${tag}`,
      name,
      description: 'Wildflower seeds in clay: throw one at a bare verge.',
      priceMinor: 1250,
      currency: 'gbp',
      stock: 5,
    });
    productId = product.id;
    const png = solidPng(64, 48, [43, 110, 69]);
    const upload = await admin.shop.products.imageUploadUrl.mutate({
      productId,
      contentType: 'image/png',
      size: png.length,
    });
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
    form.append('file', new Blob([png], { type: 'image/png' }), 'seed-bomb.png');
    const posted = await fetch(upload.url, { method: 'POST', body: form });
    expect(posted.ok).toBe(true);
    await admin.shop.products.confirmImage.mutate({ productId, uploadId: upload.uploadId });
    // Checkout takes the whole cart: start from an empty one.
    for (const item of (await member.shop.cart.get.query()).items) {
      await member.shop.cart.remove.mutate({ productId: item.productId });
    }

    const launched = await launchBrowser();
    close = launched.close;
    page = await launched.browser.contexts()[0]!.newPage();
    page.on('console', (message) => {
      if (/Content[- ]Security[- ]Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await signIn(page, WEB_ORIGIN, 'member');
  });

  afterAll(async () => {
    await close?.();
    if (productId) await admin?.shop.products.archive.mutate({ id: productId }).catch(() => {});
  });

  it('shows the product in the catalogue with its picture', async () => {
    await page.goto(`${WEB_ORIGIN}/shop`);
    const card = page.locator(`li.product:has-text("${name}")`);
    await card.waitFor();
    expect(await card.textContent()).toContain('£12.50');
    const img = card.locator('img');
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(64);
    // Served by the dashboard itself, so img-src stays 'self'.
    expect(await img.getAttribute('src')).toMatch(/^\/shop\/images\?/);
    await screenshot(page, 'shop-catalogue');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('adds two from the product page', async () => {
    await page.click(`a:has-text("${name}")`);
    await page.waitForURL(`${WEB_ORIGIN}/shop/products/seed-bomb-${tag}`);
    expect(await page.locator('h1').textContent()).toBe(name);
    await page.fill(`#quantity-${productId}`, '2');
    await page.click('button:has-text("Add to cart")');
    await page.locator('.status .ok:has-text("In your cart: 2")').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('explains beside the quantity that there are not that many, and keeps the cart', async () => {
    await page.goto(`${WEB_ORIGIN}/shop/cart`);
    expect(await page.locator('[data-testid="cart-total"]').textContent()).toBe('£25.00');
    await page.fill(`#qty-${productId}`, '40');
    await page.click('button:has-text("Update")');
    const error = page.locator(`#qty-${productId}-error`);
    await error.waitFor();
    expect(await error.textContent()).toContain(`only 5 of ${name} in stock`);
    expect(await page.getAttribute(`#qty-${productId}`, 'aria-invalid')).toBe('true');
    expect((await member.shop.cart.get.query()).items[0]?.quantity).toBe(2);
    await screenshot(page, 'shop-cart');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('checks out and waits for the payment', async () => {
    await Promise.all([
      page.waitForURL(/\/shop\/orders\/[0-9a-f-]{36}$/),
      page.click('button:has-text("Check out")'),
    ]);
    orderId = page.url().split('/').at(-1)!;
    const status = page.locator('[data-testid="order-status"]');
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toBe('Waiting for payment');
    expect(await page.locator('tfoot').textContent()).toContain('£25.00');
    // Without a publishable key the order page's policy admits no Stripe origin either.
    const csp = (await page.request.get(page.url())).headers()['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('stripe');
    await screenshot(page, 'shop-checkout-awaiting');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it("shows the order paid once Stripe's signed webhook arrives, without a reload", async () => {
    const checkout = await member.shop.checkout.status.query({ orderId });
    expect(checkout.paymentIntentId).toMatch(/^pi_/);
    await sendPaymentSucceeded(checkout.paymentIntentId!, orderId);
    const status = page.locator('[data-testid="order-status"]');
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toBe('Paid');
    expect(await page.locator('[role="status"]').textContent()).toContain('receipt');
    await screenshot(page, 'shop-order-paid');
  });

  it('lists the paid order in the order history', async () => {
    await page.goto(`${WEB_ORIGIN}/shop/orders`);
    const row = page.locator(`tr[data-order-id="${orderId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain(`2 × ${name}`);
    expect(await row.textContent()).toContain('Paid');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it("does not show another member's order", async () => {
    const other = await page.request.get(`${WEB_ORIGIN}/shop/orders/${randomUUID()}`);
    expect(other.status()).toBe(404);
  });

  it('ran under the Content Security Policy without violations', () => {
    expect(cspViolations).toEqual([]);
  });
});
