export * from './shared.ts';
export * from './client.ts';
