import { error } from '@sveltejs/kit';
import { env } from '#lib/server/env.ts';
import { verifiedImageSource } from '#lib/server/image-proxy.ts';
import { servedImageHeaders } from '#lib/server/served-image.ts';
import type { RequestHandler } from './$types';

/** A product picture, fetched from its presigned URL (see #lib/server/image-proxy.ts). */
export const GET: RequestHandler = async ({ url }) => {
  const src = verifiedImageSource(url.searchParams, env.clientSecret);
  if (!src) error(404, 'No such image.');
  const upstream = await fetch(src);
  // The API only stores re-encoded pictures, but a proxy never relays anything else.
  const headers = upstream.ok
    ? servedImageHeaders(upstream.headers.get('content-type'), 'product', 'private, max-age=3000')
    : null;
  if (!headers || !upstream.body) {
    await upstream.body?.cancel();
    error(404, 'No such image.');
  }
  return new Response(upstream.body, { headers });
};
