export { createCanopyClient, fieldErrors, TRPCClientError } from './create-client.ts';
export type { CanopyClient, CanopyClientOptions } from './create-client.ts';
export type { AppRouter } from '@canopy/api';
export type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
