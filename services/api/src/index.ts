// The API server and routers arrive with the API issue; the foundation
// provides token verification and object storage.
export * from './auth/roles.ts';
export * from './auth/keycloak-verifier.ts';
export * from './storage/object-store.ts';
