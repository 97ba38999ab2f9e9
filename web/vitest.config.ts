import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

// Unit tests beside the code: plain TypeScript, and components rendered with
// svelte/server (no DOM needed). The browser tests have their own config.
export default defineConfig({
  plugins: [svelte()],
  test: { include: ['src/**/*.test.ts'] },
});
