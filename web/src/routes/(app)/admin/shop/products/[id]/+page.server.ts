import type { CanopyClient } from '@canopy/client';
import { error, fail } from '@sveltejs/kit';
import { renamePriceErrors } from '#lib/admin/product-form.ts';
import { productInput } from '#lib/admin/product-form.ts';
import { requireRole } from '#lib/server/admin-guard.ts';
import { refuse } from '#lib/server/form-errors.ts';
import { postToStore } from '#lib/server/store-upload.ts';
import { productForPage } from '#lib/server/shop.ts';
import type { Actions, PageServerLoad } from './$types';

/** The API has no by-id lookup that includes archived products; a shop is small, so page through. */
async function findAnyProduct(api: CanopyClient, id: string) {
  let cursor: string | undefined;
  for (let i = 0; i < 20; i += 1) {
    const page = await api.shop.products.listAll.query({ limit: 100, ...(cursor && { cursor }) });
    const found = page.items.find((p) => p.id === id);
    if (found) return found;
    if (!page.nextCursor) return null;
    cursor = page.nextCursor;
  }
  return null;
}

export const load: PageServerLoad = async ({ locals, params }) => {
  await requireRole(locals.api, 'shop-admin');
  const product = await findAnyProduct(locals.api, params.id);
  if (!product) error(404, 'No such product.');
  return { product: productForPage(product) };
};

const IMAGE_ERRORS = (errors: Record<string, string[]>) => {
  const image = [
    ...(errors.image ?? []),
    ...(errors.contentType ?? []),
    ...(errors.size ?? []),
    ...(errors.uploadId ?? []),
    ...(errors.file ?? []),
  ];
  return { ...(errors.form && { form: errors.form }), ...(image.length > 0 && { image }) };
};

export const actions: Actions = {
  update: async ({ request, locals, params }) => {
    await requireRole(locals.api, 'shop-admin');
    const form = await request.formData();
    const parsed = productInput(form);
    if (!parsed.input) {
      return fail(400, {
        action: 'update',
        errors: parsed.errors,
        values: Object.fromEntries(
          [...form.entries()].filter((e): e is [string, string] => typeof e[1] === 'string'),
        ),
      });
    }
    const { stock: _ignored, ...changes } = parsed.input;
    try {
      const product = await locals.api.shop.products.update.mutate({ id: params.id, ...changes });
      return { updated: product.name };
    } catch (e) {
      return refuse(
        e,
        form,
        ['slug', 'name', 'description', 'priceMinor', 'currency'],
        { action: 'update' },
        renamePriceErrors,
      );
    }
  },
  /**
   * The picture goes through this server: it asks the API for an upload form,
   * posts the file through it and has the API decode, re-encode and attach it. The browser never needs
   * the object store's address (and the CSP's connect-src stays 'self').
   */
  image: async ({ request, locals, params }) => {
    await requireRole(locals.api, 'shop-admin');
    const form = await request.formData();
    const file = form.get('image');
    if (!(file instanceof File) || file.size === 0) {
      return fail(400, { action: 'image', errors: { image: ['choose a picture to upload'] } });
    }
    try {
      const upload = await locals.api.shop.products.imageUploadUrl.mutate({
        productId: params.id,
        contentType: file.type as 'image/png',
        size: file.size,
      });
      const posted = await postToStore(upload, file, file.name || 'picture');
      if (!posted.ok) throw new Error(`the object store refused the upload (${posted.status})`);
      await locals.api.shop.products.confirmImage.mutate({
        productId: params.id,
        uploadId: upload.uploadId,
      });
      return { imageSet: file.name };
    } catch (e) {
      return refuse(
        e,
        new FormData(),
        ['contentType', 'size', 'uploadId', 'file'],
        { action: 'image' },
        IMAGE_ERRORS,
      );
    }
  },
};
