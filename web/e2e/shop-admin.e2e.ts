import { randomUUID } from 'node:crypto';
import { createCanopyClient, type CanopyClient } from '@canopy/client';
import { tokenFor } from '@canopy/devstack/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  beforeScripts,
  launchBrowser,
  screenshot,
  seriousAxeViolations,
  signIn,
} from './browser.ts';
import { solidPng } from './png.ts';
import { stackEnv, WEB_ORIGIN } from './stack-env.ts';
import { sendPaymentSucceeded } from './stripe-webhook.ts';

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('shop admin, as the demo shop admin', () => {
  const tag = randomUUID().slice(0, 8);
  const slug = `tote-${tag}`;
  const name = `Canvas tote ${tag}`;
  let admin: CanopyClient;
  let productId = '';
  let close: () => Promise<void>;
  let page: Page;

  beforeAll(async () => {
    admin = createCanopyClient({ url: stackEnv().API_URL, token: await tokenFor('shopadmin') });
    const launched = await launchBrowser();
    close = launched.close;
    page = await launched.browser.contexts()[0]!.newPage();
    await signIn(page, WEB_ORIGIN, 'shopadmin');
  });

  afterAll(async () => {
    await close?.();
    if (productId) await admin.shop.products.archive.mutate({ id: productId }).catch(() => {});
  });

  it('explains a price it cannot read beside the price field and creates nothing', async () => {
    await page.click('nav[aria-label="Main"] a:has-text("Shop admin")');
    await page.waitForURL(`${WEB_ORIGIN}/admin/shop`);
    await page.fill('#new-name', name);
    await page.fill('#new-slug', slug);
    await page.fill('#new-price', '£9');
    await page.click('button:has-text("Add product")');
    await page.locator('#new-price-error').waitFor();
    expect(await page.textContent('#new-price-error')).toContain('price must be an amount');
    expect(await page.inputValue('#new-name')).toBe(name);
    const all = await admin.shop.products.listAll.query({ limit: 100 });
    expect(all.items.some((p) => p.slug === slug)).toBe(false);
  });

  it("shows the API's words beside the address-name field", async () => {
    await page.fill('#new-price', '9.50');
    await page.fill('#new-slug', 'Not A Slug');
    await page.click('button:has-text("Add product")');
    await page.locator('#new-slug-error').waitFor();
    expect(await page.textContent('#new-slug-error')).toContain('slug must be');
  });

  it('creates a product with stock', async () => {
    await page.fill('#new-slug', slug);
    await page.fill('#new-description', 'Organic cotton, carries a week of shopping.');
    await page.fill('#new-stock', '12');
    await page.click('button:has-text("Add product")');
    await page.locator(`.status .ok:has-text("${name} is in the shop.")`).waitFor();
    const row = page.locator(`tr[data-product="${slug}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('£9.50');
    productId = (await admin.shop.products.bySlug.query({ slug })).id;
    // Ready for the next one: fields cleared, the currency kept.
    expect(await page.inputValue('#new-name')).toBe('');
    expect(await page.inputValue('#new-currency')).toBe('gbp');
    await screenshot(page, 'shop-admin');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('uploads its picture', async () => {
    await page.click(`tr[data-product="${slug}"] a:has-text("${name}")`);
    await page.waitForURL(`${WEB_ORIGIN}/admin/shop/products/${productId}`);
    await page.setInputFiles('#product-image', {
      name: 'tote.png',
      mimeType: 'image/png',
      buffer: solidPng(80, 60, [194, 109, 26]),
    });
    await page.click('button:has-text("Upload picture")');
    await page.locator('.status .ok:has-text("New picture saved.")').waitFor();
    const img = page.locator('#picture-heading ~ img');
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(80);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('edits the details, with a wrong price explained beside the price field', async () => {
    await page.fill('#edit-price', '9,50p');
    await page.click('button:has-text("Save changes")');
    await page.locator('#edit-price-error').waitFor();
    expect(await page.textContent('#edit-price-error')).toContain('price must be an amount');
    await page.fill('#edit-price', '11.00');
    await page.fill('#edit-description', 'Organic cotton, now with a pocket.');
    await page.click('button:has-text("Save changes")');
    await page.locator(`.status .ok:has-text("${name} saved.")`).waitFor();
    const saved = await admin.shop.products.bySlug.query({ slug });
    expect(saved.priceMinor).toBe(1100);
    expect(saved.description).toBe('Organic cotton, now with a pocket.');
  });

  it('refuses a file that is not a picture, beside the file field', async () => {
    await page.setInputFiles('#product-image', {
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('not a picture'),
    });
    await page.click('button:has-text("Upload picture")');
    await page.locator('#product-image-error').waitFor();
    expect(await page.textContent('#product-image-error')).toContain(
      'contentType must be image/png, image/jpeg or image/webp',
    );
  });

  it('shows the product with its picture in the catalogue', async () => {
    await page.goto(`${WEB_ORIGIN}/shop`);
    const card = page.locator(`li.product:has-text("${name}")`);
    await card.waitFor();
    await expect
      .poll(() => card.locator('img').evaluate((el) => (el as HTMLImageElement).naturalWidth))
      .toBe(80);
    expect(await card.textContent()).toContain('12 in stock');
    expect(await card.textContent()).toContain('£11.00');
  });

  it('shows the stored description at once, and keeps one typed before the page has finished loading', async () => {
    const description = '#edit-description';
    let served = '';
    await beforeScripts(
      page,
      `${WEB_ORIGIN}/admin/shop/products/${productId}`,
      description,
      async () => {
        served = await page.inputValue(description);
        await page.fill(description, 'Typed while the page was loading.');
      },
    );
    // The server sent the stored text, so the field was never empty.
    expect(served).toBe('Organic cotton, now with a pocket.');
    expect(await page.inputValue(description)).toBe('Typed while the page was loading.');
  });

  it('keeps a stock typed before the page has finished loading', async () => {
    const stock = `#stock-${productId}`;
    await beforeScripts(page, `${WEB_ORIGIN}/admin/shop`, stock, () => page.fill(stock, '-1'));
    expect(await page.inputValue(stock)).toBe('-1');
  });

  it('sets the stock, then archives the product and it leaves the catalogue', async () => {
    await page.goto(`${WEB_ORIGIN}/admin/shop`);
    const row = page.locator(`tr[data-product="${slug}"]`);
    await page.fill(`#stock-${productId}`, '-1');
    await row.locator('button:has-text("Set")').click();
    await page.locator(`#stock-${productId}-error`).waitFor();
    expect(await page.textContent(`#stock-${productId}-error`)).toContain(
      'stock cannot be negative',
    );
    await page.fill(`#stock-${productId}`, '3');
    await row.locator('button:has-text("Set")').click();
    await page.locator(`.status .ok:has-text("${name}: 3 in stock.")`).waitFor();
    await row.locator('button:has-text("Archive")').click();
    await row.locator('text=Archived').waitFor();
    await page.goto(`${WEB_ORIGIN}/shop`);
    await page.locator('h1').waitFor();
    expect(await page.locator(`li.product:has-text("${name}")`).count()).toBe(0);
  });

  it('fits a 390 px phone with products and orders listed: the tables scroll, not the page', async () => {
    const size = page.viewportSize();
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(`${WEB_ORIGIN}/admin/shop`);
      await page.locator(`tr[data-product="${slug}"]`).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        390,
      );
    } finally {
      if (size) await page.setViewportSize(size);
    }
  });
});

describe('refunds, as the demo shop admin', () => {
  const tag = randomUUID().slice(0, 8);
  let admin: CanopyClient;
  let productId = '';
  let orderId = '';
  let close: () => Promise<void>;
  let page: Page;

  beforeAll(async () => {
    const { API_URL } = stackEnv();
    admin = createCanopyClient({ url: API_URL, token: await tokenFor('shopadmin') });
    const member = createCanopyClient({ url: API_URL, token: await tokenFor('member') });
    productId = (
      await admin.shop.products.create.mutate({
        slug: `refill-${tag}`,
        name: `Soap refill ${tag}`,
        priceMinor: 800,
        currency: 'gbp',
        stock: 4,
      })
    ).id;
    for (const item of (await member.shop.cart.get.query()).items) {
      await member.shop.cart.remove.mutate({ productId: item.productId });
    }
    await member.shop.cart.add.mutate({ productId, quantity: 2 });
    orderId = (await member.shop.checkout.start.mutate()).orderId;
    const awaiting = await until('the payment intent', async () => {
      const s = await member.shop.checkout.status.query({ orderId });
      return s.paymentIntentId && s.state === 'awaiting_payment' ? s : undefined;
    });
    await sendPaymentSucceeded(awaiting.paymentIntentId!, orderId);
    await until('the order to be paid', async () => {
      const o = await member.shop.orders.get.query({ id: orderId });
      return o.status === 'paid' ? o : undefined;
    });
    const launched = await launchBrowser();
    close = launched.close;
    page = await launched.browser.contexts()[0]!.newPage();
    await signIn(page, WEB_ORIGIN, 'shopadmin');
  });

  afterAll(async () => {
    await close?.();
    if (productId) await admin.shop.products.archive.mutate({ id: productId }).catch(() => {});
  });

  it('finds the paid order among all orders and refunds part of it', async () => {
    await page.goto(`${WEB_ORIGIN}/admin/shop?status=paid`);
    await page.click(`tr[data-order-id="${orderId}"] a`);
    await page.waitForURL(`${WEB_ORIGIN}/admin/shop/orders/${orderId}`);
    page.on('dialog', (dialog) => void dialog.accept());
    await page.fill('#refund-amount', '99');
    await page.click('button:has-text("Refund")');
    await page.locator('#refund-amount-error').waitFor();
    expect(await page.textContent('#refund-amount-error')).toContain(
      'at most 1600 gbp minor units can still be refunded',
    );
    await page.fill('#refund-amount', '8.00');
    await page.fill('#refund-reason', 'one arrived broken');
    await page.click('button:has-text("Refund")');
    await page.locator('.status .ok:has-text("Refund of £8.00")').waitFor();
    const refund = page.locator('.refunds li:has-text("one arrived broken")');
    await refund.waitFor();
    // Stripe answers the refund workflow; the open page follows it to the end.
    await expect.poll(() => refund.textContent(), { timeout: 30_000 }).toContain('Refunded');
    await expect
      .poll(() => page.locator('p .badge').first().textContent(), { timeout: 30_000 })
      .toBe('Partly refunded');
    await screenshot(page, 'shop-admin-refund');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
