import { defineConfig } from 'vitest/config';

// These tests talk to the real local stack (Keycloak, Temporal, Postgres…),
// whose first answers can be slow on a busy two-core machine.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
