import { error } from '@sveltejs/kit';
import { servedImageHeaders } from '#lib/server/served-image.ts';
import type { RequestHandler } from './$types';

/**
 * The member's avatar, fetched from the object store's presigned URL by this
 * server, so the bucket need not be public and img-src stays 'self'. The
 * page's ?v= changes with the picture, so the browser may keep it a while.
 */
export const GET: RequestHandler = async ({ locals }) => {
  const { avatarUrl } = await locals.api.me.get.query();
  if (!avatarUrl) error(404, 'No avatar yet');
  const upstream = await fetch(avatarUrl);
  if (!upstream.ok || !upstream.body) error(404, 'No avatar yet');
  // The API has the store answer with the type the picture was re-encoded as; nothing else is relayed.
  const headers = servedImageHeaders(
    upstream.headers.get('content-type'),
    'avatar',
    'private, max-age=3600',
  );
  if (!headers) {
    await upstream.body.cancel();
    error(404, 'No avatar yet');
  }
  return new Response(upstream.body, { headers });
};
