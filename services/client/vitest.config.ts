import { defineConfig } from 'vitest/config';

// These tests talk to a real API backed by the local stack.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
