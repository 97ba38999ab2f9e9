import { describe, expect, it } from 'vitest';
import { proxiedImageUrl, verifiedImageSource } from './image-proxy.ts';

const PRESIGNED = 'http://127.0.0.1:9100/products/p1/a.png?X-Amz-Signature=abc';

describe('the product image proxy', () => {
  it('gives a presigned URL back only with the signature it made', () => {
    const link = proxiedImageUrl(PRESIGNED, 'secret-one');
    expect(link).toMatch(/^\/shop\/images\?src=/);
    const params = new URL(link!, 'http://x').searchParams;
    expect(verifiedImageSource(params, 'secret-one')).toBe(PRESIGNED);
  });

  it('refuses a URL someone made up, or one signed with another key', () => {
    const params = new URL(proxiedImageUrl(PRESIGNED, 'secret-one')!, 'http://x').searchParams;
    expect(verifiedImageSource(params, 'secret-two')).toBeNull();
    params.set('src', 'http://169.254.169.254/latest/meta-data');
    expect(verifiedImageSource(params, 'secret-one')).toBeNull();
    expect(verifiedImageSource(new URLSearchParams({ src: PRESIGNED }), 'secret-one')).toBeNull();
  });

  it('has nothing to proxy for a product without a picture', () => {
    expect(proxiedImageUrl(null, 'secret-one')).toBeNull();
  });
});
