import { error } from '@sveltejs/kit';
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
  const type = upstream.headers.get('content-type') ?? '';
  return new Response(upstream.body, {
    headers: {
      // Only the types the API accepted at upload; anything else is served as bytes.
      'content-type': /^image\/(png|jpeg|webp)$/.test(type) ? type : 'application/octet-stream',
      'cache-control': 'private, max-age=3600',
      'x-content-type-options': 'nosniff',
    },
  });
};
