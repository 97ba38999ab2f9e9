import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Product pictures live in the object store behind presigned URLs. The
 * browser fetches them through this server instead, so the Content Security
 * Policy keeps img-src 'self' and the store's address need not be public.
 * Only URLs this server was handed by the API are signed, so the route is no
 * open proxy. The key derives from the client secret: every replica agrees.
 */
function mac(url: string, secret: string): string {
  return createHmac('sha256', `canopy-image-proxy\0${secret}`).update(url).digest('base64url');
}

export function proxiedImageUrl(url: string | null, secret: string): string | null {
  if (!url) return null;
  return `/shop/images?src=${encodeURIComponent(url)}&sig=${mac(url, secret)}`;
}

/** The presigned URL a proxied link stands for, or null when the signature does not match. */
export function verifiedImageSource(params: URLSearchParams, secret: string): string | null {
  const src = params.get('src');
  const sig = params.get('sig');
  if (!src || !sig) return null;
  const expected = Buffer.from(mac(src, secret));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return /^https?:\/\//.test(src) ? src : null;
}
