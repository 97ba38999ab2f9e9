import { demoUsers } from '@canopy/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller, Harness } from './harness.ts';
import { createHarness, objectStore } from './harness.ts';
import type { UploadForm } from './upload-forms.ts';
import { pngHeader, postUpload, realPng } from './upload-forms.ts';

const png = realPng(20, 20);

async function post(form: UploadForm, body: Buffer | string) {
  expect((await postUpload(form, body)).status).toBe(204);
}

describe('shop products', () => {
  let h: Harness;
  let admin: Caller;
  let member: Caller;
  let anonymous: Caller;

  const count = async (table: 'products' | 'audit_log') =>
    Number(
      (
        await h.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const audits = (action: string) =>
    h.db
      .selectFrom('audit_log')
      .select(['actor_id', 'action', 'target_id', 'details'])
      .where('action', '=', action)
      .execute();

  beforeAll(async () => {
    h = await createHarness();
    admin = await h.as('shopadmin');
    member = await h.as('member');
    anonymous = await h.as(null);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('lets a shop admin create a product, audited, and anyone see it', async () => {
    const created = await admin.shop.products.create({
      slug: 'bamboo-bottle',
      name: 'Bamboo bottle',
      description: 'Keeps tea hot',
      priceMinor: 1850,
      currency: 'gbp',
      stock: 12,
    });
    expect(created).toMatchObject({
      slug: 'bamboo-bottle',
      priceMinor: 1850,
      currency: 'gbp',
      stock: 12,
      status: 'active',
      imageUrl: null,
    });
    expect(await anonymous.shop.products.get({ id: created.id })).toMatchObject({
      name: 'Bamboo bottle',
    });
    const [audit] = await audits('shop.product.create');
    expect(audit).toMatchObject({
      actor_id: demoUsers.shopadmin.id,
      target_id: created.id,
    });
  });

  it('rejects bad products naming the field, storing nothing', async () => {
    const before = await count('products');
    const base = { slug: 'ok-slug', name: 'Fine', priceMinor: 100, currency: 'eur' };
    await expect(admin.shop.products.create({ ...base, currency: 'EUR' })).rejects.toThrow(
      /currency/,
    );
    await expect(admin.shop.products.create({ ...base, currency: 'zzz' })).rejects.toThrow(
      /currency is not an ISO 4217/,
    );
    await expect(admin.shop.products.create({ ...base, priceMinor: 12.5 })).rejects.toThrow(
      /priceMinor/,
    );
    await expect(admin.shop.products.create({ ...base, priceMinor: -1 })).rejects.toThrow(
      /priceMinor/,
    );
    await expect(admin.shop.products.create({ ...base, slug: 'Bad Slug!' })).rejects.toThrow(
      /slug/,
    );
    await expect(admin.shop.products.create({ ...base, name: '  ' })).rejects.toThrow(/name/);
    await expect(admin.shop.products.create({ ...base, stock: -3 })).rejects.toThrow(/stock/);
    await expect(
      admin.shop.products.create({ ...base, slug: 'bamboo-bottle' }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/slug/) });
    expect(await count('products')).toBe(before);
  });

  it('keeps admin procedures from members and anonymous callers', async () => {
    const before = await count('products');
    const input = { slug: 'sneaky', name: 'Sneaky', priceMinor: 1, currency: 'gbp' };
    await expect(member.shop.products.create(input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(anonymous.shop.products.create(input)).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    const [p] = (await anonymous.shop.products.list()).items;
    await expect(member.shop.products.setStock({ id: p!.id, stock: 0 })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(member.shop.products.archive({ id: p!.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(member.shop.products.listAll()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await count('products')).toBe(before);
    expect((await anonymous.shop.products.get({ id: p!.id })).stock).toBe(12);
  });

  it('updates, sets stock, archives out of the window and restores, each audited', async () => {
    const p = await admin.shop.products.create({
      slug: 'wool-socks',
      name: 'Wool socks',
      priceMinor: 900,
      currency: 'gbp',
    });
    const updated = await admin.shop.products.update({ id: p.id, priceMinor: 950, name: 'Socks' });
    expect(updated).toMatchObject({ priceMinor: 950, name: 'Socks', slug: 'wool-socks' });
    expect((await admin.shop.products.setStock({ id: p.id, stock: 40 })).stock).toBe(40);
    expect((await audits('shop.product.stock'))[0]?.details).toEqual({ from: 0, to: 40 });

    expect((await anonymous.shop.products.bySlug({ slug: 'wool-socks' })).id).toBe(p.id);
    await admin.shop.products.archive({ id: p.id });
    await expect(anonymous.shop.products.get({ id: p.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(anonymous.shop.products.bySlug({ slug: 'wool-socks' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await anonymous.shop.products.list()).items.map((i) => i.slug)).not.toContain(
      'wool-socks',
    );
    const archived = await admin.shop.products.listAll({ status: 'archived' });
    expect(archived.items.map((i) => i.slug)).toEqual(['wool-socks']);
    expect(await audits('shop.product.archive')).toHaveLength(1);

    await admin.shop.products.restore({ id: p.id });
    expect((await anonymous.shop.products.get({ id: p.id })).status).toBe('active');

    const missing = '00000000-0000-4000-8000-000000000000';
    await expect(admin.shop.products.update({ id: missing, name: 'x' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(admin.shop.products.setStock({ id: p.id, stock: 1.5 })).rejects.toThrow(/stock/);
    expect((await anonymous.shop.products.get({ id: p.id })).stock).toBe(40);
  });

  it('pages through active products with a cursor, no repeats or gaps', async () => {
    for (let i = 0; i < 5; i++) {
      await admin.shop.products.create({
        slug: `page-item-${i}`,
        name: `Page item ${i}`,
        priceMinor: 100 + i,
        currency: 'eur',
        stock: 1,
      });
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await anonymous.shop.products.list({ limit: 2, ...(cursor && { cursor }) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((p) => p.slug));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const all = (await anonymous.shop.products.list({ limit: 100 })).items.map((p) => p.slug);
    expect(seen).toEqual(all);
    expect(all).toEqual([...all].sort());
    expect(all).toContain('page-item-4');
    await expect(anonymous.shop.products.list({ limit: 0 })).rejects.toThrow(/limit/);
    await expect(anonymous.shop.products.get({ id: 'not-a-uuid' })).rejects.toThrow(/id/);
  });

  it('takes a product photo through an upload form, re-encoded as the type it decodes as', async () => {
    const p = await admin.shop.products.create({
      slug: 'photo-product',
      name: 'Photographed',
      priceMinor: 500,
      currency: 'gbp',
      stock: 2,
    });
    const form = await admin.shop.products.imageUploadUrl({
      productId: p.id,
      contentType: 'image/png',
      size: png.length,
    });
    expect(form.maxBytes).toBe(5 * 1024 * 1024);
    await post(form, png);
    const confirmed = await admin.shop.products.confirmImage({
      productId: p.id,
      uploadId: form.uploadId,
    });
    const key = `${p.id}/${form.uploadId}.png`;
    expect(confirmed.imageUrl).toContain(key);
    const publicView = await anonymous.shop.products.get({ id: p.id });
    const fetched = await fetch(publicView.imageUrl!);
    expect(fetched.headers.get('content-type')).toBe('image/png');
    expect(fetched.headers.get('content-disposition')).toBe(
      `inline; filename="${form.uploadId}.png"`,
    );
    expect(pngHeader(Buffer.from(await fetched.arrayBuffer()))).toEqual(pngHeader(png));
    expect(await objectStore.stat('products', `staging/${p.id}/${form.uploadId}`)).toBeNull();
    expect(await audits('shop.product.image')).toHaveLength(1);
  });

  it('refuses a non-image or foreign upload, deletes the file and keeps the old photo', async () => {
    const [p] = (await admin.shop.products.listAll({ limit: 100 })).items.filter(
      (i) => i.slug === 'photo-product',
    );
    const before = p!.imageUrl!.split('?')[0];
    const form = await admin.shop.products.imageUploadUrl({
      productId: p!.id,
      contentType: 'image/jpeg',
      size: 30,
    });
    await post(form, '<svg onload="alert(1)"></svg>');
    const { uploadId } = form;
    await expect(admin.shop.products.confirmImage({ productId: p!.id, uploadId })).rejects.toThrow(
      /not a PNG, JPEG or WebP/,
    );
    expect(await objectStore.stat('products', `staging/${p!.id}/${uploadId}`)).toBeNull();
    await expect(
      admin.shop.products.confirmImage({ productId: p!.id, uploadId }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: 'uploadId: already confirmed' });
    const other = (await anonymous.shop.products.list({ limit: 1 })).items[0]!;
    const another = await admin.shop.products.imageUploadUrl({
      productId: p!.id,
      contentType: 'image/png',
      size: 30,
    });
    await expect(
      admin.shop.products.confirmImage({ productId: other.id, uploadId: another.uploadId }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^uploadId/) });
    await expect(
      admin.shop.products.imageUploadUrl({ productId: p!.id, contentType: 'image/png', size: 6e6 }),
    ).rejects.toThrow(/size/);
    await expect(
      admin.shop.products.imageUploadUrl({
        productId: p!.id,
        contentType: 'image/gif' as never,
        size: 10,
      }),
    ).rejects.toThrow(/contentType/);
    const after = await anonymous.shop.products.get({ id: p!.id });
    expect(after.imageUrl!.split('?')[0]).toBe(before);
  });
});
