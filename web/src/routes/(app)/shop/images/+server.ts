import { error } from '@sveltejs/kit';
import { env } from '#lib/server/env.ts';
import { verifiedImageSource } from '#lib/server/image-proxy.ts';
import type { RequestHandler } from './$types';

/** A product picture, fetched from its presigned URL (see #lib/server/image-proxy.ts). */
export const GET: RequestHandler = async ({ url }) => {
  const src = verifiedImageSource(url.searchParams, env.clientSecret);
  if (!src) error(404, 'No such image.');
  const upstream = await fetch(src);
  const type = upstream.headers.get('content-type') ?? '';
  // The API only accepts checked images, but a proxy never relays anything else.
  if (!upstream.ok || !upstream.body || !/^image\/(png|jpeg|webp|gif|avif)$/.test(type)) {
    error(404, 'No such image.');
  }
  return new Response(upstream.body, {
    headers: {
      'content-type': type,
      'cache-control': 'private, max-age=3000',
      'x-content-type-options': 'nosniff',
    },
  });
};
