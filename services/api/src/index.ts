export * from './auth/roles.ts';
export * from './auth/keycloak-verifier.ts';
export * from './storage/object-store.ts';
export { appRouter, type AppRouter } from './routers/index.ts';
export { createApp, type AppDeps } from './server/app.ts';
export { parseApiEnv, type ApiEnv } from './env.ts';
