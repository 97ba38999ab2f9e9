import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [
    sveltekit({
      adapter: adapter(),
      // SvelteKit 3 takes the public origin at build time. Without it the node server
      // derives it from the Host header and PROTOCOL_HEADER (https by default), so a
      // plain-http local build needs ORIGIN=http://127.0.0.1:5173 when building.
      ...(process.env.ORIGIN && { paths: { origin: process.env.ORIGIN } }),
      csp: {
        // Nonces for the scripts and styles SvelteKit inlines; nothing else may run.
        mode: 'auto',
        directives: {
          'default-src': ['self'],
          'script-src': ['self'],
          // Svelte transitions and LayerChart set inline style attributes.
          'style-src': ['self', 'unsafe-inline'],
          'style-src-attr': ['unsafe-inline'],
          'img-src': ['self', 'data:', 'blob:'],
          'font-src': ['self'],
          // The browser talks only to this server; the API and Keycloak are reached server-side.
          'connect-src': ['self'],
          'form-action': ['self'],
          'frame-ancestors': ['none'],
          'base-uri': ['self'],
          'object-src': ['none'],
        },
      },
    }),
  ],
});
