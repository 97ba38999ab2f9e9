import { env } from './env.ts';
import { proxiedImageUrl } from './image-proxy.ts';

/** What a shop page needs of a product: plain data, its picture behind this server. */
export function productForPage(p: {
  id: string;
  slug: string;
  name: string;
  description: string;
  priceMinor: number;
  currency: string;
  stock: number;
  status: 'active' | 'archived';
  imageUrl: string | null;
}) {
  return {
    id: p.id,
    slug: p.slug,
    name: p.name,
    description: p.description,
    priceMinor: p.priceMinor,
    currency: p.currency,
    stock: p.stock,
    status: p.status,
    imageUrl: proxiedImageUrl(p.imageUrl, env.clientSecret),
  };
}

export type ProductForPage = ReturnType<typeof productForPage>;

export function imageForPage(url: string | null): string | null {
  return proxiedImageUrl(url, env.clientSecret);
}
