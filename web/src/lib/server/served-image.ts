/** The picture types the API stores (each re-encoded from a decoded upload), by extension. */
const pictureTypes = new Map([
  ['image/png', 'png'],
  ['image/jpeg', 'jpg'],
  ['image/webp', 'webp'],
]);

/**
 * The headers a picture relayed from the object store goes out with, or null
 * when the store's answer is no picture we serve: never HTML, SVG or
 * anything a browser could run, and never sniffed into one.
 */
export function servedImageHeaders(
  upstreamType: string | null,
  name: string,
  cacheControl: string,
): Record<string, string> | null {
  const type = (upstreamType ?? '').split(';')[0]!.trim().toLowerCase();
  const ext = pictureTypes.get(type);
  if (!ext) return null;
  return {
    'content-type': type,
    'content-disposition': `inline; filename="${name.replace(/[^A-Za-z0-9_-]/g, '_')}.${ext}"`,
    'cache-control': cacheControl,
    'x-content-type-options': 'nosniff',
    // A picture opened on its own gets no script, styles or frames of its own.
    'content-security-policy': "default-src 'none'; sandbox",
  };
}
