import { describe, expect, it } from 'vitest';
import { servedImageHeaders } from './served-image.ts';

describe('servedImageHeaders', () => {
  it('serves a stored picture inline as its own type, never sniffed', () => {
    expect(servedImageHeaders('image/webp', 'avatar', 'private, max-age=60')).toMatchObject({
      'content-type': 'image/webp',
      'content-disposition': 'inline; filename="avatar.webp"',
      'x-content-type-options': 'nosniff',
    });
  });

  it('relays no HTML, SVG or unnamed bytes', () => {
    for (const type of ['text/html', 'image/svg+xml', 'application/octet-stream', null, '']) {
      expect(servedImageHeaders(type, 'avatar', 'no-store')).toBeNull();
    }
  });
});
