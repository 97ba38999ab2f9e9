const BASE = 'http://canopy.invalid';

/**
 * Only same-origin paths: a crafted ?returnTo must not send a fresh session
 * to another site, nor break the redirect. Browsers drop tabs and newlines
 * from URLs and read `\` as `/`, so `/\t/evil.example` is `//evil.example`
 * to them: anything with control characters or backslashes goes to the
 * overview, and what is kept is the path as a URL parser resolved it.
 */
export function safeReturnTo(value: string | null | undefined): string {
  // eslint-disable-next-line no-control-regex
  if (!value || !value.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return '/';
  }
  if (url.origin !== BASE || url.pathname.startsWith('//')) return '/';
  return url.pathname + url.search + url.hash;
}
