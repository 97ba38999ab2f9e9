import { defineConfig } from 'vitest/config';

// Unit tests of plain TypeScript beside the code; the browser tests have their own config.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'] },
});
