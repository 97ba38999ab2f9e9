import { defineConfig } from 'vitest/config';

// The global setup builds helm, kubeconform and kustomize once (minutes the
// first time, cached under ~/.cache/canopy afterwards); each test then shells
// out to them, which on a busy two-core machine takes a few seconds.
export default defineConfig({
  test: {
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
