// The shop's repositories, one file per table group under ./shop/.
export * from './shop/products.ts';
export * from './shop/cart.ts';
export * from './shop/orders.ts';
export * from './shop/refunds.ts';
export * from './shop/stripe-events.ts';
